/**
 * The embedded Unity Catalog + Delta warehouse (DESIGN §6): a SQL session over a workspace directory.
 * One directory = one workspace with its own metastore id; an account directory holds several
 * workspaces as subdirectories. Multi-process safe; see testHooks.ts for the test hooks and
 * statementLog.ts for the statement log.
 */
import * as path from "path";
import type { Row } from "./row";
import { EngineError } from "./errors/engineError";
import { errors } from "./errors/coreErrors";
import { LocalEngine, type LocalEngineOptions } from "./localEngine";
import { DuckEngine } from "./duck/duckEngine";
import { TestHooks, resolveHooks, type LocalWarehouseHooks, type ScriptedFault } from "./testHooks/testHooks";
import { appendStatementLog } from "./testHooks/statementLog";
import { cleanStaleTemps } from "./metastore/atomicFile";
import { sweepInterruptedWrites } from "./metastore/interruptedWrites";
import type { EngineContext } from "./engineContext";

export { readStatementLog, clearStatementLog, type StatementLogEntry } from "./testHooks/statementLog";
export { resetFaultCounters, type LocalWarehouseHooks, type FaultRule } from "./testHooks/testHooks";

export interface LocalWarehouseOptions extends LocalEngineOptions {
  /** Test hooks; merged over UC_LOCAL_LATENCY_MS / UC_LOCAL_LATENCY_MS_PER_MB / UC_LOCAL_SLOTS / UC_LOCAL_FAULTS. */
  hooks?: LocalWarehouseHooks;
  /** Append every statement to `<dir>/statements.log` (default true; UC_LOCAL_STATEMENT_LOG=0 disables). */
  statementLog?: boolean;
}

/**
 * One session of the engine: `execute` runs one statement and returns its rows, or fails with an
 * EngineError. Shaped like the library's Warehouse; the library reaches it through its local driver
 * (provider/warehouse/localDriver.ts), which translates the errors.
 */
export class LocalWarehouse {
  private closed = false;

  private constructor(
    private readonly engine: LocalEngine,
    private readonly hooks: TestHooks,
    private readonly logStatements: boolean,
  ) {}

  /** Opens (creating if missing) the workspace directory `dir`. */
  static async open(dir: string, options: LocalWarehouseOptions = {}): Promise<LocalWarehouse> {
    const root = path.resolve(dir);
    const engine = await LocalEngine.open(root, options);
    cleanStaleTemps(root);
    // what statements killed mid-write left in table folders (interruptedWrites.ts)
    sweepInterruptedWrites(root, engine.readMeta());
    const hooks = new TestHooks(root, resolveHooks(options.hooks));
    const log = options.statementLog ?? process.env.UC_LOCAL_STATEMENT_LOG !== "0";
    return new LocalWarehouse(engine, hooks, log);
  }

  /**
   * Keep up to `n` DuckDB instances of closed sessions warm for the next opens in this process (default
   * 0), for tests that open hundreds of short sessions; a reused instance holds nothing of the earlier
   * session (DuckEngine.keepWarm). Call with 0 to close the kept ones.
   */
  static keepWarm(n: number): void {
    DuckEngine.keepWarm(n);
  }

  /** Opens workspace `workspace` of the account directory `accountDir` (`<account>/<workspace>/`). */
  static openInAccount(accountDir: string, workspace: string, options: LocalWarehouseOptions = {}): Promise<LocalWarehouse> {
    return LocalWarehouse.open(path.join(accountDir, workspace), options);
  }

  /** The workspace directory. */
  get dir(): string {
    return this.engine.root;
  }

  /** This workspace's metastore id (`current_metastore()`). */
  get metastoreId(): string {
    return this.engine.metastoreId;
  }

  /** The engine context of this session (for in-process inspection by tests and tools). */
  get context(): EngineContext {
    return this.engine;
  }

  async execute(sql: string): Promise<Row[]> {
    if (this.closed) throw new Error("This LocalWarehouse is closed.");
    const started = Date.now();
    let errorClass: string | null = null;
    const release = await this.hooks.acquireSlot();
    try {
      const fault = this.hooks.hooks.faults.length ? await this.hooks.faultFor(sql) : undefined;
      if (fault?.phase === "before") await this.strike(fault, sql);
      const r = await this.engine.execute(sql);
      await this.hooks.latency(r.copiedBytes);
      if (fault?.phase === "after") await this.strike(fault, sql);
      return r.rows;
    } catch (e) {
      errorClass = e instanceof EngineError ? e.errorClass : "INTERNAL_ERROR";
      if (!(e instanceof EngineError)) {
        throw errors.internal(e instanceof Error ? e.message : String(e));
      }
      throw e;
    } finally {
      release();
      if (this.logStatements) {
        try {
          appendStatementLog(this.engine.root, { time: new Date(started).toISOString(), pid: process.pid, statement: sql, ms: Date.now() - started, errorClass });
        } catch {
          /* the log is diagnostic; never fail a statement for it */
        }
      }
    }
  }

  /** A scripted fault: this process killed, the interleaved statement of another session, or the error. */
  private async strike(fault: ScriptedFault, sql: string): Promise<void> {
    if (fault.crash) {
      appendStatementLog(this.engine.root, { time: new Date().toISOString(), pid: process.pid, statement: sql, ms: 0, errorClass: "PROCESS_KILLED" });
      process.kill(process.pid, "SIGKILL");
      await new Promise<never>(() => undefined); // the signal lands before anything else runs
    }
    if (fault.interleave === undefined) throw TestHooks.errorFor(fault, sql);
    await this.engine.execute(fault.interleave);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.engine.close();
  }
}
