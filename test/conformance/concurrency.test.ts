import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { runInChild, workerAvailable } from "./fixtures/childProcess";
import { hasErrorClass } from "../../provider/warehouse/warehouse";
import { openLocalDriver } from "../../provider/warehouse/localDriver";

let ws: TempWorkspace;
beforeAll(() => {
  if (!workerAvailable()) throw new Error("Build first (npx tsc -p .): the child worker runs from dist/.");
});
beforeEach(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.sales.t", 3); });
afterEach(async () => { await ws.cleanup(); });

const settle = async <T>(ps: Promise<T>[]) => Promise.allSettled(ps);

describe("optimistic concurrency (Delta conflict detection, reference §7)", () => {
  it("two sessions racing UPDATEs on one table: one wins, the other fails with DELTA_CONCURRENT_* (2D521, transient)", async () => {
    const other = await openLocalDriver(ws.dir);
    process.env.UC_LOCAL_COMMIT_DELAY_MS = "150";
    try {
      const results = await settle([
        ws.sql("UPDATE prod.sales.t SET name = 'a' WHERE id = 1"),
        other.execute("UPDATE prod.sales.t SET name = 'b' WHERE id = 1"),
      ]);
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      expect(failed).toHaveLength(1);
      expect(hasErrorClass(failed[0].reason, "DELTA_CONCURRENT_DELETE_READ", "DELTA_CONCURRENT_DELETE_DELETE", "DELTA_CONCURRENT_APPEND")).toBe(true);
      expect(failed[0].reason.sqlState).toBe("2D521");
      expect(failed[0].reason.transient).toBe(true);
      expect(failed[0].reason.message).toContain("Conflicting commit");
    } finally {
      delete process.env.UC_LOCAL_COMMIT_DELAY_MS;
      await other.close();
    }
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t")).map((r) => r.operation)).toEqual(["UPDATE", "WRITE", "CREATE TABLE"]);
  });

  it("concurrent blind INSERTs both land: the loser rebases onto the winner's version", async () => {
    const other = await openLocalDriver(ws.dir);
    process.env.UC_LOCAL_COMMIT_DELAY_MS = "100";
    try {
      await Promise.all([ws.sql("INSERT INTO prod.sales.t VALUES (10, 'x')"), other.execute("INSERT INTO prod.sales.t VALUES (11, 'y')")]);
    } finally {
      delete process.env.UC_LOCAL_COMMIT_DELAY_MS;
      await other.close();
    }
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 5 }]);
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 2");
    expect(h.map((r) => r.version)).toEqual([3, 2]);
    expect(h[0].readVersion).toBe(2); // rebased
  });

  it("two processes racing UPDATEs on one table: exactly one DELTA_CONCURRENT_* error", async () => {
    const env = { UC_LOCAL_COMMIT_DELAY_MS: "400" };
    const [a, b] = await Promise.all([
      runInChild(ws.dir, ["UPDATE prod.sales.t SET name = 'p1' WHERE id = 2"], env),
      runInChild(ws.dir, ["UPDATE prod.sales.t SET name = 'p2' WHERE id = 2"], env),
    ]);
    const outcomes = [a[0], b[0]];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)!.errorClass).toMatch(/^DELTA_CONCURRENT_/);
  });

  it("concurrent INSERTs from two processes all land (10 + 10 rows)", async () => {
    const stmts = (base: number) => Array.from({ length: 10 }, (_, i) => `INSERT INTO prod.sales.t VALUES (${base + i}, 'c')`);
    const [a, b] = await Promise.all([runInChild(ws.dir, stmts(100)), runInChild(ws.dir, stmts(200))]);
    expect([...a, ...b].every((r) => r.ok)).toBe(true);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 23 }]);
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1"))[0].version).toBe(21);
  });

  it("concurrent DDL from two processes keeps every catalog object (metastore lock)", async () => {
    const mk = (p: string) => Array.from({ length: 8 }, (_, i) => `CREATE TABLE prod.sales.${p}${i} (id INT)`);
    const [a, b] = await Promise.all([runInChild(ws.dir, mk("a")), runInChild(ws.dir, mk("b")), ws.sql("CREATE SCHEMA prod.other")]);
    expect([...a, ...b].every((r) => r.ok)).toBe(true);
    const names = (await ws.sql("SHOW TABLES IN prod.sales")).map((r) => r.tableName);
    expect(names).toHaveLength(17);
    expect((await ws.sql("SHOW SCHEMAS IN prod")).map((r) => r.databaseName)).toContain("other");
  });

  it("two concurrent CREATE OR REPLACE ... CLONE of one target: one fails with a transient concurrent-modification class", async () => {
    await ws.sql("CREATE CATALOG qa");
    await ws.sql("CREATE SCHEMA qa.s");
    await ws.sql("CREATE TABLE qa.s.t DEEP CLONE prod.sales.t");
    await ws.sql("INSERT INTO prod.sales.t VALUES (4, 'n4')");
    const other = await openLocalDriver(ws.dir);
    process.env.UC_LOCAL_COMMIT_DELAY_MS = "150";
    try {
      const results = await settle([
        ws.sql("CREATE OR REPLACE TABLE qa.s.t DEEP CLONE prod.sales.t"),
        other.execute("CREATE OR REPLACE TABLE qa.s.t DEEP CLONE prod.sales.t"),
      ]);
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      expect(failed).toHaveLength(1);
      expect(failed[0].reason.errorClass).toMatch(/^DELTA_(CONCURRENT_|METADATA_CHANGED)/); // Delta checks metadata first
      expect(failed[0].reason.transient).toBe(true);
    } finally {
      delete process.env.UC_LOCAL_COMMIT_DELAY_MS;
      await other.close();
    }
  });

  it("a session sees commits made by another process without reopening (no stale cache)", async () => {
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 3 }]);
    await runInChild(ws.dir, ["INSERT INTO prod.sales.t VALUES (7, 'z')", "CREATE TABLE prod.sales.fresh (id INT)"]);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 4 }]);
    expect((await ws.sql("SHOW TABLES IN prod.sales")).map((r) => r.tableName)).toContain("fresh");
  });
});
