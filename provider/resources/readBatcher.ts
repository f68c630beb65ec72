/**
 * Read-only metadata reads of many tables of ONE catalog share one statement (DESIGN §5: metadata
 * statements batched per catalog, not per table). Pulumi runs many creates and updates at once in one
 * provider process; each asks for its own table, and the requests of a catalog are grouped:
 * - a request waits a few milliseconds for others to join (the window);
 * - at most one batch of a group is in flight: requests arriving meanwhile are sent together as soon as
 *   it returns. The busier the warehouse, the longer a statement takes and the larger the next batch,
 *   so the statement count falls as the load grows instead of following the table count.
 * - with a hold (readHold.ts), a batch due to go waits while table updates running beside it may still
 *   add to it (their requests would otherwise go one by one, seconds apart).
 * A request never joins a batch already sent: every read happens after the request was made (callers
 * rely on that order, e.g. a baseline read after the write it describes).
 * Groups are per warehouse handle (the pool hands every caller the same handle per connection).
 */
import type { Warehouse } from "../warehouse/warehouse";
import type { ReadHold } from "./readHold";

/** Sends one statement for `requests` (all of one group) and answers each, in order. */
export type BatchSender<Req, Res> = (wh: Warehouse, group: string, requests: Req[]) => Promise<Res[]>;

interface Waiter<Req, Res> {
  request: Req;
  resolve: (v: Res) => void;
  reject: (e: unknown) => void;
}

interface Group<Req, Res> {
  queue: Waiter<Req, Res>[];
  timer: boolean;
  inFlight: boolean;
  /** When the oldest request of the queue came in (what a hold is measured from). */
  since: number;
}

export class ReadBatcher<Req, Res> {
  readonly #groups = new WeakMap<Warehouse, Map<string, Group<Req, Res>>>();

  constructor(
    private readonly send: BatchSender<Req, Res>,
    private readonly opts: { windowMs: number; maxBatch: number; hold?: ReadHold },
  ) {}

  /** The answer to `request`, read with the other requests of `group` pending at the time. */
  read(wh: Warehouse, group: string, request: Req): Promise<Res> {
    let groups = this.#groups.get(wh);
    if (!groups) this.#groups.set(wh, (groups = new Map()));
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { queue: [], timer: false, inFlight: false, since: 0 }));
    const state = g;
    const answer = new Promise<Res>((resolve, reject) => {
      if (state.queue.length === 0) state.since = Date.now(); // spliced empty when its batch was sent
      state.queue.push({ request, resolve, reject });
      if (!state.inFlight) this.#schedule(wh, group, state);
    });
    return this.opts.hold ? this.opts.hold.parked(answer) : answer;
  }

  /** Sends the group's queue after the window, and after the hold if there is one. */
  #schedule(wh: Warehouse, group: string, g: Group<Req, Res>): void {
    if (g.timer) return;
    g.timer = true;
    setTimeout(() => {
      g.timer = false;
      if (this.opts.hold?.holds(g.since)) this.#schedule(wh, group, g);
      else void this.#flush(wh, group, g);
    }, this.opts.windowMs);
  }

  async #flush(wh: Warehouse, group: string, g: Group<Req, Res>): Promise<void> {
    if (g.inFlight || g.queue.length === 0) return;
    const batch = g.queue.splice(0, this.opts.maxBatch);
    g.inFlight = true;
    try {
      const answers = await this.send(wh, group, batch.map((w) => w.request));
      batch.forEach((w, i) => w.resolve(answers[i]));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      g.inFlight = false;
    }
    // Requests that arrived while the batch was in flight go together now (or once the hold ends).
    if (g.queue.length > 0) {
      if (this.opts.hold?.holds(g.since)) this.#schedule(wh, group, g);
      else void this.#flush(wh, group, g);
    }
  }
}
