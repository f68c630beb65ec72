/**
 * Conformance: operations that change no data still commit Delta versions, with their operation names
 * in DESCRIBE HISTORY, and move information_schema.tables.last_altered: OPTIMIZE, VACUUM (START/END),
 * ANALYZE (COMPUTE STATS), COMMENT ON TABLE (SET TBLPROPERTIES, the table description), column comments
 * (CHANGE COLUMN), SET/UNSET TBLPROPERTIES (reference §2.1 operation list; Delta's DeltaOperations).
 * Tags are Unity Catalog metadata, not Delta metadata: SET TAGS commits no version. A tool classifying
 * the versions since a baseline reads `operation` and `operationParameters` (and isBlindAppend/
 * operationMetrics); data-changing commits keep dataChange files, these do not change rows.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.t", 2); // v0 CREATE TABLE, v1 WRITE
});
afterEach(async () => { await ws.cleanup(); });

const top = async (t = "prod.sales.t") => (await ws.sql(`DESCRIBE HISTORY ${t} LIMIT 1`))[0];
const versions = async (t = "prod.sales.t") => (await ws.sql(`DESCRIBE HISTORY ${t}`)).length;
const lastAltered = async (name = "t") =>
  ((await ws.sql(`SELECT last_altered FROM prod.information_schema.tables WHERE table_schema = 'sales' AND table_name = '${name}'`))[0].last_altered as Date).getTime();
const rows = () => ws.sql("SELECT * FROM prod.sales.t ORDER BY id");
const tick = () => new Promise((r) => setTimeout(r, 5));

/** Runs `stmt` and checks: one new version per expected operation (newest last), last_altered moved, rows unchanged. */
async function commitsOnly(stmt: string, operations: string[]): Promise<Record<string, unknown>[]> {
  const before = { n: await versions(), at: await lastAltered(), rows: await rows() };
  await tick();
  await ws.sql(stmt);
  const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
  expect(h.length - before.n, stmt).toBe(operations.length);
  expect(h.slice(0, operations.length).map((r) => r.operation).reverse(), stmt).toEqual(operations);
  expect(await lastAltered(), stmt).toBeGreaterThan(before.at);
  expect(await rows(), stmt).toEqual(before.rows);
  return h.slice(0, operations.length);
}

