/**
 * When a batched read (readBatcher.ts) waits for the table updates running beside it, so that the
 * updates of one deployment share their reads although the engine starts them at different times
 * (issue 13: a 3-table drift costs ≤ 4 + 2·3 statements).
 *
 * Pulumi plans resources one after another (check, then diff, per registration) and starts each update
 * as soon as its own diff returns, so on a 200-table stack the updates of three drifted tables start
 * seconds apart and a 15 ms window never groups their reads. Only table updates hold a batch (creates and
 * refreshes batch as before, by the window alone), and only while there is something to wait for:
 * - planning still runs (a table's check, diff, create or update call came in the last `quietMs`): more
 *   updates may come; at most `planHoldMs` after the batch's first request;
 * - otherwise, an update of this process is busy (running a statement such as its CLONE, not waiting on a
 *   batched read): its read is likely next; at most `busyHoldMs` after the batch's first request, so a
 *   long DEEP clone never keeps the others waiting longer than that.
 * Waiting never changes what is read, only when: every read still happens after the request was made
 * (readBatcher.ts), which is the order the baseline reads rely on (lifecycle.ts cloneBaseline).
 * In the engine's worker pool a held update keeps its slot; when every slot is held, planning stops
 * (the harness plans inside the slots) or goes on without them (the engine), and the hold ends either way.
 */
import { AsyncLocalStorage } from "async_hooks";

export interface ReadHoldOptions {
  quietMs: number;
  planHoldMs: number;
  busyHoldMs: number;
}

/**
 * Planning is taken as over after 2 s without a table call: at 2,000 tables the last registrations come
 * up to ~1.6 s after the ones before them (measured, e2e bench), and a 0.5 s quiet split a 3-table drift
 * into two batches (12 statements instead of 9) in 4 runs of 6. Planning ends by itself (the engine plans
 * a finite program), so its cap is only a safety net, wide enough for the planning of 2,000 tables (the
 * early updates start their writes once it is over, as a plan-then-apply tool would); a busy update is
 * waited for 2 s at most.
 */
export const DEFAULT_READ_HOLD: ReadHoldOptions = { quietMs: 2_000, planHoldMs: 180_000, busyHoldMs: 2_000 };

export class ReadHold {
  /** Table updates in progress in this process. */
  #running = 0;
  /** Batched reads those updates are waiting on (an update waits on one at a time). */
  #parked = 0;
  /** When the last table call (check, diff, create, update) came in; 0: none yet. */
  #lastCall = 0;
  readonly #inUpdate = new AsyncLocalStorage<true>();

  constructor(private readonly opts: ReadHoldOptions = DEFAULT_READ_HOLD) {}

  /** A table call came in: planning is still going on. */
  touch(now = Date.now()): void {
    this.#lastCall = now;
  }

  /** Runs one table update; its batched reads count as parked while they wait. */
  async update<T>(run: () => Promise<T>): Promise<T> {
    this.touch();
    this.#running++;
    try {
      return await this.#inUpdate.run(true, run);
    } finally {
      this.#running--;
    }
  }

  /** `answer` is a batched read's: an update waiting on it is parked until it settles. */
  parked<T>(answer: Promise<T>): Promise<T> {
    if (!this.#inUpdate.getStore()) return answer;
    this.#parked++;
    const settle = () => {
      this.#parked--;
    };
    answer.then(settle, settle);
    return answer;
  }

  /** Should a batch whose first request came at `since` wait for more requests? */
  holds(since: number, now = Date.now()): boolean {
    if (this.#running === 0) return false;
    const waited = now - since;
    if (now - this.#lastCall < this.opts.quietMs) return waited < this.opts.planHoldMs;
    return this.#parked < this.#running && waited < this.opts.busyHoldMs;
  }
}
