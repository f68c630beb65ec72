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
 * True when `err` says the statement may not even have finished (WarehouseError.mayStillBeRunning: left
 * running when polling gave up, or it failed mid-flight). What the destination holds then cannot tell
 * "did not run" from "has not run yet", so the write is never re-sent (two CLONEs into one table) and
 * nothing is written after it: the caller fails with outcomeUnknown.
 */
export function mayStillBeRunning(err: unknown): err is WarehouseError {
  return err instanceof WarehouseError && err.mayStillBeRunning;
}

/** Error class of outcomeUnknown: callers must neither re-send nor undo (the statement may still commit). */
export const OUTCOME_UNKNOWN = "CATALOG_CLONE_OUTCOME_UNKNOWN";

/**
 * The failure reported for a write that may still be running (mayStillBeRunning): nothing was re-sent;
 * `what` names the object and statement. Not transient (no layer retries it), still may-have-run.
 */
export function outcomeUnknown(what: string, err: WarehouseError): WarehouseError {
  return new WarehouseError({
    errorClass: OUTCOME_UNKNOWN,
    message:
      `[CATALOG_CLONE_OUTCOME_UNKNOWN] ${what}: outcome unknown: the statement may still be running on the warehouse; ` +
      "re-run `pulumi up` later (or the `pulumi destroy` that failed): it finds what the statement did and finishes from there. " +
      "Nothing was sent again. " +
      `Cause: ${err.message.split("\n")[0]}`,
    transient: false,
    mayHaveRun: true,
    mayStillBeRunning: true,
  });
}

/** The first words of a statement, for messages (statement text holds names, never credentials). */
function statementHead(sql: string): string {
  const oneLine = sql.replace(/\s+/g, " ").trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine;
}

/**
 * Runs `sql`, a write the caller vouches is idempotent, sending it again (with backoff) after failures
 * that may have run. Other failures are rethrown as they come (the retry layer already retried the
 * transient ones that certainly did not run). One that may still be running is not re-sent: applied
 * twice it is harmless, but applied late (after the caller's next statements, say a DROP running after
 * the CLONE that followed it) it is not; it fails with outcomeUnknown.
 */
export async function executeIdempotent(wh: Warehouse, sql: string): Promise<Row[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await wh.execute(sql);
    } catch (err) {
      if (mayStillBeRunning(err)) throw outcomeUnknown(`\`${statementHead(sql)}\``, err);
      if (!mayHaveRun(err) || attempt >= RESEND_ATTEMPTS) throw err;
      await pauseBeforeResend(attempt);
    }
  }
}
