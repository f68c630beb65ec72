/**
 * From a resolved connection to a ready Warehouse: the driver (Databricks or the embedded local
 * engine), pooled so the process holds one underlying connection per warehouse, wrapped with the
 * process-wide concurrency limit and transient-error retry. Handlers call this inside their methods.
 */
import { createHash } from "crypto";
import type { Row, Warehouse } from "./warehouse";
import {
  connectionIdentity,
  resolveWarehouseConnection,
  type ConfigGetter,
  type WarehouseConnection,
  type WarehouseConnectionArgs,
} from "./connectionConfig";
import { limitedWarehouse, sharedLimit } from "./concurrencyLimit";
import { retryingWarehouse, type ResendableCheck, type RetryHooks, type RetryPolicy } from "./retry";
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

const POOL_KEY = Symbol.for("pulumi-uc-clone.warehousePool");

function pool(): Map<string, Promise<Warehouse>> {
  const g = globalThis as { [POOL_KEY]?: Map<string, Promise<Warehouse>> };
  return (g[POOL_KEY] ??= new Map());
}

const WRAPPED_KEY = Symbol.for("pulumi-uc-clone.warehouseWrappers");

/** The retrying, limited wrapper handed out for each pooled connection opened with default options. */
type Wrapped = { driver: Promise<Warehouse>; wh: Warehouse; isResendable: ResendableCheck | undefined };

function wrapped(): Map<string, Wrapped> {
  const g = globalThis as { [WRAPPED_KEY]?: Map<string, Wrapped> };
  return (g[WRAPPED_KEY] ??= new Map());
}

/** Pool key: warehouse identity plus a one-way fingerprint of the credentials, so two principals never share a session. */
function poolKey(conn: WarehouseConnection): string {
  if (conn.kind === "local") return connectionIdentity(conn);
  const a = conn.auth;
  const secret = a.type === "pat" ? a.token.reveal() : `${a.type}\0${a.clientId}\0${a.clientSecret.reveal()}`;
  // Sessions carry the statement timeout, so connections that differ in it are not shared.
  const timeout = conn.statementTimeoutSeconds === undefined ? "" : `;timeout=${conn.statementTimeoutSeconds}`;
  return `${connectionIdentity(conn)}#${createHash("sha256").update(secret).digest("hex").slice(0, 16)}${timeout}`;
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

async function openDriver(conn: WarehouseConnection, opts: ConnectOptions): Promise<Warehouse> {
  if (conn.kind === "local") return (opts.openLocal ?? openLocalDefault)(conn.path);
  return new DatabricksWarehouse({
    host: conn.host,
    httpPath: conn.httpPath,
    auth: conn.auth,
    statementTimeoutSeconds: conn.statementTimeoutSeconds,
    createClient: opts.createDatabricksClient,
  });
}

/**
 * A Warehouse for `conn`: pooled driver (one per warehouse and principal per process), shared
 * concurrency limit (`conn.maxConcurrency`, the first caller's value wins), retry of transient errors.
 * `close()` on the returned object only detaches it; pooled connections close in closeAllWarehouses().
 */
export async function connectWarehouse(conn: WarehouseConnection, opts: ConnectOptions = {}): Promise<Warehouse> {
  const key = poolKey(conn);
  const p = pool();
  let driver = p.get(key);
  if (!driver) {
    driver = openDriver(conn, opts);
    p.set(key, driver);
    driver.catch(() => {
      if (p.get(key) === driver) p.delete(key);
    });
  }
  const inner = await driver;
  // With the default options every caller gets the SAME wrapper for one pooled connection, so
  // per-warehouse work keyed by the Warehouse object (provider/resources/table/lastAlteredBatch.ts)
  // is shared across the resources of a process instead of repeated per handler call.
  const defaults = opts.retry === undefined && opts.retryHooks === undefined;
  const cached = defaults ? wrapped().get(key) : undefined;
  if (cached?.driver === driver && cached.isResendable === opts.isResendable) return cached.wh;
  const shared: Warehouse = { execute: (sql: string): Promise<Row[]> => inner.execute(sql), close: async () => undefined };
  const limited = limitedWarehouse(shared, sharedLimit(connectionIdentity(conn), conn.maxConcurrency));
  const wh = retryingWarehouse(limited, opts.retry, opts.retryHooks, opts.isResendable);
  if (defaults && p.get(key) === driver) wrapped().set(key, { driver, wh, isResendable: opts.isResendable });
  return wh;
}

/** Resolves the connection (args → stack config → env, see connectionConfig) and connects. */
export async function openWarehouse(
  args: WarehouseConnectionArgs | undefined,
  config: ConfigGetter,
  env: Readonly<Record<string, string | undefined>> = process.env,
  opts: ConnectOptions = {},
): Promise<Warehouse> {
  return connectWarehouse(resolveWarehouseConnection(args, config, env), opts);
}

/** Closes every pooled connection of this process (end of a test file, process shutdown). */
export async function closeAllWarehouses(): Promise<void> {
  const p = pool();
  const all = [...p.values()];
  p.clear();
  wrapped().clear();
  await Promise.all(all.map((w) => w.then((x) => x.close()).catch(() => undefined)));
}
