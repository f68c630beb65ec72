import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.sales.t", 2); });
afterEach(async () => { await ws.cleanup(); });

const HISTORY_COLUMNS = [
  "version", "timestamp", "userId", "userName", "operation", "operationParameters", "job", "notebook", "clusterId",
  "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata", "engineInfo",
];

describe("DESCRIBE HISTORY / DESCRIBE DETAIL / DESCRIBE TABLE (reference §2.1, §2.2)", () => {
  it("DESCRIBE HISTORY has the Delta history columns in order (delta-describe-history 'History schema')", async () => {
    const [row] = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    expect(Object.keys(row)).toEqual(HISTORY_COLUMNS);
  });

  it("DESCRIBE HISTORY is newest first; LIMIT n keeps the newest n", async () => {
    await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'x')");
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t")).map((r) => r.version)).toEqual([2, 1, 0]);
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1")).map((r) => r.version)).toEqual([2]);
  });

  it("history rows carry a timestamp, the user, readVersion and the isolation level", async () => {
    const [row] = await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1");
    expect(row.timestamp).toBeInstanceOf(Date);
    expect(row).toMatchObject({ userName: "tester@example.com", readVersion: 0, isolationLevel: "WriteSerializable", isBlindAppend: true });
  });

  it("timestamps strictly increase with versions", async () => {
    for (let i = 0; i < 3; i++) await ws.sql(`INSERT INTO prod.sales.t VALUES (${10 + i}, 'x')`);
    const ts = (await ws.sql("DESCRIBE HISTORY prod.sales.t")).map((r) => (r.timestamp as Date).getTime()).reverse();
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
  });

  it("DESCRIBE DETAIL returns one row with the documented columns and no version column", async () => {
    const rows = await ws.sql("DESCRIBE DETAIL prod.sales.t");
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0])).toEqual([
      "format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns", "clusteringColumns",
      "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures", "statistics",
    ]);
    expect(rows[0]).toMatchObject({ format: "delta", name: "prod.sales.t", numFiles: 1 });
    expect(rows[0].sizeInBytes as number).toBeGreaterThan(0);
  });

  it("DESCRIBE DETAIL of a view fails (DELTA_DESCRIBE_DETAIL_VIEW)", async () => {
    await ws.sql("CREATE VIEW prod.sales.v AS SELECT 1 AS x");
    expect((await ws.fails("DESCRIBE DETAIL prod.sales.v")).errorClass).toBe("DELTA_DESCRIBE_DETAIL_VIEW");
  });

  it("DESCRIBE HISTORY of a view fails as not a Delta table", async () => {
    await ws.sql("CREATE VIEW prod.sales.v AS SELECT 1 AS x");
    expect((await ws.fails("DESCRIBE HISTORY prod.sales.v")).errorClass).toBe("DELTA_NOT_A_DELTA_TABLE");
  });

  it("DESCRIBE TABLE lists col_name/data_type/comment with Spark type names", async () => {
    await ws.sql("CREATE TABLE prod.sales.typed (a INT, b DECIMAL(10, 2) COMMENT 'money', c ARRAY<STRING>, d MAP<STRING, BIGINT>, e STRUCT<x: INT, y: STRING>, f TIMESTAMP, g DATE, h BOOLEAN, i DOUBLE)");
    const rows = await ws.sql("DESCRIBE TABLE prod.sales.typed");
    expect(rows.map((r) => r.data_type)).toEqual(["int", "decimal(10,2)", "array<string>", "map<string,bigint>", "struct<x:int,y:string>", "timestamp", "date", "boolean", "double"]);
    expect(rows[1].comment).toBe("money");
  });

  it("DESCRIBE TABLE EXTENDED adds the detailed table information section", async () => {
    const rows = await ws.sql("DESCRIBE TABLE EXTENDED prod.sales.t");
    const info = Object.fromEntries(rows.map((r) => [r.col_name, r.data_type]));
    expect(info).toMatchObject({ Catalog: "prod", Database: "sales", Table: "t", Type: "MANAGED", Owner: "tester@example.com", Provider: "delta" });
  });

  it("last_altered moves with every data commit and with metadata changes (tableLastAltered)", async () => {
    const ctx = ws.wh.context;
    const entry = () => ctx.readMeta().tables["prod.sales.t"];
    const before = ctx.tableLastAltered(entry());
    await new Promise((r) => setTimeout(r, 5));
    await ws.sql("INSERT INTO prod.sales.t VALUES (9, 'z')");
    const afterInsert = ctx.tableLastAltered(entry());
    expect(afterInsert).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, 5));
    await ws.sql("ALTER TABLE prod.sales.t RENAME TO prod.sales.t2");
    expect(ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t2"])).toBeGreaterThan(afterInsert);
  });

  it("OPTIMIZE compacts several files into one, bumps the version and moves last_altered (a false positive for drift)", async () => {
    await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'c')");
    const ctx = ws.wh.context;
    const before = ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t"]);
    await new Promise((r) => setTimeout(r, 5));
    const [r] = await ws.sql("OPTIMIZE prod.sales.t");
    expect(r.metrics).toMatchObject({ numFilesAdded: 1, numFilesRemoved: 2 });
    const [h] = await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1");
    expect(h).toMatchObject({ version: 3, operation: "OPTIMIZE" });
    expect((await ws.sql("DESCRIBE DETAIL prod.sales.t"))[0].numFiles).toBe(1);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 3 }]);
    expect(ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t"])).toBeGreaterThan(before);
  });

  it("alterTableMetadata commits a metadata-only version (the hook governance uses for SET TBLPROPERTIES)", async () => {
    const ctx = ws.wh.context;
    const v = await ctx.alterTableMetadata(ctx.readMeta().tables["prod.sales.t"], "SET TBLPROPERTIES", { properties: '{"k":"v"}' }, (m) => { m.properties.k = "v"; });
    expect(v).toBe(2);
    expect(ctx.tableMetadata(ctx.readMeta().tables["prod.sales.t"])!.properties).toEqual({ k: "v" });
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1"))[0].operation).toBe("SET TBLPROPERTIES");
  });
});
