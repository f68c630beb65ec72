/**
 * Warehouse over a Databricks SQL warehouse through `@databricks/sql` (Thrift). One client and one
 * session per instance, opened on first use and reopened when the server drops the session.
 * Statements run concurrently on that one session, each as its own operation (GUESS: the Thrift
 * server accepts parallel operations per session, as the driver's API allows; the shared
 * concurrency limit bounds how many). The
 * driver is `require`d inside methods, never at module top level: Pulumi serializes provider closures
 * and must not meet sockets or native handles (reference §6.4).
 */
import type { Row, Warehouse } from "../warehouse";
import { WarehouseError } from "../warehouse";
import type { DatabricksAuth } from "../connectionConfig";
import { redactSecrets, type Secret } from "../secret";
import { toWarehouseError } from "./driverErrors";
import { columnTypes, normalizeRow } from "./rowValues";

/** The slice of the driver's operation API used here. */
export interface DriverOperation {
  fetchAll(): Promise<object[]>;
  getSchema?(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** The slice of the driver's session API used here. */
export interface DriverSession {
  executeStatement(sql: string, options?: Record<string, unknown>): Promise<DriverOperation>;
  close(): Promise<unknown>;
}

/** The slice of the driver's DBSQLClient API used here. */
export interface DriverClient {
  connect(options: Record<string, unknown>): Promise<unknown>;
  openSession(options?: Record<string, unknown>): Promise<DriverSession>;
  close(): Promise<unknown>;
}

export interface DatabricksWarehouseOptions {
  /** Host without scheme. */
  host: string;
  /** `/sql/1.0/warehouses/<id>`. */
  httpPath: string;
  auth: DatabricksAuth;
  /** Session defaults (`USE CATALOG` equivalent). */
  initialCatalog?: string;
  initialSchema?: string;
  /**
   * Session STATEMENT_TIMEOUT in seconds, set only when the user configured one: setting it always would
   * override the workspace admin's value (and lowering it cancels and undoes long deep clones).
   */
  statementTimeoutSeconds?: number;
  /** Client factory; tests inject a fake. Default: `new DBSQLClient()` from `@databricks/sql`. */
  createClient?: () => DriverClient;
}

/**
 * The driver's default logger prints info lines to stdout (noise in `pulumi up`); keep only warnings
 * and errors, on stderr, with credentials removed.
 */
function driverLogger(secrets: readonly Secret[]): { log(level: string, message: string): void } {
  return {
    log(level, message) {
      if (level === "warn" || level === "error") process.stderr.write(`[@databricks/sql ${level}] ${redactSecrets(String(message), secrets)}\n`);
    },
  };
}

function defaultClient(secrets: readonly Secret[]): DriverClient {
  // Lazy on purpose (see file comment).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DBSQLClient } = require("@databricks/sql") as { DBSQLClient: new (opts?: object) => DriverClient };
  return new DBSQLClient({ logger: driverLogger(secrets) });
}

export class DatabricksWarehouse implements Warehouse {
  readonly #opts: DatabricksWarehouseOptions;
  #client: Promise<DriverClient> | undefined;
  #session: Promise<DriverSession> | undefined;
  #closed = false;

  constructor(opts: DatabricksWarehouseOptions) {
    this.#opts = opts;
  }

  #secrets(): Secret[] {
    const a = this.#opts.auth;
    return a.type === "pat" ? [a.token] : [a.clientSecret];
  }

  #connectOptions(): Record<string, unknown> {
    const a = this.#opts.auth;
    const auth =
      a.type === "pat"
        ? { authType: "access-token", token: a.token.reveal() }
        : { authType: "databricks-oauth", oauthClientId: a.clientId, oauthClientSecret: a.clientSecret.reveal() };
    // The driver takes the port separately; a `host:port` string makes it build an invalid URL.
    const m = /^(.*):(\d+)$/.exec(this.#opts.host);
    return {
      host: m ? m[1] : this.#opts.host,
      ...(m ? { port: Number(m[2]) } : {}),
      path: this.#opts.httpPath,
      ...auth,
      telemetryEnabled: false,
      // Exact BIGINT/DECIMAL values; rowValues turns them into numbers where safe.
      preserveBigNumericPrecision: true,
      // The driver retries idempotent calls itself; keep that short so our own backoff (retry.ts) stays in charge.
      retryMaxAttempts: 3,
      retriesTimeout: 60_000,
      userAgentEntry: "pulumi-uc-clone",
    };
  }

  #getClient(): Promise<DriverClient> {
    if (!this.#client) {
      const create = this.#opts.createClient ?? (() => defaultClient(this.#secrets()));
      const p = (async () => {
        const client = create();
        await client.connect(this.#connectOptions());
        return client;
      })();
      this.#client = p;
      p.catch(() => {
        if (this.#client === p) this.#client = undefined;
      });
    }
    return this.#client;
  }

  #getSession(): Promise<DriverSession> {
    if (!this.#session) {
      const p = (async () => {
        const client = await this.#getClient();
        return client.openSession({
          ...(this.#opts.initialCatalog ? { initialCatalog: this.#opts.initialCatalog } : {}),
          ...(this.#opts.initialSchema ? { initialSchema: this.#opts.initialSchema } : {}),
          ...(this.#opts.statementTimeoutSeconds !== undefined
            ? { configuration: { STATEMENT_TIMEOUT: String(this.#opts.statementTimeoutSeconds) } }
            : {}),
        });
      })();
      this.#session = p;
      p.catch(() => {
        if (this.#session === p) this.#session = undefined;
      });
    }
    return this.#session;
  }

  /** Forgets a session the server no longer knows, so the next statement opens a fresh one. */
  #dropSession(session: Promise<DriverSession>): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    session.then((s) => s.close()).catch(() => undefined);
  }

  async execute(sql: string): Promise<Row[]> {
    if (this.#closed) {
      throw new WarehouseError({ errorClass: "WAREHOUSE_CLOSED", message: "[WAREHOUSE_CLOSED] This warehouse connection was closed." });
    }
    const sessionPromise = this.#getSession();
    let op: DriverOperation | undefined;
    try {
      const session = await sessionPromise;
      op = await session.executeStatement(sql, { maxRows: 10_000 });
      const rows = await op.fetchAll();
      const types = op.getSchema ? columnTypes(await op.getSchema().catch(() => null)) : undefined;
      return rows.map((r) => normalizeRow(r as Record<string, unknown>, types));
    } catch (err) {
      const e = toWarehouseError(err, this.#secrets());
      if (e.errorClass === "INVALID_SESSION_HANDLE" || e.errorClass === "SESSION_EXPIRED") this.#dropSession(sessionPromise);
      throw e;
    } finally {
      if (op) await op.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const session = this.#session;
    const client = this.#client;
    this.#session = undefined;
    this.#client = undefined;
    await session?.then((s) => s.close()).catch(() => undefined);
    await client?.then((c) => c.close()).catch(() => undefined);
  }
}
