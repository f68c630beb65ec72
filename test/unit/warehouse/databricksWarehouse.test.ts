import { describe, expect, it } from "vitest";
import { DatabricksWarehouse, type DriverClient, type DriverSession } from "../../../provider/warehouse/databricks/databricksWarehouse";
import { Secret } from "../../../provider/warehouse/secret";
import { WarehouseError } from "../../../provider/warehouse/warehouse";

const TOKEN = "dapiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

class StatusErrorLike {
  name = "Status Error";
  constructor(public message: string, public code = 3) {}
}

/** A scripted stand-in for DBSQLClient that records what the warehouse asked of it. */
function fakeDriver(script: (sql: string, sessionNo: number) => object[] | Error | StatusErrorLike) {
  const log: string[] = [];
  let sessions = 0;
  let connectOptions: Record<string, unknown> | undefined;
  const client: DriverClient = {
    async connect(opts) {
      connectOptions = opts;
      log.push("connect");
    },
    async openSession(opts) {
      const no = ++sessions;
      log.push(`openSession#${no} ${JSON.stringify(opts)}`);
      const session: DriverSession = {
        async executeStatement(sql) {
          log.push(`execute#${no} ${sql}`);
          const r = script(sql, no);
          if (!Array.isArray(r)) throw r;
          return {
            fetchAll: async () => r,
            getSchema: async () => ({ columns: [{ columnName: "n", typeDesc: { types: [{ primitiveEntry: { type: 4 } }] } }] }),
            close: async () => void log.push(`closeOp#${no}`),
          };
        },
        close: async () => void log.push(`closeSession#${no}`),
      };
      return session;
    },
    async close() {
      log.push("closeClient");
    },
  };
  return { client, log, connectOptions: () => connectOptions };
}

const base = { host: "h.cloud.databricks.com", httpPath: "/sql/1.0/warehouses/w" };

