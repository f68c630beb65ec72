/**
 * A per-warehouse concurrency limit shared by every handler in the process (DESIGN §5): one dynamic-
 * provider plugin process serves all resources of a deployment, so the limits, keyed by warehouse
 * identity, belong to the process's warehouse pool (warehousePool.ts, held by the process runtime).
 */
import type { Row, Warehouse } from "./warehouse";
import { statementRank } from "./statementPriority";
import { RateLimiter, type RateClock } from "./rateLimit";

/**
 * A counting semaphore whose free slot goes to the waiter of lowest rank (ties: arrival order). Ranks
 * default to statementRank() (statementPriority.ts): the statements of the job that started first.
 */
export class Semaphore {
  #active = 0;
  #arrivals = 0;
  readonly #waiters: { rank: number; seq: number; wake: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A concurrency limit must be a positive integer, got ${limit}.`);
  }

  /** Slots in use. */
  get active(): number {
    return this.#active;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Waits for a slot; resolves to the function that releases it (call it exactly once). */
  async acquire(rank: number = statementRank()): Promise<() => void> {
    if (this.#active < this.limit && this.#waiters.length === 0) {
      this.#active++;
    } else {
      // The releaser hands its slot straight to the chosen waiter, so #active stays counted.
      await new Promise<void>((wake) => this.#waiters.push({ rank, seq: this.#arrivals++, wake }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#takeFirst();
      if (next) next.wake();
      else this.#active--;
    };
  }

  /** Removes and returns the waiter of lowest (rank, arrival); a linear scan: waiters are a few thousand at most. */
  #takeFirst(): { wake: () => void } | undefined {
    if (this.#waiters.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.#waiters.length; i++) {
      const w = this.#waiters[i];
      const b = this.#waiters[best];
      if (w.rank < b.rank || (w.rank === b.rank && w.seq < b.seq)) best = i;
    }
    return this.#waiters.splice(best, 1)[0];
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>, rank?: number): Promise<T> {
    const release = await this.acquire(rank);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** One semaphore (and at most one rate limiter) per warehouse identity (see connectionIdentity). */
export class WarehouseLimits {
  readonly #byIdentity = new Map<string, Semaphore>();
  readonly #rates = new Map<string, RateLimiter>();

  /** `clock`: the rate limiters' time source (tests pass a fake one). */
  constructor(private readonly clock?: RateClock) {}

  /**
   * The request rate limiter of `identity`, or undefined without a limit. As with `of`, the first caller
   * that sets a rate decides it for the process.
   */
  rateOf(identity: string, perSecond: number | undefined): RateLimiter | undefined {
    let rate = this.#rates.get(identity);
    if (!rate && perSecond !== undefined) {
      rate = new RateLimiter(perSecond, this.clock);
      this.#rates.set(identity, rate);
    }
    return rate;
  }

  /** The semaphore of `identity`. The first caller's `limit` wins; later callers share it whatever limit they ask for. */
  of(identity: string, limit: number): Semaphore {
    let sem = this.#byIdentity.get(identity);
    if (!sem) {
      sem = new Semaphore(limit);
      this.#byIdentity.set(identity, sem);
    }
    return sem;
  }
}

/**
 * A Warehouse whose statements each hold a slot of `limit` while they run and, with `rate`, wait in the
 * slot for their turn of the warehouse's request rate limit before they are sent. The turn is taken at
 * the point of sending, below the retry layer (retry.ts wraps this), so every attempt, first or retry,
 * is spaced by the limit however the backoff and the slot waits fall.
 */
export function limitedWarehouse(inner: Warehouse, limit: Semaphore, rate?: RateLimiter): Warehouse {
  return {
    execute: (sql: string): Promise<Row[]> =>
      limit.run(async () => {
        if (rate) await rate.take();
        return inner.execute(sql);
      }),
    close: () => inner.close(),
  };
}
