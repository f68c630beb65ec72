/**
 * Jittered exponential backoff for transient warehouse errors (throttling, cold warehouses, expired
 * sessions, Delta write races: WarehouseError.transient). Permanent errors (missing tables, permissions,
 * syntax) and non-warehouse errors are rethrown at once. Attempts and total time are both bounded so a
 * deployment fails in minutes rather than hanging, and the jitter keeps parallel handlers from retrying
 * in lock-step (the 429 storms of reference §8.6).
 *
 * Re-send rule: a failure whose statement may already have run on the server (WarehouseError.mayHaveRun:
 * the connection broke after the request went out, or the answer was lost) is re-sent only when the
 * caller says the statement is safe to repeat (read-only: SELECT / DESCRIBE / SHOW, decided by
 * provider/sql). A write that may have run is handed back to the caller unchanged, class and all: it
 * knows whether and how its work can be recognised and finished (DESIGN §4.9), we do not.
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

/**
 * True for errors a retry can fix: transient WarehouseErrors, and of those that may have run only when
 * `resendable` (the statement is safe to run twice).
 */
export function isRetryable(err: unknown, resendable = false): err is WarehouseError {
  return err instanceof WarehouseError && err.transient && (!err.mayHaveRun || resendable);
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

/**
 * Runs `fn` (given the 1-based attempt number), retrying transient WarehouseErrors per `policy`.
 * `resendable`: `fn` may be repeated even after a failure that may have run (see the re-send rule above).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: Partial<RetryPolicy> = {},
  hooks: RetryHooks = {},
  resendable: boolean | (() => boolean) = false,
): Promise<T> {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policy };
  const sleep = hooks.sleep ?? realSleep;
  const now = hooks.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      // Asked only when it matters, so statements that succeed are never inspected.
      const mayResend = err instanceof WarehouseError && err.mayHaveRun && (typeof resendable === "function" ? resendable() : resendable);
      if (!isRetryable(err, mayResend) || attempt >= p.maxAttempts) throw err;
      const delayMs = backoffDelay(attempt, p, hooks.random);
      if (now() + delayMs - started > p.maxTotalMs) throw err;
      hooks.onRetry?.({ error: err, attempt, delayMs });
      await sleep(delayMs);
    }
  }
}

/** Says whether a statement is safe to send twice (read-only). Supplied by the layer that knows SQL text. */
export type ResendableCheck = (sql: string) => boolean;

/**
 * A Warehouse whose `execute` retries transient errors. `isResendable` decides which statements may be
 * re-sent after a may-have-run failure; by default none is.
 */
export function retryingWarehouse(
  inner: Warehouse,
  policy: Partial<RetryPolicy> = {},
  hooks: RetryHooks = {},
  isResendable: ResendableCheck = () => false,
): Warehouse {
  return {
    execute: (sql: string): Promise<Row[]> => withRetry(() => inner.execute(sql), policy, hooks, () => isResendable(sql)),
    close: () => inner.close(),
  };
}
