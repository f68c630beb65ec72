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
import { openLocalDriver } from "./localDriver";

export interface ConnectOptions {
  retry?: Partial<RetryPolicy>;
  retryHooks?: RetryHooks;
  /** Opens the local engine at a directory. Default: the local driver (localDriver.ts). */
  openLocal?: (path: string) => Promise<Warehouse>;
  /** Databricks client factory (tests). */
  createDatabricksClient?: () => DriverClient;
  /**
   * Which statements may be re-sent after a failure that may have run (retry.ts). This layer does not
   * read SQL text; callers pass provider/sql's isReadOnlyStatement. Default: none.
   */
  isResendable?: ResendableCheck;
}

function openLocalDefault(path: string): Promise<Warehouse> {
  // The local driver loads the engine lazily: DuckDB is never loaded for a Databricks-only deployment.
  return openLocalDriver(path);
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
