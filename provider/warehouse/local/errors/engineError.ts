/**
 * The error every statement of the engine fails with: the facts Databricks reports for a failed
 * statement, printed as Databricks prints it (`[ERROR_CLASS] text SQLSTATE: xxxxx`). The library's
 * local driver (provider/warehouse/localDriver.ts) turns it into the library's WarehouseError.
 */
export class EngineError extends Error {
  /** The bracketed class, with `.SUBCLASS` when present (`TABLE_OR_VIEW_NOT_FOUND`, `DELTA_CONCURRENT_APPEND`). */
  readonly errorClass: string;
  readonly sqlState: string | undefined;
  /**
   * Set only when a fault hook says whether a retry may succeed; otherwise undefined, and whoever
   * reads the error classifies it by its class (as a driver of a real warehouse does).
   */
  readonly transient: boolean | undefined;
  /** The statement may have taken effect although the caller sees a failure (a fault hook simulating a lost answer). */
  readonly mayHaveRun: boolean;
  /** The statement may still be running, or start, after the caller saw the failure (implies mayHaveRun). */
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
    this.name = "EngineError";
    this.errorClass = args.errorClass;
    this.sqlState = args.sqlState;
    this.transient = args.transient;
    this.mayStillBeRunning = args.mayStillBeRunning ?? false;
    this.mayHaveRun = (args.mayHaveRun ?? false) || this.mayStillBeRunning;
  }

  /** A message the way Databricks prints it. */
  static format(errorClass: string, text: string, sqlState: string): string {
    return `[${errorClass}] ${text} SQLSTATE: ${sqlState}`;
  }
}
