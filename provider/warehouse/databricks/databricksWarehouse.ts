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
import { backoffDelay } from "../retry";
import { isOperationStateError, toWarehouseError, type StatementPhase } from "./driverErrors";
import { columnTypes, normalizeRow } from "./rowValues";

/** The slice of the driver's operation API used here. */
export interface DriverOperation {
  /**
   * Resolves when the statement finished (the driver polls GetOperationStatus); `callback` runs after
   * every status answer (a TGetOperationStatusResp: `operationState`). Throws OperationStateError when
   * the statement failed, was cancelled, timed out or closed: the driver caches that terminal answer, so
   * every later call throws it again at once, with the callback fed the cached answer. Throws whatever
   * the transport throws (RetryError under throttling) while leaving the operation intact, so it can be
   * called again. Absent on minimal fakes: then fetchAll waits by itself.
   */
  finished?(options?: { callback?: (status: unknown) => unknown }): Promise<void>;
  fetchAll(): Promise<object[]>;
  getSchema?(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** How long polling a submitted statement keeps going through throttling and network failures. */
export interface PollPolicy {
  /** First backoff delay cap, doubled per consecutive failure. Default 1 s. */
  baseDelayMs: number;
  /** Largest single delay. Default 60 s. */
  maxDelayMs: number;
  /**
   * Give up after failing continuously this long (any answered status poll resets it). Default 1 h.
   * Then the statement is left running (never closed: closing cancels it) and the error says it may have run.
   */
  maxFailingMs: number;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxFailingMs: 3_600_000 };

/**
 * Failures of polling or metadata calls on a submitted statement after which the SAME operation is polled
 * again: throttling, a cold or busy gateway, a dropped connection, the driver's own retries running out.
 * Anything else (a lost session, auth) ends the wait, and so does the statement's verdict
 * (OperationStateError) whatever its text says: see #waitFor.
 */
const POLL_AGAIN_CLASSES: ReadonlySet<string> = new Set([
  "DRIVER_RETRIES_EXHAUSTED",
  "HTTP_429",
  "HTTP_502",
  "HTTP_503",
  "HTTP_504",
  "TEMPORARILY_UNAVAILABLE",
  "RESOURCE_EXHAUSTED",
  "NETWORK_ERROR",
]);

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
  /** Polling of a submitted statement through throttling (defaults: DEFAULT_POLL_POLICY). */
  poll?: Partial<PollPolicy>;
  /** Injectable time (tests). */
  timers?: { sleep?: (ms: number) => Promise<void>; now?: () => number; random?: () => number };
  /** Told before each wait while polling through a failure. Default: one line on stderr. */
  onPollRetry?: (info: { errorClass: string; attempt: number; delayMs: number }) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * TOperationState values of a statement still under way (INITIALIZED, RUNNING, PENDING); every other
 * state is terminal. Numbers, so the driver's Thrift types need not be loaded at import.
 */
const IN_PROGRESS_STATES: ReadonlySet<number> = new Set([0, 1, 7]);

/** Does a status answer (TGetOperationStatusResp) report a terminal state? Unknown shapes: no. */
function reportsTerminalState(status: unknown): boolean {
  const state = (status as { operationState?: unknown } | null | undefined)?.operationState;
  return typeof state === "number" && !IN_PROGRESS_STATES.has(state);
}

/** Thrown when polling gave up while the statement may still be running: the operation must stay open. */
class LeftRunning extends Error {
  constructor(readonly failure: unknown) {
    super("left running");
  }
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

function logPollRetry(info: { errorClass: string; attempt: number; delayMs: number }): void {
  process.stderr.write(
    `[catalog-clone] waiting for a running statement: ${info.errorClass} from the warehouse; ` +
      `the statement keeps running, polling again in ${Math.round(info.delayMs / 1000)} s (attempt ${info.attempt})\n`,
  );
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
    const host = this.#opts.host;
    let auth: Record<string, unknown>;
    if (a.type === "pat") {
      auth = { authType: "access-token", token: a.token.reveal() };
    } else if (a.type === "oauth-m2m") {
      auth = {
        authType: "databricks-oauth",
        oauthClientId: a.clientId,
        oauthClientSecret: a.clientSecret.reveal(),
        // A Databricks-managed service-principal secret is exchanged at the workspace's own OIDC endpoint.
        // Without this flag the driver sends every Azure host to the Entra flow, which rejects such secrets.
        // The 1.17 driver accepts the flag for .azuredatabricks.net and .databricks.azure.cn only (it refuses
        // OAuth outright for .databricks.azure.us with it), so Azure Government keeps the Entra flow.
        ...(/\.(azuredatabricks\.net|databricks\.azure\.cn)(:\d+)?$/i.test(host) ? { useDatabricksOAuthInAzure: true } : {}),
      };
    } else {
      // Microsoft Entra ID client credentials: the driver's Azure flow (token from login.microsoftonline.com
      // for the tenant, scope of the Azure Databricks application). GUESS: Entra accepts the driver's
      // client_secret_basic token request (it lists that method in its OIDC metadata).
      auth = {
        authType: "databricks-oauth",
        oauthClientId: a.clientId,
        oauthClientSecret: a.clientSecret.reveal(),
        azureTenantId: a.tenantId,
        useDatabricksOAuthInAzure: false,
      };
    }
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
      // The driver's own retry budget for idempotent calls (status polls, metadata, close) stays at its
      // defaults (5 attempts / 15 min, honouring Retry-After); when it runs out during a long statement,
      // #waitFor keeps polling instead of giving up (and closing, i.e. cancelling, the statement).
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
    let phase: StatementPhase = "connect";
    let leaveOpen = false;
    try {
      const session = await sessionPromise;
      phase = "submit";
      op = await session.executeStatement(sql, { maxRows: 10_000 });
      // From here on the statement is on the server: never re-sent from this method, and the operation
      // is closed only once it has finished (closing a running operation cancels it).
      phase = "running";
      const submitted = op;
      if (submitted.finished) {
        await this.#waitFor((answered) => submitted.finished!({ callback: answered }));
        phase = "fetch"; // it finished: from here on, nothing of it is still running
      }
      // Result metadata is fetched here, through throttling, so fetchAll finds it cached.
      const schema = submitted.getSchema
        ? await this.#waitFor(() => submitted.getSchema!()).catch((err: unknown) => {
            if (err instanceof LeftRunning) throw err;
            return null; // types unknown: rowValues normalizes by JS shape
          })
        : null;
      const types = submitted.getSchema ? columnTypes(schema) : undefined;
      phase = "fetch";
      const rows = await submitted.fetchAll();
      return rows.map((r) => normalizeRow(r as Record<string, unknown>, types));
    } catch (caught) {
      let err = caught;
      if (caught instanceof LeftRunning) {
        leaveOpen = true;
        err = caught.failure;
      }
      const e = toWarehouseError(err, this.#secrets(), phase);
      if (e.errorClass === "INVALID_SESSION_HANDLE" || e.errorClass === "SESSION_EXPIRED") this.#dropSession(sessionPromise);
      throw e;
    } finally {
      if (op && !leaveOpen) await op.close().catch(() => undefined);
    }
  }

  /**
   * Runs a call on an already-submitted operation (wait for completion, read result metadata: both
   * idempotent), calling it again with jittered backoff while it fails with throttling or network
   * errors, so a throttling spike never cancels a long CLONE. Gives up only after failing continuously
   * for maxFailingMs, then throws LeftRunning: the statement may still complete on the server. `call`
   * gets `answered`, to be called whenever the server answers (a status poll): an answer saying the
   * statement is still under way ends a failure streak; one reporting a terminal state never does (the
   * driver replays a cached terminal answer on every call, so it proves nothing about the server).
   *
   * The server's verdict on the statement (OperationStateError: failed, cancelled, timed out, closed) is
   * never polled again, whatever its text (an S3 "Status Code: 503" inside a failed DEEP CLONE reads like
   * throttling): it is rethrown at once as the statement's failure, and the operation is closed.
   */
  async #waitFor<T>(call: (answered: (status?: unknown) => void) => Promise<T>): Promise<T> {
    const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, ...this.#opts.poll };
    const now = this.#opts.timers?.now ?? Date.now;
    const sleep = this.#opts.timers?.sleep ?? realSleep;
    let failingSince: number | undefined;
    let lastAnswer = -Infinity;
    const answered = (status?: unknown): void => {
      if (!reportsTerminalState(status)) lastAnswer = now();
    };
    let attempt = 0;
    for (;;) {
      const startedAt = now();
      try {
        return await call(answered);
      } catch (err) {
        if (isOperationStateError(err)) throw err; // the statement is over: its outcome, not a poll failure
        const e = toWarehouseError(err, this.#secrets(), "running");
        if (!POLL_AGAIN_CLASSES.has(e.errorClass)) throw err;
        // An answered poll during the failed call means the server is reachable again: start over.
        if (failingSince === undefined || lastAnswer >= startedAt) {
          failingSince = startedAt;
          attempt = 0;
        }
        if (now() - failingSince >= policy.maxFailingMs) throw new LeftRunning(err);
        attempt++;
        const delayMs = backoffDelay(attempt, { ...policy, maxAttempts: Infinity, maxTotalMs: Infinity }, this.#opts.timers?.random);
        (this.#opts.onPollRetry ?? logPollRetry)({ errorClass: e.errorClass, attempt, delayMs });
        await sleep(delayMs);
      }
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
