import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.orders", 3);
  await ws.sql("CREATE CATALOG dev");
  await ws.sql("CREATE SCHEMA dev.sales");
});
afterEach(async () => { await ws.cleanup(); });

describe("SHALLOW CLONE (reference §1.7)", () => {
  it("SHALLOW CLONE copies no bytes: num_copied_files and copied_files_size are 0", async () => {
    const [m] = await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    expect(m).toMatchObject({ source_num_of_files: 1, num_copied_files: 0, copied_files_size: 0 });
    expect(m.source_table_size as number).toBeGreaterThan(0);
  });

  it("a shallow clone of a managed table has table type MANAGED_SHALLOW_CLONE and reads the source's rows", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    expect(ws.wh.context.readMeta().tables["dev.sales.orders"].type).toBe("MANAGED_SHALLOW_CLONE");
    expect(await ws.sql("SELECT count(*) AS n FROM dev.sales.orders")).toEqual([{ n: 3 }]);
  });

  it("a shallow clone, like a deep one, does not copy the table description (docs, clone: 'Metadata not cloned are the table description and user-defined commit metadata'); column comments travel with the schema", async () => {
    await ws.sql("CREATE TABLE prod.sales.c (id INT COMMENT 'key') COMMENT 'the description'");
    await ws.sql("CREATE TABLE dev.sales.c SHALLOW CLONE prod.sales.c");
    await ws.sql("CREATE TABLE dev.sales.d DEEP CLONE prod.sales.c");
    for (const t of ["c", "d"]) {
      const [row] = await ws.sql(`SELECT comment FROM dev.information_schema.tables WHERE table_schema = 'sales' AND table_name = '${t}'`);
      expect(row.comment, t).toBeNull();
      const [detail] = await ws.sql(`DESCRIBE DETAIL dev.sales.${t}`);
      expect(detail.description, t).toBeNull();
      const [col] = await ws.sql(`SELECT comment FROM dev.information_schema.columns WHERE table_schema = 'sales' AND table_name = '${t}'`);
      expect(col.comment, t).toBe("key");
    }
  });

  it("with LOCATION the type is EXTERNAL_SHALLOW_CLONE", async () => {
    await ws.sql("CREATE TABLE dev.sales.ext SHALLOW CLONE prod.sales.orders LOCATION 's3://b/dev/ext'");
    expect(ws.wh.context.readMeta().tables["dev.sales.ext"].type).toBe("EXTERNAL_SHALLOW_CLONE");
  });

  it("the history entry says isShallow = true", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    const [h] = await ws.sql("DESCRIBE HISTORY dev.sales.orders");
    expect(h.operationParameters).toEqual({ source: "prod.sales.orders", sourceVersion: "1", isShallow: "true" });
  });

  it("writes to the shallow clone do not change the source", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("INSERT INTO dev.sales.orders VALUES (4, 'dev')");
    await ws.sql("DELETE FROM dev.sales.orders WHERE id = 1");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.orders")).toEqual([{ n: 3 }]);
    expect((await ws.sql("SELECT id FROM dev.sales.orders ORDER BY id")).map((r) => r.id)).toEqual([2, 3, 4]);
  });

  it("source writes after the clone are not visible in the clone (it pins the cloned version)", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("INSERT INTO prod.sales.orders VALUES (4, 'n4')");
    expect(await ws.sql("SELECT count(*) AS n FROM dev.sales.orders")).toEqual([{ n: 3 }]);
  });

  it("VACUUM of the source past the clone's files breaks reads with DELTA_FILE_NOT_FOUND_DETAILED", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("INSERT OVERWRITE prod.sales.orders SELECT 10, 'x'");
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.orders RETAIN 0 HOURS");
    const e = await ws.fails("SELECT * FROM dev.sales.orders");
    expect(e.errorClass).toBe("DELTA_FILE_NOT_FOUND_DETAILED");
    expect(e.sqlState).toBe("42K03");
  });

  it("CREATE OR REPLACE ... SHALLOW CLONE repairs a clone broken by VACUUM", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("INSERT OVERWRITE prod.sales.orders SELECT 10, 'x'");
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.orders RETAIN 0 HOURS");
    const [m] = await ws.sql("CREATE OR REPLACE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    expect(m).toMatchObject({ num_removed_files: 1, num_copied_files: 0 });
    expect(await ws.sql("SELECT id FROM dev.sales.orders")).toEqual([{ id: 10 }]);
  });

  it("dropping the source (managed) breaks the shallow clone", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("DROP TABLE prod.sales.orders");
    expect((await ws.fails("SELECT * FROM dev.sales.orders")).errorClass).toBe("DELTA_FILE_NOT_FOUND_DETAILED");
  });

  it("dropping the shallow clone leaves the source intact", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    await ws.sql("DROP TABLE dev.sales.orders");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.orders")).toEqual([{ n: 3 }]);
  });

  it("a shallow clone can itself be deep-cloned (files are copied from wherever they live)", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    const [m] = await ws.sql("CREATE TABLE dev.sales.copy DEEP CLONE dev.sales.orders");
    expect(m.num_copied_files).toBe(1);
    expect(await ws.sql("SELECT count(*) AS n FROM dev.sales.copy")).toEqual([{ n: 3 }]);
  });

  it("a shallow clone of a Parquet table is refused (UC shallow clone is Delta only)", async () => {
    await ws.sql("CREATE TABLE prod.sales.pq (id INT) USING PARQUET LOCATION 's3://bucket/pq'");
    expect((await ws.fails("CREATE TABLE dev.sales.pq SHALLOW CLONE prod.sales.pq")).errorClass).toBe("DELTA_CLONE_UNSUPPORTED_SOURCE");
  });
});
