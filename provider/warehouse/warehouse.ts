/**
 * The one seam between the provider and a SQL warehouse. Every driver (Databricks over
 * `@databricks/sql`, the embedded local engine) implements it; handlers depend on nothing else.
 */

/** A result row, keyed by column name in the order the warehouse returned the columns. */
export type Row = Record<string, unknown>;

/**
 * Value conventions every driver follows so handlers see the same shapes everywhere:
 * integers (INT, BIGINT) as JS `number` (BIGINT beyond 2^53 as `string`), DECIMAL/DOUBLE as `number`,
 * TIMESTAMP as `Date`, DATE as `YYYY-MM-DD` string, BOOLEAN as `boolean`, MAP as a plain object,
 * ARRAY as an array, STRUCT as a plain object, NULL as `null`.
 */
export interface Warehouse {
  /** Runs one SQL statement and returns all its rows (an empty array for DDL). */
  execute(sql: string): Promise<Row[]>;
  /** Releases connections/sessions. The warehouse must not be used afterwards. */
  close(): Promise<void>;
}

/** Error classes on which a retry can succeed: throttling, cold warehouses, expired sessions, Delta write races. */
const TRANSIENT_CLASSES: readonly RegExp[] = [
  /^TEMPORARILY_UNAVAILABLE$/,
  /^RESOURCE_EXHAUSTED$/,
  /^DELTA_CONCURRENT_/,
  /^DELTA_METADATA_CHANGED$/,
  /^DELTA_PROTOCOL_CHANGED$/,
  /^INVALID_SESSION_HANDLE$/,
  /^SESSION_EXPIRED$/,
  /^HTTP_(429|502|503|504)$/,
  // Connection dropped or refused. Whether a retry may RE-SEND the statement is a separate question:
  // see WarehouseError.mayHaveRun (a reset after the request went out leaves the outcome unknown).
  /^NETWORK_ERROR$/,
  // The driver's own retries of an idempotent call (status polling, metadata) ran out under throttling.
  /^DRIVER_RETRIES_EXHAUSTED$/,
];

export function isTransientErrorClass(errorClass: string): boolean {
  return TRANSIENT_CLASSES.some((re) => re.test(errorClass));
}

/**
 * A failed statement, as Databricks reports it: `[ERROR_CLASS] message SQLSTATE: xxxxx`.
 * `errorClass` is the bracketed class (with `.SUBCLASS` when present), `transient` says whether a
 * retry may succeed. The message never contains credentials.
 *
 * `mayHaveRun` separates two kinds of failure that need different handling:
 * - false: the statement did not take effect: it was never sent (connection refused, throttled at the
 *   door, session gone), or the warehouse reported it failed (a failed statement commits nothing);
 * - true: it was sent and then the answer was lost (connection reset mid-request, status polling given
 *   up, results unreadable after it finished): it may have run, completely, on the server.
 * Re-sending a may-have-run write could apply it twice, so retry.ts re-sends those only for read-only
 * statements; the caller (a handler) still sees the error class and decides.
 *
 * `mayStillBeRunning` (implies mayHaveRun) says more: the statement may not have finished yet. It was in
 * flight when the failure hit (polling gave up and left it running, the session broke while waiting, the
 * connection reset right after submitting), so it may still complete, or start, AFTER the caller saw this
 * error. Looking at the destination cannot tell "did not run" from "has not run yet": a write must not be
 * re-sent (two concurrent CLONEs into one table), nor followed by writes its late completion would undo.
 */
export class WarehouseError extends Error {
  readonly errorClass: string;
  readonly sqlState: string | undefined;
  readonly transient: boolean;
  readonly mayHaveRun: boolean;
  readonly mayStillBeRunning: boolean;

  constructor(args: {
    errorClass: string;
    message: string;
    sqlState?: string;
    transient?: boolean;
    mayHaveRun?: boolean;
    mayStillBeRunning?: boolean;
  }) {
    super(args.message);
    this.name = "WarehouseError";
    this.errorClass = args.errorClass;
    this.sqlState = args.sqlState;
    this.transient = args.transient ?? isTransientErrorClass(args.errorClass);
    this.mayStillBeRunning = args.mayStillBeRunning ?? false;
    this.mayHaveRun = (args.mayHaveRun ?? false) || this.mayStillBeRunning;
  }

  /** Builds the error from Databricks' printed form; classes it cannot find become `UNKNOWN`. */
  static fromMessage(message: string, fallback?: { sqlState?: string; errorClass?: string }): WarehouseError {
    const cls = /^\s*\[([A-Z0-9_.]+)\]/.exec(message)?.[1] ?? fallback?.errorClass ?? "UNKNOWN";
    const state = /SQLSTATE:\s*([0-9A-Z]{5})/.exec(message)?.[1] ?? fallback?.sqlState;
    return new WarehouseError({ errorClass: cls, message, sqlState: state });
  }

  /** Formats a message the way Databricks prints it. */
  static format(errorClass: string, text: string, sqlState: string): string {
    return `[${errorClass}] ${text} SQLSTATE: ${sqlState}`;
  }
}

/** True when `err` is a WarehouseError of `errorClass` (or of one of its subclasses, `CLASS.SUB`). */
export function hasErrorClass(err: unknown, ...errorClasses: string[]): err is WarehouseError {
  return (
    err instanceof WarehouseError &&
    errorClasses.some((c) => err.errorClass === c || err.errorClass.startsWith(`${c}.`))
  );
}

/**
 * Error classes that mean "this object does not exist", in every spelling a warehouse uses (Spark's
 * `*_NOT_FOUND`, Unity Catalog's `NO_SUCH_*_EXCEPTION`, Delta's). The ONE list every caller uses before
 * concluding absence, so no caller misses a spelling; anything else (permissions, throttling, a dropped
 * connection) is never taken for absence.
 */
export const CATALOG_NOT_FOUND_CLASSES: readonly string[] = ["NO_SUCH_CATALOG_EXCEPTION", "CATALOG_NOT_FOUND"];
export const SCHEMA_NOT_FOUND_CLASSES: readonly string[] = ["SCHEMA_NOT_FOUND", "NO_SUCH_SCHEMA_EXCEPTION"];
export const TABLE_NOT_FOUND_CLASSES: readonly string[] = ["TABLE_OR_VIEW_NOT_FOUND", "DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE"];

/** The catalog named in the failed statement does not exist. */
export function isCatalogNotFound(err: unknown): err is WarehouseError {
  return hasErrorClass(err, ...CATALOG_NOT_FOUND_CLASSES);
}

/**
 * The object the statement names does not exist, because it, its schema or its catalog is missing: a
 * missing container is as certain an absence as a missing table (e.g. the destination catalog was
 * dropped out of band).
 */
export function isObjectNotFound(err: unknown): err is WarehouseError {
  return hasErrorClass(err, ...TABLE_NOT_FOUND_CLASSES, ...SCHEMA_NOT_FOUND_CLASSES, ...CATALOG_NOT_FOUND_CLASSES);
}
