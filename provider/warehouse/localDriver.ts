/**
 * The library's driver for the embedded engine (provider/warehouse/local, an optional package): an
 * engine session presented as a Warehouse whose failures are WarehouseErrors, as the Databricks
 * driver does for `@databricks/sql`. The engine is loaded on the first open, never at import, so a
 * Databricks-only deployment never loads DuckDB.
 */
import { WarehouseError, type Row, type Warehouse } from "./warehouse";
import type { EngineError, LocalWarehouse, LocalWarehouseOptions } from "pulumi-uc-clone-local-warehouse";

type Engine = typeof import("pulumi-uc-clone-local-warehouse");

/** The engine's package: an optional peer dependency, so installing the library alone pulls no DuckDB. */
const ENGINE_PACKAGE = "pulumi-uc-clone-local-warehouse";

/** Whether `err` says that the engine package itself (not something it requires) cannot be found. */
function isEngineMissing(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const missing = e?.code === "MODULE_NOT_FOUND" || e?.code === "ERR_MODULE_NOT_FOUND";
  return missing && typeof e?.message === "string" && e.message.includes(`'${ENGINE_PACKAGE}'`);
}

async function loadEngine(dir: string): Promise<Engine> {
  // By package name. Compiled (and under ts-node with module commonjs) this import() is a require of
  // the package's built main; with ts-node's default `module: nodenext` a native import of that CommonJS
  // build; under vitest the engine's sources (vitest.config.ts alias), the copy tests import.
  try {
    return await import("pulumi-uc-clone-local-warehouse");
  } catch (err) {
    if (!isEngineMissing(err)) throw err;
    throw new Error(
      `The local warehouse (the default backend, at ${dir}) needs the package ${ENGINE_PACKAGE}, which is not ` +
        `installed. Install it beside pulumi-uc-clone: \`npm install ${ENGINE_PACKAGE}\`. Or use a Databricks ` +
        "workspace: `pulumi config set catalog-clone:warehouse databricks`, with databricks:host, a token or OAuth " +
        "credentials and catalog-clone:warehouseId (see the README).",
    );
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
  const engine = await loadEngine(dir);
  return new LocalDriver(await engine.LocalWarehouse.open(dir, options));
}