describe("maintenance and metadata operations commit Delta versions (no data change)", () => {
  it("COMMENT ON TABLE commits SET TBLPROPERTIES with the comment in operationParameters.properties", async () => {
    const [h] = await commitsOnly("COMMENT ON TABLE prod.sales.t IS 'orders, one row per order'", ["SET TBLPROPERTIES"]);
    expect(JSON.parse((h.operationParameters as Record<string, string>).properties)).toEqual({ comment: "orders, one row per order" });
    expect(h.isBlindAppend).toBe(false);
    const [t] = await ws.sql("SELECT comment FROM prod.information_schema.tables WHERE table_name = 't'");
    expect(t.comment).toBe("orders, one row per order");
    await commitsOnly("COMMENT ON TABLE prod.sales.t IS NULL", ["SET TBLPROPERTIES"]);
  });

  it("COMMENT ON COLUMN and ALTER TABLE ... ALTER COLUMN ... COMMENT commit CHANGE COLUMN; the comment is in the Delta schema, so a later clone carries it", async () => {
    const [a] = await commitsOnly("COMMENT ON COLUMN prod.sales.t.name IS 'customer name'", ["CHANGE COLUMN"]);
    expect(JSON.parse((a.operationParameters as Record<string, string>).column)).toMatchObject({ name: "name", metadata: { comment: "customer name" } });
    const [b] = await commitsOnly("ALTER TABLE prod.sales.t ALTER COLUMN id COMMENT 'order id'", ["CHANGE COLUMN"]);
    expect(JSON.parse((b.operationParameters as Record<string, string>).column)).toMatchObject({ name: "id", metadata: { comment: "order id" } });
    expect((await ws.sql("DESCRIBE TABLE prod.sales.t")).slice(0, 2).map((r) => r.comment)).toEqual(["order id", "customer name"]);
    await ws.sql("CREATE TABLE prod.sales.c DEEP CLONE prod.sales.t");
    const cols = await ws.sql("SELECT column_name, comment FROM prod.information_schema.columns WHERE table_name = 'c' ORDER BY ordinal_position");
    expect(cols).toEqual([{ column_name: "id", comment: "order id" }, { column_name: "name", comment: "customer name" }]);
  });

  it("ALTER TABLE SET / UNSET TBLPROPERTIES commit SET TBLPROPERTIES / UNSET TBLPROPERTIES", async () => {
    const [s] = await commitsOnly("ALTER TABLE prod.sales.t SET TBLPROPERTIES ('quality' = 'gold')", ["SET TBLPROPERTIES"]);
    expect(JSON.parse((s.operationParameters as Record<string, string>).properties)).toEqual({ quality: "gold" });
    await commitsOnly("ALTER TABLE prod.sales.t UNSET TBLPROPERTIES ('quality')", ["UNSET TBLPROPERTIES"]);
  });

  it("OPTIMIZE commits OPTIMIZE (predicate, zOrderBy, auto; files re-added with dataChange false); nothing to compact commits nothing", async () => {
    await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'n3')");
    const [o] = await commitsOnly("OPTIMIZE prod.sales.t ZORDER BY (id)", ["OPTIMIZE"]);
    expect(o.operationParameters).toMatchObject({ predicate: "[]", zOrderBy: '["id"]', auto: "false" });
    expect(o.operationMetrics).toMatchObject({ numRemovedFiles: "2", numAddedFiles: "1" });
    const n = await versions();
    await ws.sql("OPTIMIZE prod.sales.t");
    expect(await versions()).toBe(n);
  });

  it("VACUUM commits VACUUM START then VACUUM END (retention parameters, status); DRY RUN commits nothing", async () => {
    const n = await versions();
    await ws.sql("VACUUM prod.sales.t DRY RUN");
    expect(await versions()).toBe(n);
    const [end, start] = await commitsOnly("VACUUM prod.sales.t", ["VACUUM START", "VACUUM END"]);
    expect(start.operationParameters).toMatchObject({ retentionCheckEnabled: "true", defaultRetentionMillis: String(7 * 24 * 3600_000) });
    expect(start.operationMetrics).toMatchObject({ numFilesToDelete: "0" });
    expect(end.operationParameters).toEqual({ status: "COMPLETED" });
  });

  it("ANALYZE TABLE ... COMPUTE [DELTA] STATISTICS commits COMPUTE STATS (GUESS for the optimizer-statistics form)", async () => {
    const [h] = await commitsOnly("ANALYZE TABLE prod.sales.t COMPUTE STATISTICS", ["COMPUTE STATS"]);
    expect(h.operationParameters).toEqual({ predicate: "[]" });
    await commitsOnly("ANALYZE TABLE prod.sales.t COMPUTE DELTA STATISTICS", ["COMPUTE STATS"]);
  });

  it("tags are Unity Catalog metadata: SET TAGS / UNSET TAGS on a table or column commit no Delta version", async () => {
    const n = await versions();
    await ws.sql("ALTER TABLE prod.sales.t SET TAGS ('pii' = 'no')");
    await ws.sql("ALTER TABLE prod.sales.t ALTER COLUMN name SET TAGS ('pii' = 'yes')");
    await ws.sql("ALTER TABLE prod.sales.t UNSET TAGS ('pii')");
    expect(await versions()).toBe(n);
    expect((await top()).operation).toBe("WRITE");
  });

  it("comments on views, schemas and catalogs are Unity Catalog metadata only (no Delta log to commit to)", async () => {
    await ws.sql("CREATE VIEW prod.sales.v AS SELECT id FROM prod.sales.t");
    const n = await versions();
    await ws.sql("COMMENT ON TABLE prod.sales.v IS 'a view'");
    await ws.sql("COMMENT ON SCHEMA prod.sales IS 'sales'");
    await ws.sql("COMMENT ON CATALOG prod IS 'production'");
    expect(await versions()).toBe(n);
    expect((await ws.sql("SELECT comment FROM prod.information_schema.tables WHERE table_name = 'v'"))[0].comment).toBe("a view");
  });
});
