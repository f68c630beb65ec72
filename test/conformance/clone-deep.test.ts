import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.orders", 3);
  await ws.sql("CREATE CATALOG qa");
  await ws.sql("CREATE SCHEMA qa.sales");
});
afterEach(async () => { await ws.cleanup(); });

const METRIC_COLUMNS = ["source_table_size", "source_num_of_files", "num_removed_files", "num_copied_files", "removed_files_size", "copied_files_size"];

describe("DEEP CLONE (reference §1)", () => {
  it("DEEP CLONE returns the six-column metrics row (delta-clone 'Clone metrics')", async () => {
    const [m] = await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect(Object.keys(m)).toEqual(METRIC_COLUMNS);
    expect(m).toMatchObject({ source_num_of_files: 1, num_copied_files: 1, num_removed_files: 0, removed_files_size: 0 });
    expect(m.copied_files_size).toBe(m.source_table_size);
  });

  it("CLONE without DEEP/SHALLOW is a deep clone", async () => {
    const [m] = await ws.sql("CREATE TABLE qa.sales.orders CLONE prod.sales.orders");
    expect(m.num_copied_files).toBe(1);
    expect(ws.wh.context.readMeta().tables["qa.sales.orders"].type).toBe("MANAGED");
  });

  it("the clone has the source's rows and an independent copy of the data", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.sql("DELETE FROM prod.sales.orders");
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.orders RETAIN 0 HOURS");
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.orders")).toEqual([{ n: 3 }]);
  });

  it("the clone's history starts with one CLONE version with source, sourceVersion, isShallow (history is not copied)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    const h = await ws.sql("DESCRIBE HISTORY qa.sales.orders");
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ version: 0, operation: "CLONE" });
    expect(h[0].operationParameters).toEqual({ source: "prod.sales.orders", sourceVersion: "1", isShallow: "false" });
    expect(h[0].operationMetrics).toMatchObject({ numCopiedFiles: "1", sourceNumOfFiles: "1" });
  });

  it("clone of VERSION AS OF n copies that version", async () => {
    await ws.sql("INSERT INTO prod.sales.orders VALUES (4, 'n4')");
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders VERSION AS OF 1");
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.orders")).toEqual([{ n: 3 }]);
    expect((await ws.sql("DESCRIBE HISTORY qa.sales.orders"))[0].operationParameters).toMatchObject({ sourceVersion: "1" });
  });

  it("clone source time travel also accepts @vN and TIMESTAMP AS OF", async () => {
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.orders");
    await ws.sql("INSERT INTO prod.sales.orders VALUES (4, 'n4')");
    await ws.sql("CREATE TABLE qa.sales.a DEEP CLONE prod.sales.orders@v1");
    const ts = (h[0].timestamp as Date).toISOString().replace("T", " ").replace("Z", "");
    await ws.sql(`CREATE TABLE qa.sales.b SHALLOW CLONE prod.sales.orders TIMESTAMP AS OF '${ts}'`);
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.a")).toEqual([{ n: 3 }]);
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.b")).toEqual([{ n: 3 }]);
    expect((await ws.sql("DESCRIBE HISTORY qa.sales.b"))[0].operationParameters).toMatchObject({ sourceVersion: "1" });
  });

  it("clone of a version that does not exist fails with DELTA_VERSION_NOT_FOUND", async () => {
    expect((await ws.fails("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders VERSION AS OF 9")).errorClass).toBe("DELTA_VERSION_NOT_FOUND");
  });

  it("clone copies schema, partitioning and TBLPROPERTIES; the TBLPROPERTIES clause overrides", async () => {
    await ws.sql("CREATE TABLE prod.sales.p (id INT, region STRING) PARTITIONED BY (region) TBLPROPERTIES ('a' = '1', 'b' = '2')");
    await ws.sql("CREATE TABLE qa.sales.p DEEP CLONE prod.sales.p TBLPROPERTIES ('b' = 'x', 'c' = '3')");
    const [d] = await ws.sql("DESCRIBE DETAIL qa.sales.p");
    expect(d.partitionColumns).toEqual(["region"]);
    expect(d.properties).toEqual({ a: "1", b: "x", c: "3" });
    expect((await ws.sql("DESCRIBE TABLE qa.sales.p")).slice(0, 2).map((r) => r.col_name)).toEqual(["id", "region"]);
  });

  it("clone does not copy the comment (docs: 'Metadata not cloned are the table description and user-defined commit metadata'), tags ('Unity Catalog properties are not copied, such as tags'), grants or row filters/masks; the caller owns it; it gets a new Delta id", async () => {
    await ws.sql("CREATE TABLE prod.sales.c (id INT) COMMENT 'secret'");
    await ws.wh.context.mutateMeta((doc) => {
      const t = doc.tables["prod.sales.c"];
      t.tags = { pii: "yes" };
      t.grants = [{ principal: "analysts", privilege: "SELECT" }];
      t.owner = "someone@else";
      t.rowFilter = { function: "prod.sales.f", inputColumns: ["id"] };
    });
    await ws.sql("CREATE TABLE qa.sales.c DEEP CLONE prod.sales.c");
    const t = ws.wh.context.readMeta().tables["qa.sales.c"];
    expect(t).toMatchObject({ comment: null, tags: {}, grants: [], owner: "tester@example.com", rowFilter: null, columnMasks: [] });
    const [src] = await ws.sql("DESCRIBE DETAIL prod.sales.c");
    const [dst] = await ws.sql("DESCRIBE DETAIL qa.sales.c");
    expect(dst.id).not.toBe(src.id);
  });

  it("re-clone of the same source with CREATE OR REPLACE copies only the files added since (incremental, reference §1.5)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.sql("INSERT INTO prod.sales.orders VALUES (4, 'n4')");
    const [m] = await ws.sql("CREATE OR REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect(m).toMatchObject({ source_num_of_files: 2, num_copied_files: 1, num_removed_files: 0 });
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.orders")).toEqual([{ n: 4 }]);
  });

  it("re-clone with nothing new copies nothing but still commits a CLONE version (GUESS §1.5)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    const [m] = await ws.sql("CREATE OR REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect(m).toMatchObject({ num_copied_files: 0, copied_files_size: 0, num_removed_files: 0 });
    expect((await ws.sql("DESCRIBE HISTORY qa.sales.orders")).map((r) => r.operation)).toEqual(["CLONE", "CLONE"]);
  });

  it("target-side edits are reverted by a re-clone and counted as removed files", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.sql("INSERT INTO qa.sales.orders VALUES (99, 'local edit')");
    const [m] = await ws.sql("CREATE OR REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect(m).toMatchObject({ num_removed_files: 1, num_copied_files: 0 });
    expect(m.removed_files_size as number).toBeGreaterThan(0);
    expect(await ws.sql("SELECT count(*) AS n FROM qa.sales.orders WHERE id = 99")).toEqual([{ n: 0 }]);
  });

  it("REPLACE keeps the target's history, grants and comment (versions stack on the target)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.wh.context.mutateMeta((doc) => { doc.tables["qa.sales.orders"].grants = [{ principal: "qa", privilege: "SELECT" }]; });
    await ws.sql("REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect((await ws.sql("DESCRIBE HISTORY qa.sales.orders")).map((r) => r.version)).toEqual([1, 0]);
    expect(ws.wh.context.readMeta().tables["qa.sales.orders"].grants).toEqual([{ principal: "qa", privilege: "SELECT" }]);
  });

  it("a clone target restored to its pre-clone version brings back the old data (rollback)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders (id BIGINT, name STRING)");
    await ws.sql("INSERT INTO qa.sales.orders VALUES (100, 'old')");
    await ws.sql("CREATE OR REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.sql("RESTORE TABLE qa.sales.orders TO VERSION AS OF 1");
    expect(await ws.sql("SELECT id FROM qa.sales.orders")).toEqual([{ id: 100 }]);
  });

  it("CREATE TABLE ... CLONE onto an existing table fails with TABLE_OR_VIEW_ALREADY_EXISTS", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect((await ws.fails("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders")).errorClass).toBe("TABLE_OR_VIEW_ALREADY_EXISTS");
  });

  it("CREATE TABLE IF NOT EXISTS ... CLONE of an existing target is ignored and returns no row (GUESS §1.1)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect(await ws.sql("CREATE TABLE IF NOT EXISTS qa.sales.orders DEEP CLONE prod.sales.orders")).toEqual([]);
    expect(await ws.sql("DESCRIBE HISTORY qa.sales.orders")).toHaveLength(1);
  });

  it("REPLACE TABLE ... CLONE of a missing target fails with DELTA_CANNOT_REPLACE_MISSING_TABLE (42P01)", async () => {
    const e = await ws.fails("REPLACE TABLE qa.sales.nope DEEP CLONE prod.sales.orders");
    expect(e.errorClass).toBe("DELTA_CANNOT_REPLACE_MISSING_TABLE");
    expect(e.sqlState).toBe("42P01");
  });

  it("replacing a table with a clone of itself fails with DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE", async () => {
    expect((await ws.fails("CREATE OR REPLACE TABLE prod.sales.orders DEEP CLONE prod.sales.orders")).errorClass).toBe("DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE");
  });

  it("views, materialized views and streaming tables are refused as clone sources (DELTA_CLONE_UNSUPPORTED_SOURCE, GUESS)", async () => {
    await ws.sql("CREATE VIEW prod.sales.v AS SELECT * FROM prod.sales.orders");
    await ws.sql("CREATE MATERIALIZED VIEW prod.sales.mv AS SELECT * FROM prod.sales.orders");
    await ws.sql("CREATE STREAMING TABLE prod.sales.st (id BIGINT)");
    for (const src of ["v", "mv", "st"]) {
      expect((await ws.fails(`CREATE TABLE qa.sales.${src} DEEP CLONE prod.sales.${src}`)).errorClass).toBe("DELTA_CLONE_UNSUPPORTED_SOURCE");
    }
  });

  it("a missing source fails with TABLE_OR_VIEW_NOT_FOUND and creates nothing", async () => {
    expect((await ws.fails("CREATE TABLE qa.sales.x DEEP CLONE prod.sales.nope")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(ws.wh.context.readMeta().tables["qa.sales.x"]).toBeUndefined();
  });

  it("LOCATION makes an EXTERNAL deep clone", async () => {
    await ws.sql("CREATE TABLE qa.sales.ext DEEP CLONE prod.sales.orders LOCATION 's3://bucket/qa/ext'");
    expect(ws.wh.context.readMeta().tables["qa.sales.ext"]).toMatchObject({ type: "EXTERNAL", location: "s3://bucket/qa/ext" });
  });

  it("deep clone from another workspace's table directory copies across metastores (sharedTableResolvers hook)", async () => {
    const { sharedTableResolvers } = await import("../../provider/warehouse/local/statementFamilies");
    const { LocalWarehouse } = await import("../../provider/warehouse/local");
    const consumer = await LocalWarehouse.openInAccount(ws.account, "consumer");
    const resolver = (_ctx: unknown, name: { catalog: string; schema: string; name: string }) =>
      name.catalog === "shared" ? { workspaceRoot: ws.dir, table: ws.wh.context.readMeta().tables[`prod.${name.schema}.${name.name}`] } : undefined;
    sharedTableResolvers.push(resolver);
    try {
      await consumer.context.mutateMeta((doc) => {
        doc.catalogs.shared = { ...doc.catalogs.main, name: "shared", share: { provider: "p", share: "s" } };
      });
      await consumer.execute("CREATE CATALOG dr");
      await consumer.execute("CREATE SCHEMA dr.sales");
      const [m] = await consumer.execute("CREATE TABLE dr.sales.orders DEEP CLONE shared.sales.orders");
      expect(m.num_copied_files).toBe(1);
      expect(await consumer.execute("SELECT count(*) AS n FROM dr.sales.orders")).toEqual([{ n: 3 }]);
    } finally {
      sharedTableResolvers.splice(sharedTableResolvers.indexOf(resolver), 1);
      await consumer.close();
    }
  });
});
