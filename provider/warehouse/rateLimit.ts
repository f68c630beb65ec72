/**
 * A warehouse's request rate limit (`maxRequestsPerSecond`): statements are sent at least 1/rate seconds
 * apart across every handler of the process (one limiter per warehouse, held with its concurrency limit
 * in the pool). The turn is taken at the point of sending (concurrencyLimit.ts limitedWarehouse), under
 * the retry layer (retry.ts), so a retry waits for its backoff and then for its turn: a burst of retries
 * after a throttling error is spread out instead of hitting the warehouse at once. No burst allowance:
 * a shared warehouse whose admins ask for N requests per second gets no more than N in any second.
 */
import { z } from "zod";

/** Requests per second: a positive, finite number (fractions allowed: 0.5 = one statement every 2 s). */
export const maxRequestsPerSecondSchema = z
  .number({ error: "maxRequestsPerSecond must be a number of statements per second, e.g. 5." })
  .positive({ error: "maxRequestsPerSecond must be greater than 0 (leave it unset for no rate limit)." })
  .max(10_000, { error: "maxRequestsPerSecond must be at most 10000 (leave it unset for no rate limit)." });

/** Time source of a limiter (tests pass a fake clock). */
export interface RateClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const realClock: RateClock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export class RateLimiter {
  readonly #intervalMs: number;
  /** The earliest time the next turn may start. */
  #next = Number.NEGATIVE_INFINITY;

  constructor(
    readonly perSecond: number,
    private readonly clock: RateClock = realClock,
  ) {
    maxRequestsPerSecondSchema.parse(perSecond);
    this.#intervalMs = 1000 / perSecond;
  }

  /** Waits for this caller's turn. Turns are handed out in call order, each `1/perSecond` s after the previous. */
  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#intervalMs;
    if (at > now) await this.clock.sleep(at - now);
  }
}
