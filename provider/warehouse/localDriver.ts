/**
 * The library's driver for the embedded engine (provider/warehouse/local, an optional package): an
 * engine session presented as a Warehouse whose failures are WarehouseErrors, as the Databricks
 * driver does for `@databricks/sql`. The engine is loaded on the first open, never at import, so a
 * Databricks-only deployment never loads DuckDB.
 */
import { WarehouseError, type Row, type Warehouse } from "./warehouse";
import type { EngineError, LocalWarehouse, LocalWarehouseOptions } from "./local";

type Engine = typeof import("./local");

async function loadEngine(): Promise<Engine> {
  // A CommonJS require, not `await import()`: when ts-node runs this source with the Pulumi CLI's
  // default `module: nodenext` (no tsconfig in the program folder), import() stays a native ESM import
  // that cannot load .ts files.
  try {
    return require("./local") as Engine;
  } catch (err) {
    // Test runners that transform import() but not require() (vitest) cannot require a .ts path.
    if ((err as { code?: unknown } | null)?.code !== "MODULE_NOT_FOUND") throw err;
    return import("./local");
  }
}

/**
 * True for the engine's EngineError. By shape, not `instanceof`: the check must not load the engine,
 * and an installation may hold more than one copy of the engine package.
 */
function isEngineError(e: unknown): e is EngineError {
  return e instanceof Error && e.name === "EngineError" && typeof (e as Partial<EngineError>).errorClass === "string";
}

/**
 * The engine's error as the library's: same class, SQLSTATE, message and failure flags. Transient as a
 * fault hook declared it, else by class like any driver's error. Anything else passes through.
 */
export function fromEngineError(e: unknown): unknown {
  if (!isEngineError(e)) return e;
  return new WarehouseError({
    errorClass: e.errorClass,
    message: e.message,
    sqlState: e.sqlState,
    transient: e.transient,
    mayHaveRun: e.mayHaveRun,
    mayStillBeRunning: e.mayStillBeRunning,
  });
}

/** A Warehouse over one engine session. */
export class LocalDriver implements Warehouse {
  constructor(
    /** The engine session (its statement log, hooks and context stay reachable for tests and tools). */
    readonly engine: LocalWarehouse,
  ) {}

  async execute(sql: string): Promise<Row[]> {
    try {
      return await this.engine.execute(sql);
    } catch (e) {
      throw fromEngineError(e);
    }
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Opens (creating if missing) the engine's workspace directory `dir` as a Warehouse. */
export async function openLocalDriver(dir: string, options?: LocalWarehouseOptions): Promise<LocalDriver> {
  const engine = await loadEngine();
  return new LocalDriver(await engine.LocalWarehouse.open(dir, options));
}
