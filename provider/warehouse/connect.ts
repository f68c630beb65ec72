/**
 * From a resolved connection to an open driver: Databricks (@databricks/sql) or the embedded local
 * engine. WarehousePool (warehousePool.ts) pools what this opens and wraps it with the per-warehouse
 * concurrency limit and transient-error retry.
 */
import type { Warehouse } from "./warehouse";
import type { WarehouseConnection } from "./connectionConfig";
import type { ResendableCheck, RetryHooks, RetryPolicy } from "./retry";
// Static: this module only wraps the driver, which it `require`s lazily itself; a runtime require of a
// .ts path here would fail under test runners that transform imports only.
import { DatabricksWarehouse, type DriverClient } from "./databricks/databricksWarehouse";

export interface ConnectOptions {
  retry?: Partial<RetryPolicy>;
  retryHooks?: RetryHooks;
  /** Opens the local engine at a directory. Default: `LocalWarehouse.open(path)` from ./local. */
  openLocal?: (path: string) => Promise<Warehouse>;
  /** Databricks client factory (tests). */
  createDatabricksClient?: () => DriverClient;
  /**
   * Which statements may be re-sent after a failure that may have run (retry.ts). This layer does not
   * read SQL text; callers pass provider/sql's isReadOnlyStatement. Default: none.
   */
  isResendable?: ResendableCheck;
}

async function openLocalDefault(path: string): Promise<Warehouse> {
  // Lazy: the engine loads DuckDB, which a Databricks-only deployment never needs. A CommonJS require,
  // not `await import()`: when ts-node runs this source with the Pulumi CLI's default `module: nodenext`
  // (no tsconfig in the program folder), import() stays a native ESM import that cannot load .ts files.
  let engine: typeof import("./local/localWarehouse");
  try {
    engine = require("./local/localWarehouse") as typeof import("./local/localWarehouse");
  } catch (err) {
    // Test runners that transform import() but not require() (vitest) cannot require a .ts path.
    if ((err as { code?: unknown } | null)?.code !== "MODULE_NOT_FOUND") throw err;
    engine = await import("./local/localWarehouse");
  }
  return engine.LocalWarehouse.open(path);
}

/** Opens the driver of `conn`: one underlying connection (WarehousePool pools it). */
export async function openDriver(conn: WarehouseConnection, opts: ConnectOptions): Promise<Warehouse> {
  if (conn.kind === "local") return (opts.openLocal ?? openLocalDefault)(conn.path);
  return new DatabricksWarehouse({
    host: conn.host,
    httpPath: conn.httpPath,
    auth: conn.auth,
    statementTimeoutSeconds: conn.statementTimeoutSeconds,
    createClient: opts.createDatabricksClient,
  });
}