describe("DatabricksWarehouse", () => {
  it("connects lazily with PAT, telemetry off, and reuses one session", async () => {
    const d = fakeDriver(() => [{ n: BigInt(7), s: "it's" }]);
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    expect(d.log).toEqual([]);
    expect(await w.execute("SELECT 1")).toEqual([{ n: 7, s: "it's" }]);
    expect(await w.execute("SELECT 2")).toEqual([{ n: 7, s: "it's" }]);
    expect(d.log.filter((l) => l.startsWith("openSession")).length).toBe(1);
    expect(d.log.filter((l) => l.startsWith("closeOp")).length).toBe(2);
    expect(d.connectOptions()).toMatchObject({ host: base.host, path: base.httpPath, token: TOKEN, telemetryEnabled: false });
    await w.close();
    expect(d.log.slice(-2)).toEqual(["closeSession#1", "closeClient"]);
    await expect(w.execute("SELECT 3")).rejects.toMatchObject({ errorClass: "WAREHOUSE_CLOSED" });
  });

  it("leaves the workspace's STATEMENT_TIMEOUT alone unless statementTimeoutSeconds is set", async () => {
    const d = fakeDriver(() => []);
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    await w.execute("SELECT 1");
    const opened = d.log.find((l) => l.startsWith("openSession"))!;
    expect(opened).not.toContain("STATEMENT_TIMEOUT");
    expect(opened).not.toContain("configuration");

    const d2 = fakeDriver(() => []);
    const w2 = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, statementTimeoutSeconds: 86_400, createClient: () => d2.client });
    await w2.execute("SELECT 1");
    expect(d2.log.find((l) => l.startsWith("openSession"))).toContain('"configuration":{"STATEMENT_TIMEOUT":"86400"}');
  });

  it("takes statementTimeoutSeconds from stack config through the warehouse pool, and nothing when unset", async () => {
    const { WarehousePool } = await import("../../../provider/warehouse/warehousePool");
    const { resolveWarehouseConnection } = await import("../../../provider/warehouse/connectionConfig");
    const args = { kind: "databricks" as const, host: "t.cloud.databricks.com", warehouseId: "w1", token: TOKEN };
    for (const [config, expected] of [
      [{ "catalog-clone:statementTimeoutSeconds": "172800" }, '"STATEMENT_TIMEOUT":"172800"'],
      [{}, undefined],
    ] as const) {
      const d = fakeDriver(() => []);
      const conn = resolveWarehouseConnection(args, (k) => (config as Record<string, string>)[k], {});
      const pool = new WarehousePool({ createDatabricksClient: () => d.client });
      const w = await pool.connect(conn);
      await w.execute("SELECT 1");
      const opened = d.log.find((l) => l.startsWith("openSession"))!;
      if (expected) expect(opened).toContain(expected);
      else expect(opened).not.toContain("STATEMENT_TIMEOUT");
      await pool.close();
    }
  });

  it("uses OAuth M2M options", async () => {
    const d = fakeDriver(() => []);
    const w = new DatabricksWarehouse({ ...base, auth: { type: "oauth-m2m", clientId: "app", clientSecret: new Secret("shh-secret") }, createClient: () => d.client });
    await w.execute("SELECT 1");
    expect(d.connectOptions()).toMatchObject({ authType: "databricks-oauth", oauthClientId: "app", oauthClientSecret: "shh-secret" });
  });

  describe("Azure", async () => {
    // The real driver's choice of OAuth flow, fed the options this warehouse passes to connect().
    const { default: OAuthManager, DatabricksOAuthManager, AzureOAuthManager } = await import(
      "@databricks/sql/dist/connection/auth/DatabricksOAuth/OAuthManager"
    );
    async function driverFlowFor(host: string, auth: ConstructorParameters<typeof DatabricksWarehouse>[0]["auth"]) {
      const d = fakeDriver(() => []);
      await new DatabricksWarehouse({ host, httpPath: base.httpPath, auth, createClient: () => d.client }).execute("SELECT 1");
      const o = d.connectOptions()!;
      const manager = OAuthManager.getManager({
        host: o.host as string,
        clientId: o.oauthClientId as string,
        clientSecret: o.oauthClientSecret as string,
        azureTenantId: o.azureTenantId as string | undefined,
        useDatabricksOAuthInAzure: o.useDatabricksOAuthInAzure as boolean | undefined,
        flow: "M2M",
        context: {} as never,
      } as never);
      return { options: o, manager };
    }
    const m2m = { type: "oauth-m2m" as const, clientId: "sp-app", clientSecret: new Secret("dose-managed-secret") };

    it("OAuth M2M with a Databricks-managed secret uses the workspace's OIDC on Azure hosts (useDatabricksOAuthInAzure)", async () => {
      const { options, manager } = await driverFlowFor("adb-1234567890123456.7.azuredatabricks.net", m2m);
      expect(options.useDatabricksOAuthInAzure).toBe(true);
      expect(manager).toBeInstanceOf(DatabricksOAuthManager);
      expect(manager).not.toBeInstanceOf(AzureOAuthManager);
    });

    it("leaves AWS/GCP hosts as they were", async () => {
      const { options, manager } = await driverFlowFor("dbc-1.cloud.databricks.com", m2m);
      expect(options).not.toHaveProperty("useDatabricksOAuthInAzure");
      expect(manager).toBeInstanceOf(DatabricksOAuthManager);
    });

    it("Entra ID client-secret auth takes the driver's Azure flow with the tenant", async () => {
      const { options, manager } = await driverFlowFor("adb-1.2.azuredatabricks.net", {
        type: "azure-client-secret",
        clientId: "entra-app",
        clientSecret: new Secret("entra-secret-value"),
        tenantId: "tenant-guid",
      });
      expect(options).toMatchObject({ authType: "databricks-oauth", oauthClientId: "entra-app", azureTenantId: "tenant-guid", useDatabricksOAuthInAzure: false });
      expect(manager).toBeInstanceOf(AzureOAuthManager);
    });
  });

  it("converts driver errors, redacting the token, and reopens an expired session", async () => {
    const d = fakeDriver((sql, no) => {
      if (sql === "boom") return new StatusErrorLike(`[TABLE_OR_VIEW_NOT_FOUND] t not found (token ${TOKEN}) SQLSTATE: 42P01`);
      if (no === 1 && sql === "expire") return new StatusErrorLike("Invalid SessionHandle: 01ef...");
      return [{ n: "5" }];
    });
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    const err = await w.execute("boom").catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", sqlState: "42P01", transient: false });
    expect(err.message).not.toContain(TOKEN);
    const expired = await w.execute("expire").catch((e) => e);
    expect(expired).toMatchObject({ errorClass: "INVALID_SESSION_HANDLE", transient: true });
    expect(await w.execute("expire")).toEqual([{ n: 5 }]);
    expect(d.log.filter((l) => l.startsWith("openSession")).length).toBe(2);
  });

  it("retries the connection after a failed connect", async () => {
    let attempts = 0;
    const d = fakeDriver(() => []);
    const flaky: DriverClient = {
      ...d.client,
      connect: async (o) => {
        if (++attempts === 1) throw Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" });
        return d.client.connect(o);
      },
    };
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => flaky });
    await expect(w.execute("SELECT 1")).rejects.toMatchObject({ errorClass: "NETWORK_ERROR", transient: true });
    expect(await w.execute("SELECT 1")).toEqual([]);
  });
});

