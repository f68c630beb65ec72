/**
 * Read-only metadata reads of many tables of ONE catalog share one statement (DESIGN §5: metadata
 * statements batched per catalog, not per table). Pulumi runs many creates and updates at once in one
 * provider process; each asks for its own table, and the requests of a catalog are grouped:
 * - a request waits a few milliseconds for others to join (the window);
 * - at most one batch of a group is in flight: requests arriving meanwhile are sent together as soon as
 *   it returns. The busier the warehouse, the longer a statement takes and the larger the next batch,
 *   so the statement count falls as the load grows instead of following the table count.
 * A request never joins a batch already sent: every read happens after the request was made (callers
 * rely on that order, e.g. a baseline read after the write it describes).
 * Groups are per warehouse handle (the pool hands every caller the same handle per connection).
 */
import type { Warehouse } from "../warehouse/warehouse";

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
}

export class ReadBatcher<Req, Res> {
  readonly #groups = new WeakMap<Warehouse, Map<string, Group<Req, Res>>>();

  constructor(
    private readonly send: BatchSender<Req, Res>,
    private readonly opts: { windowMs: number; maxBatch: number },
  ) {}

  /** The answer to `request`, read with the other requests of `group` pending at the time. */
  read(wh: Warehouse, group: string, request: Req): Promise<Res> {
    let groups = this.#groups.get(wh);
    if (!groups) this.#groups.set(wh, (groups = new Map()));
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { queue: [], timer: false, inFlight: false }));
    const state = g;
    return new Promise<Res>((resolve, reject) => {
      state.queue.push({ request, resolve, reject });
      if (!state.inFlight && !state.timer) {
        state.timer = true;
        setTimeout(() => {
          state.timer = false;
          void this.#flush(wh, group, state);
        }, this.opts.windowMs);
      }
    });
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
    // Requests that arrived while the batch was in flight go together now.
    if (g.queue.length > 0) void this.#flush(wh, group, g);
  }
}
