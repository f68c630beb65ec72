/**
 * Re-sending writes whose answer was lost (DESIGN §4.9). The retry layer never re-sends a write that
 * may have run (provider/warehouse/retry.ts): it cannot know whether running it twice is harmless. A
 * handler can, per statement:
 * - idempotent writes (SET/UNSET TAGS, COMMENT ON, SET DBPROPERTIES, DROP … IF EXISTS, RESTORE to a
 *   fixed version) have the same effect when applied twice, so executeIdempotent simply sends them again;
 * - creating writes (CREATE CATALOG/SCHEMA, CREATE TABLE … CLONE) are not: the handler looks at what the
 *   destination holds and recognises its own work by the marker the statement carried (catalog, schema
 *   and table lifecycles).
 */
import { backoffDelay, DEFAULT_RETRY_POLICY } from "../warehouse/retry";
import { WarehouseError, type Row, type Warehouse } from "../warehouse/warehouse";

/** Sends of one write, the first included, when its answer is lost: as many as the retry layer's attempts. */
export const RESEND_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;

/** The retry layer's jittered backoff before re-send number `attempt` (1 for the first re-send). */
export function pauseBeforeResend(attempt: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, backoffDelay(attempt, DEFAULT_RETRY_POLICY)));
}

/** True when `err` says the statement may have taken effect although it failed (a lost response). */
export function mayHaveRun(err: unknown): err is WarehouseError {
  return err instanceof WarehouseError && err.mayHaveRun;
}

/**
 * Runs `sql`, a write the caller vouches is idempotent, sending it again (with backoff) after failures
 * that may have run. Other failures are rethrown as they come (the retry layer already retried the
 * transient ones that certainly did not run).
 */
export async function executeIdempotent(wh: Warehouse, sql: string): Promise<Row[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await wh.execute(sql);
    } catch (err) {
      if (!mayHaveRun(err) || attempt >= RESEND_ATTEMPTS) throw err;
      await pauseBeforeResend(attempt);
    }
  }
}