describe("DatabricksWarehouse with the real @databricks/sql driver (no network needed)", () => {
  it("turns a refused connection into a transient NETWORK_ERROR that does not contain the token", async () => {
    const net = await import("net");
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const w = new DatabricksWarehouse({ host: `127.0.0.1:${port}`, httpPath: "/sql/1.0/warehouses/abc", auth: { type: "pat", token: new Secret(TOKEN) } });
    const err = await w.execute("SELECT 1").catch((e) => e);
    await w.close();
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ errorClass: "NETWORK_ERROR", transient: true });
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).not.toContain(TOKEN);
  });
});

describe("DatabricksWarehouse: a submitted statement is never cancelled or re-sent because of throttling", async () => {
  const { default: RetryError, RetryErrorCode } = await import("@databricks/sql/dist/errors/RetryError");
  const { default: OperationStateError, OperationStateErrorCode } = await import("@databricks/sql/dist/errors/OperationStateError");
  const { retryingWarehouse } = await import("../../../provider/warehouse/retry");
  const { isReadOnlyStatement } = await import("../../../provider/sql/statementKind");

  /** A client whose operations are scripted: `poll()` is what each status wait does. */
  function scriptedDriver(opts: { poll?: (call: number) => void; submit?: (sql: string, call: number) => void }) {
    const log: string[] = [];
    let submits = 0;
    let polls = 0;
    const client: DriverClient = {
      async connect() {},
      async openSession() {
        return {
          async executeStatement(sql: string) {
            log.push(`execute ${sql}`);
            opts.submit?.(sql, ++submits);
            return {
              async finished(o?: { callback?: (s: unknown) => unknown }) {
                log.push("poll");
                opts.poll?.(++polls);
                await o?.callback?.({});
              },
              async fetchAll() {
                log.push("fetch");
                return [{ source_table_size: 10 }];
              },
              async close() {
                log.push("close");
              },
            };
          },
          async close() {},
        };
      },
      async close() {},
    };
    return { client, log };
  }

  const clock = () => {
    let t = 0;
    const sleeps: number[] = [];
    return { sleeps, timers: { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), random: () => 0.5 } };
  };

  it("keeps polling the same operation through RetryError, closing it only after it finished", async () => {
    const d = scriptedDriver({
      poll: (n) => {
        if (n <= 3) throw new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 429 } });
      },
    });
    const c = clock();
    const retries: string[] = [];
    const w = new DatabricksWarehouse({
      ...base,
      auth: { type: "pat", token: new Secret(TOKEN) },
      createClient: () => d.client,
      timers: c.timers,
      onPollRetry: (i) => retries.push(`${i.errorClass}#${i.attempt}`),
    });
    expect(await w.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t")).toEqual([{ source_table_size: 10 }]);
    expect(d.log).toEqual(["execute CREATE TABLE d.s.t DEEP CLONE p.s.t", "poll", "poll", "poll", "poll", "fetch", "close"]);
    expect(retries).toEqual(["DRIVER_RETRIES_EXHAUSTED#1", "DRIVER_RETRIES_EXHAUSTED#2", "DRIVER_RETRIES_EXHAUSTED#3"]);
    expect(c.sleeps).toEqual([750, 1500, 3000]); // jittered exponential backoff (random fixed at 0.5 here)
  });

  it("gives up only after failing continuously for maxFailingMs, and then leaves the statement running (not closed)", async () => {
    const d = scriptedDriver({
      poll: () => {
        throw new RetryError(RetryErrorCode.TimeoutExceeded, { response: { status: 503 } });
      },
    });
    const c = clock();
    const w = new DatabricksWarehouse({
      ...base,
      auth: { type: "pat", token: new Secret(TOKEN) },
      createClient: () => d.client,
      timers: c.timers,
      poll: { maxFailingMs: 60_000 },
      onPollRetry: () => undefined,
    });
    const err = await w.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t").catch((e) => e);
    expect(err).toMatchObject({ errorClass: "DRIVER_RETRIES_EXHAUSTED", mayHaveRun: true, mayStillBeRunning: true });
    expect(d.log.filter((l) => l.startsWith("execute"))).toHaveLength(1);
    expect(d.log).not.toContain("close");
    expect(c.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60_000);
  });

  it("an answered status poll ends a failure streak (failures that are not continuous never give up)", async () => {
    // Fails 3 times out of 4 for a long time, but the server answers in between.
    let answeredCalls = 0;
    const d = scriptedDriver({
      poll: (n) => {
        if (n < 40 && n % 4 !== 0) throw new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 429 } });
        if (n < 40) {
          answeredCalls++;
          throw new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 429 } });
        }
      },
    });
    // Simulate "answered" by a callback before failing: wrap finished so every 4th call reports a status first.
    const origOpen = d.client.openSession.bind(d.client);
    d.client.openSession = async (o) => {
      const s = await origOpen(o);
      const exec = s.executeStatement.bind(s);
      s.executeStatement = async (sql, eo) => {
        const op = await exec(sql, eo);
        let n = 0;
        const fin = op.finished!.bind(op);
        op.finished = async (fo) => {
          if (++n % 4 === 0) await fo?.callback?.({});
          return fin(fo);
        };
        return op;
      };
      return s;
    };
    const c = clock();
    const w = new DatabricksWarehouse({
      ...base,
      auth: { type: "pat", token: new Secret(TOKEN) },
      createClient: () => d.client,
      timers: c.timers,
      poll: { maxFailingMs: 10_000, baseDelayMs: 1_000, maxDelayMs: 4_000 },
      onPollRetry: () => undefined,
    });
    expect(await w.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t")).toHaveLength(1);
    expect(answeredCalls).toBeGreaterThan(5);
    expect(c.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000); // longer than the budget, in total
    expect(d.log.filter((l) => l === "close")).toHaveLength(1);
  });

  it("a Delta write race reported only in response.errorMessage is classified and re-sent by retry.ts", async () => {
    const d = scriptedDriver({
      poll: (n) => {
        if (n === 1) {
          throw new OperationStateError(OperationStateErrorCode.Error, {
            status: { statusCode: 0 },
            sqlState: "2D521",
            errorMessage: "[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update. SQLSTATE: 2D521\n\tat a.b(C.scala:1)",
          } as never);
        }
      },
    });
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    const r = retryingWarehouse(w, { baseDelayMs: 1 }, { sleep: async () => undefined }, isReadOnlyStatement);
    expect(await r.execute("CREATE OR REPLACE TABLE d.s.t DEEP CLONE p.s.t")).toHaveLength(1);
    expect(d.log.filter((l) => l.startsWith("execute"))).toHaveLength(2);
  });

  it("a connection reset while sending a write is NOT re-sent (it may have run); a read is", async () => {
    const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const d = scriptedDriver({
      submit: (_sql, n) => {
        if (n <= 2) throw reset(); // the write once, then the read once
      },
    });
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    const r = retryingWarehouse(w, { baseDelayMs: 1 }, { sleep: async () => undefined }, isReadOnlyStatement);
    const err = await r.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t").catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ errorClass: "NETWORK_ERROR", transient: true, mayHaveRun: true });
    expect(d.log.filter((l) => l.startsWith("execute"))).toEqual(["execute CREATE TABLE d.s.t DEEP CLONE p.s.t"]);

    expect(await r.execute("SELECT count(*) FROM d.s.t")).toHaveLength(1);
    expect(d.log.filter((l) => l.startsWith("execute SELECT"))).toHaveLength(2);
  });

  it("a refused connection (nothing sent) is retried for writes too", async () => {
    const d = scriptedDriver({
      submit: (_sql, n) => {
        if (n === 1) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      },
    });
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client });
    const r = retryingWarehouse(w, { baseDelayMs: 1 }, { sleep: async () => undefined }, isReadOnlyStatement);
    expect(await r.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t")).toHaveLength(1);
    expect(d.log.filter((l) => l.startsWith("execute"))).toHaveLength(2);
  });
});

