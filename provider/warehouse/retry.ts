/**
 * Jittered exponential backoff for transient warehouse errors (throttling, cold warehouses, expired
 * sessions, Delta write races: WarehouseError.transient). Permanent errors (missing tables, permissions,
 * syntax) and non-warehouse errors are rethrown at once. Attempts and total time are both bounded so a
 * deployment fails in minutes rather than hanging, and the jitter keeps parallel handlers from retrying
 * in lock-step (the 429 storms of reference §8.6).
 */
import { WarehouseError, type Row, type Warehouse } from "./warehouse";

export interface RetryPolicy {
  /** Total attempts including the first. Default 6. */
  maxAttempts: number;
  /** Delay cap of the first retry, doubled on each further retry. Default 500 ms. */
  baseDelayMs: number;
  /** Upper bound of a single delay. Default 30 s. */
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt began. Default 5 min. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalMs: 300_000,
};

/** Injectable time and randomness (tests use fakes; production uses timers and Math.random). */
export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called before each wait, e.g. to log `retrying after TEMPORARILY_UNAVAILABLE (attempt 2/6)`. */
  onRetry?: (info: { error: WarehouseError; attempt: number; delayMs: number }) => void;
}

/** True for errors a retry can fix: transient WarehouseErrors only. */
export function isRetryable(err: unknown): err is WarehouseError {
  return err instanceof WarehouseError && err.transient;
}

/**
 * Delay before retry number `retry` (1 for the first retry): "equal jitter", half fixed and half random
 * within the exponential cap, so delays grow but never collapse to zero.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` (given the 1-based attempt number), retrying transient WarehouseErrors per `policy`. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: Partial<RetryPolicy> = {},
  hooks: RetryHooks = {},
): Promise<T> {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policy };
  const sleep = hooks.sleep ?? realSleep;
  const now = hooks.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetryable(err) || attempt >= p.maxAttempts) throw err;
      const delayMs = backoffDelay(attempt, p, hooks.random);
      if (now() + delayMs - started > p.maxTotalMs) throw err;
      hooks.onRetry?.({ error: err, attempt, delayMs });
      await sleep(delayMs);
    }
  }
}

/** A Warehouse whose `execute` retries transient errors. */
export function retryingWarehouse(inner: Warehouse, policy: Partial<RetryPolicy> = {}, hooks: RetryHooks = {}): Warehouse {
  return {
    execute: (sql: string): Promise<Row[]> => withRetry(() => inner.execute(sql), policy, hooks),
    close: () => inner.close(),
  };
}
