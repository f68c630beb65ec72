/**
 * Tables: the table types and formats the engine stores. The SQL-level cases are in cases/tables-dml.slt.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); await ws.sql("CREATE CATALOG prod"); await ws.sql("CREATE SCHEMA prod.sales"); });
afterEach(async () => { await ws.cleanup(); });

describe("tables and DML (Delta writes)", () => {
  it("LOCATION makes an EXTERNAL table; USING PARQUET records the format", async () => {
    await ws.sql("CREATE TABLE prod.sales.e (id INT) LOCATION 's3://bucket/e'");
    await ws.sql("CREATE TABLE prod.sales.p (id INT) USING PARQUET LOCATION 's3://bucket/p'");
    const doc = ws.wh.context.readMeta();
    expect(doc.tables["prod.sales.e"]).toMatchObject({ type: "EXTERNAL", location: "s3://bucket/e", format: "DELTA" });
    expect(doc.tables["prod.sales.p"]).toMatchObject({ type: "EXTERNAL", format: "PARQUET" });
  });

  it("views, materialized views and streaming tables are stored with their table type", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    await ws.sql("CREATE VIEW prod.sales.v (ident COMMENT 'k', nm) COMMENT 'view' AS SELECT id, name FROM prod.sales.t");
    await ws.sql("CREATE MATERIALIZED VIEW prod.sales.mv AS SELECT count(*) AS n FROM prod.sales.t");
    await ws.sql("CREATE STREAMING TABLE prod.sales.st AS SELECT * FROM STREAM(prod.sales.t)");
    const doc = ws.wh.context.readMeta();
    expect(doc.tables["prod.sales.v"].type).toBe("VIEW");
    expect(doc.tables["prod.sales.mv"].type).toBe("MATERIALIZED_VIEW");
    expect(doc.tables["prod.sales.st"].type).toBe("STREAMING_TABLE");
    expect(await ws.sql("SELECT ident FROM prod.sales.v ORDER BY ident")).toEqual([{ ident: 1 }, { ident: 2 }]);
    expect(await ws.sql("SELECT n FROM prod.sales.mv")).toEqual([{ n: 2 }]);
  });
});