describe("DatabricksWarehouse: a statement the server reports FAILED is never polled again", async () => {
  // The real driver classes: DBSQLOperation over ThriftOperationBackend, with only the Thrift client scripted.
  const { default: DBSQLOperation } = await import("@databricks/sql/dist/DBSQLOperation");
  const { default: ThriftOperationBackend } = await import("@databricks/sql/dist/thrift-backend/ThriftOperationBackend");
  const { TOperationState, TStatusCode } = await import("@databricks/sql/thrift/TCLIService_types");
  const { default: RetryError, RetryErrorCode } = await import("@databricks/sql/dist/errors/RetryError");
  const { retryingWarehouse } = await import("../../../provider/warehouse/retry");
  const { isReadOnlyStatement } = await import("../../../provider/sql/statementKind");

  const SLOW_DOWN = "Job aborted due to stage failure: ... (Service: Amazon S3; Status Code: 503; Error Code: SlowDown; Request ID: X)";

  /**
   * A client whose statements are real DBSQLOperations; `status(n)` answers the n-th GetOperationStatus of
   * a statement (the driver caches a terminal answer: later waits throw it again without asking).
   */
  function realOperations(status: (n: number, sql: string) => object) {
    const log: string[] = [];
    const client: DriverClient = {
      async connect() {},
      async openSession() {
        return {
          async executeStatement(sql: string) {
            log.push(`execute ${sql}`);
            let n = 0;
            const thrift = {
              async getOperationStatus() {
                log.push("GetOperationStatus");
                return { status: { statusCode: TStatusCode.SUCCESS_STATUS }, ...status(++n, sql) };
              },
              async getResultSetMetadata() {
                return { status: { statusCode: TStatusCode.SUCCESS_STATUS }, schema: { columns: [] } };
              },
              async closeOperation() {
                log.push("CloseOperation");
                return { status: { statusCode: TStatusCode.SUCCESS_STATUS } };
              },
            };
            const context = { getLogger: () => ({ log() {} }), getDriver: async () => thrift, getConfig: () => ({}) };
            const backend = new ThriftOperationBackend({
              handle: { operationId: { guid: Buffer.alloc(16), secret: Buffer.alloc(16) }, operationType: 0, hasResultSet: false },
              context,
            } as never);
            const op = new DBSQLOperation({ context, backend, sessionId: "s" } as never);
            // Results are not under test (a DDL statement has none): only waiting, failing and closing are.
            op.fetchAll = async () => [];
            return op as unknown as Awaited<ReturnType<DriverSession["executeStatement"]>>;
          },
          async close() {},
        };
      },
      async close() {},
    };
    return { client, log };
  }

  /** Time that moves only by sleeping; a wait loop that never ends is stopped (and reported) instead of hanging the suite. */
  function guardedClock(maxSleeps = 200) {
    let t = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      timers: {
        now: () => t,
        random: () => 0.5,
        sleep: async (ms: number) => {
          sleeps.push(ms);
          t += ms;
          if (sleeps.length > maxSleeps) throw new Error(`still polling after ${sleeps.length} waits (${Math.round(t / 3.6e6)} simulated hours)`);
        },
      },
    };
  }

  it("an S3 SlowDown failure (text without [CLASS], 'Status Code: 503') ends the wait at once: the statement failed, it is closed, not re-sent", async () => {
    const d = realOperations((n) =>
      n === 1
        ? { operationState: TOperationState.RUNNING_STATE }
        : { operationState: TOperationState.ERROR_STATE, displayMessage: SLOW_DOWN, errorMessage: `${SLOW_DOWN}\n\tat a.b(C.scala:1)`, sqlState: "XX000" },
    );
    const c = guardedClock();
    const retries: string[] = [];
    const w = new DatabricksWarehouse({
      ...base,
      auth: { type: "pat", token: new Secret(TOKEN) },
      createClient: () => d.client,
      timers: c.timers,
      onPollRetry: (i) => retries.push(i.errorClass),
    });
    const r = retryingWarehouse(w, { baseDelayMs: 1 }, { sleep: async () => undefined }, isReadOnlyStatement);
    const err = await r.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t").catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.message).toContain("Error Code: SlowDown");
    // The server's verdict: it failed (nothing committed), so nothing is unknown about it...
    expect(err).toMatchObject({ mayHaveRun: false, mayStillBeRunning: false });
    // ...and its text is not a transport failure of ours: no poll-again, no HTTP_503 re-send.
    expect(err.errorClass).not.toMatch(/^HTTP_|TEMPORARILY_UNAVAILABLE|RESOURCE_EXHAUSTED|NETWORK_ERROR/);
    expect(retries).toEqual([]);
    expect(c.sleeps).toEqual([]);
    expect(d.log).toEqual(["execute CREATE TABLE d.s.t DEEP CLONE p.s.t", "GetOperationStatus", "GetOperationStatus", "CloseOperation"]);
  });

  it.each([
    ["temporarily unavailable", "The service is temporarily unavailable while writing files"],
    ["too many requests", "Too many requests to the metastore"],
    ["ETIMEDOUT", "Connect to bucket.s3.amazonaws.com failed: ETIMEDOUT"],
    ["socket hang up", "Error reading part: socket hang up"],
  ])("a FAILED statement whose text says %s is reported, not waited for", async (_, text) => {
    const d = realOperations(() => ({ operationState: TOperationState.ERROR_STATE, displayMessage: text, sqlState: "XX000" }));
    const c = guardedClock();
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client, timers: c.timers, onPollRetry: () => undefined });
    const err = await w.execute("CREATE OR REPLACE TABLE d.s.t DEEP CLONE p.s.t").catch((e) => e);
    expect(err).toMatchObject({ mayHaveRun: false, transient: false });
    expect(err.message).toContain(text);
    expect(c.sleeps).toEqual([]);
    expect(d.log.filter((l) => l === "CloseOperation")).toHaveLength(1);
  });

  it("a Delta write race the server reports as the statement's failure is re-sent by retry.ts (it did not run)", async () => {
    let executes = 0;
    const d = realOperations((_n, sql) =>
      sql.includes("CLONE") && executes === 1
        ? {
            operationState: TOperationState.ERROR_STATE,
            sqlState: "2D521",
            errorMessage: "[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update. SQLSTATE: 2D521\n\tat a.b(C.scala:1)",
          }
        : { operationState: TOperationState.FINISHED_STATE },
    );
    const exec = d.client.openSession.bind(d.client);
    d.client.openSession = async (o) => {
      const s = await exec(o);
      const run = s.executeStatement.bind(s);
      s.executeStatement = async (sql, eo) => (executes++, run(sql, eo));
      return s;
    };
    const c = guardedClock();
    const w = new DatabricksWarehouse({ ...base, auth: { type: "pat", token: new Secret(TOKEN) }, createClient: () => d.client, timers: c.timers, onPollRetry: () => undefined });
    const r = retryingWarehouse(w, { baseDelayMs: 1 }, { sleep: async () => undefined }, isReadOnlyStatement);
    await r.execute("CREATE OR REPLACE TABLE d.s.t DEEP CLONE p.s.t");
    expect(d.log.filter((l) => l.startsWith("execute"))).toHaveLength(2);
    expect(c.sleeps).toEqual([]);
  });

  it("a status answer reporting a terminal state never resets the failure streak", async () => {
    // Contrived on purpose: whatever throws after a terminal answer, the wait must end within maxFailingMs.
    const log: string[] = [];
    const client: DriverClient = {
      async connect() {},
      async openSession() {
        return {
          async executeStatement() {
            return {
              async finished(o?: { callback?: (s: unknown) => unknown }) {
                log.push("poll");
                await o?.callback?.({ status: { statusCode: 0 }, operationState: TOperationState.ERROR_STATE });
                throw new RetryError(RetryErrorCode.AttemptsExceeded, { response: { status: 503 } });
              },
              async fetchAll() {
                return [];
              },
              async close() {
                log.push("close");
              },
            };
          },
          async close() {},
        };
      },
      async close() {},
    };
    const c = guardedClock();
    const w = new DatabricksWarehouse({
      ...base,
      auth: { type: "pat", token: new Secret(TOKEN) },
      createClient: () => client,
      timers: c.timers,
      poll: { maxFailingMs: 60_000 },
      onPollRetry: () => undefined,
    });
    const err = await w.execute("CREATE TABLE d.s.t DEEP CLONE p.s.t").catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ errorClass: "DRIVER_RETRIES_EXHAUSTED", mayStillBeRunning: true });
    expect(log).not.toContain("close"); // left running, never cancelled
    expect(c.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60_000);
    expect(c.sleeps.length).toBeLessThan(50);
  });
});
