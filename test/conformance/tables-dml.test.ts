import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); await ws.sql("CREATE CATALOG prod"); await ws.sql("CREATE SCHEMA prod.sales"); });
afterEach(async () => { await ws.cleanup(); });

const history = async (t: string) => ws.sql(`DESCRIBE HISTORY ${t}`);

describe("tables and DML (Delta writes)", () => {
  it("CREATE TABLE commits version 0 with operation CREATE TABLE (delta-describe-history)", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT NOT NULL, name STRING COMMENT 'who') COMMENT 'orders'");
    const h = await history("prod.sales.t");
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ version: 0, operation: "CREATE TABLE", userName: "tester@example.com" });
  });

  it("CREATE TABLE of an existing name fails with TABLE_OR_VIEW_ALREADY_EXISTS (42P07); IF NOT EXISTS is a no-op", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id INT)");
    const e = await ws.fails("CREATE TABLE prod.sales.t (id INT)");
    expect(e.errorClass).toBe("TABLE_OR_VIEW_ALREADY_EXISTS");
    expect(e.sqlState).toBe("42P07");
    await ws.sql("CREATE TABLE IF NOT EXISTS prod.sales.t (x STRING)");
    expect((await ws.sql("DESCRIBE TABLE prod.sales.t")).map((r) => r.col_name)).toEqual(["id"]);
  });

  it("CREATE TABLE in a missing schema fails with SCHEMA_NOT_FOUND (42704)", async () => {
    const e = await ws.fails("CREATE TABLE prod.nope.t (id INT)");
    expect(e.errorClass).toBe("SCHEMA_NOT_FOUND");
    expect(e.sqlState).toBe("42704");
  });

  it("INSERT INTO ... VALUES appends one WRITE version (mode Append) and returns num_affected_rows", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT, name STRING)");
    const r = await ws.sql("INSERT INTO prod.sales.t VALUES (1, 'a'), (2, 'b')");
    expect(r).toEqual([{ num_affected_rows: 2, num_inserted_rows: 2 }]);
    const [h] = await history("prod.sales.t");
    expect(h).toMatchObject({ version: 1, operation: "WRITE", isBlindAppend: true, readVersion: 0 });
    expect(h.operationParameters).toMatchObject({ mode: "Append" });
    expect(h.operationMetrics).toMatchObject({ numOutputRows: "2", numFiles: "1" });
  });

  it("INSERT ... SELECT reading its own target is not a blind append (isBlindAppend false)", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    await ws.sql("INSERT INTO prod.sales.t SELECT id + 10, name FROM prod.sales.t");
    const [h] = await history("prod.sales.t");
    expect(h.isBlindAppend).toBe(false);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 4 }]);
  });

  it("INSERT with a column list fills the other columns with NULL", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT, name STRING, qty INT)");
    await ws.sql("INSERT INTO prod.sales.t (qty, id) VALUES (5, 1)");
    expect(await ws.sql("SELECT * FROM prod.sales.t")).toEqual([{ id: 1, name: null, qty: 5 }]);
  });

  it("INSERT with too few data columns fails with INSERT_COLUMN_ARITY_MISMATCH", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT, name STRING)");
    expect((await ws.fails("INSERT INTO prod.sales.t VALUES (1)")).errorClass).toMatch(/^INSERT_COLUMN_ARITY_MISMATCH/);
  });

  it("NOT NULL columns reject NULLs with DELTA_NOT_NULL_CONSTRAINT_VIOLATED and commit nothing", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT NOT NULL, name STRING)");
    expect((await ws.fails("INSERT INTO prod.sales.t VALUES (NULL, 'x')")).errorClass).toBe("DELTA_NOT_NULL_CONSTRAINT_VIOLATED");
    expect(await history("prod.sales.t")).toHaveLength(1);
  });

  it("Spark string literals keep backslash escapes ('a\\'b') when inserted", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (s STRING)");
    await ws.sql("INSERT INTO prod.sales.t VALUES ('it\\'s'), (\"dq\"), ('a\\\\b')");
    expect((await ws.sql("SELECT s FROM prod.sales.t ORDER BY s")).map((r) => r.s)).toEqual(["a\\b", "dq", "it's"]);
  });

  it("INSERT OVERWRITE replaces all rows (WRITE, mode Overwrite, not a blind append)", async () => {
    await seedTable(ws, "prod.sales.t", 3);
    await ws.sql("INSERT OVERWRITE prod.sales.t SELECT 9, 'z'");
    expect(await ws.sql("SELECT * FROM prod.sales.t")).toEqual([{ id: 9, name: "z" }]);
    const [h] = await history("prod.sales.t");
    expect(h.operationParameters).toMatchObject({ mode: "Overwrite" });
    expect(h.isBlindAppend).toBe(false);
  });

  it("UPDATE rewrites only files holding matching rows and records numUpdatedRows (delta UPDATE metrics)", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id BIGINT, name STRING)");
    await ws.sql("INSERT INTO prod.sales.t VALUES (1, 'a'), (2, 'b')");
    await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'c')");
    expect(await ws.sql("UPDATE prod.sales.t SET name = upper(name) WHERE id = 3")).toEqual([{ num_affected_rows: 1 }]);
    const [h] = await history("prod.sales.t");
    expect(h.operation).toBe("UPDATE");
    expect(h.operationMetrics).toMatchObject({ numUpdatedRows: "1", numRemovedFiles: "1", numAddedFiles: "1", numCopiedRows: "0" });
    expect((await ws.sql("SELECT name FROM prod.sales.t ORDER BY id")).map((r) => r.name)).toEqual(["a", "b", "C"]);
    const [d] = await ws.sql("DESCRIBE DETAIL prod.sales.t");
    expect(d.numFiles).toBe(2);
  });

  it("UPDATE matching no rows commits no version", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    expect(await ws.sql("UPDATE prod.sales.t SET name = 'x' WHERE id = 99")).toEqual([{ num_affected_rows: 0 }]);
    expect(await history("prod.sales.t")).toHaveLength(2);
  });

  it("DELETE with a predicate commits DELETE with numDeletedRows; without one removes every file", async () => {
    await seedTable(ws, "prod.sales.t", 3);
    expect(await ws.sql("DELETE FROM prod.sales.t WHERE id >= 2")).toEqual([{ num_affected_rows: 2 }]);
    expect((await history("prod.sales.t"))[0]).toMatchObject({ operation: "DELETE" });
    expect((await history("prod.sales.t"))[0].operationMetrics).toMatchObject({ numDeletedRows: "2", numCopiedRows: "1" });
    await ws.sql("DELETE FROM prod.sales.t");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 0 }]);
  });

  it("MERGE INTO updates matches, inserts non-matches and reports the four-count row (delta-merge-into)", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    const r = await ws.sql(
      "MERGE INTO prod.sales.t AS t USING (SELECT * FROM VALUES (2, 'B'), (3, 'C') AS s(id, name)) AS s ON t.id = s.id " +
        "WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)",
    );
    expect(r).toEqual([{ num_affected_rows: 2, num_updated_rows: 1, num_deleted_rows: 0, num_inserted_rows: 1 }]);
    expect(await ws.sql("SELECT id, name FROM prod.sales.t ORDER BY id")).toEqual([
      { id: 1, name: "n1" }, { id: 2, name: "B" }, { id: 3, name: "C" },
    ]);
    const [h] = await history("prod.sales.t");
    expect(h.operation).toBe("MERGE");
    expect(h.operationMetrics).toMatchObject({ numTargetRowsInserted: "1", numTargetRowsUpdated: "1", numSourceRows: "2" });
  });

  it("MERGE supports UPDATE SET * / INSERT * and WHEN MATCHED ... DELETE", async () => {
    await seedTable(ws, "prod.sales.t", 3);
    await ws.sql("CREATE TABLE prod.sales.src (id BIGINT, name STRING)");
    await ws.sql("INSERT INTO prod.sales.src VALUES (1, 'x'), (2, 'del'), (4, 'new')");
    await ws.sql(
      "MERGE INTO prod.sales.t t USING prod.sales.src s ON t.id = s.id " +
        "WHEN MATCHED AND s.name = 'del' THEN DELETE WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
    );
    expect(await ws.sql("SELECT id, name FROM prod.sales.t ORDER BY id")).toEqual([
      { id: 1, name: "x" }, { id: 3, name: "n3" }, { id: 4, name: "new" },
    ]);
  });

  it("CTAS creates a table with the query's schema in one CREATE TABLE AS SELECT version", async () => {
    await seedTable(ws, "prod.sales.t", 3);
    await ws.sql("CREATE TABLE prod.sales.c AS SELECT id, upper(name) AS n FROM prod.sales.t WHERE id < 3");
    expect((await ws.sql("DESCRIBE TABLE prod.sales.c")).map((r) => [r.col_name, r.data_type])).toEqual([["id", "bigint"], ["n", "string"]]);
    const h = await history("prod.sales.c");
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ version: 0, operation: "CREATE TABLE AS SELECT" });
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.c")).toEqual([{ n: 2 }]);
  });

  it("CREATE OR REPLACE TABLE keeps the table's history and adds a CREATE OR REPLACE TABLE version", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    await ws.sql("CREATE OR REPLACE TABLE prod.sales.t (x STRING)");
    const h = await history("prod.sales.t");
    expect(h.map((r) => r.operation)).toEqual(["CREATE OR REPLACE TABLE", "WRITE", "CREATE TABLE"]);
    expect(await ws.sql("SELECT * FROM prod.sales.t")).toEqual([]);
  });

  it("LOCATION makes an EXTERNAL table; USING PARQUET records the format", async () => {
    await ws.sql("CREATE TABLE prod.sales.e (id INT) LOCATION 's3://bucket/e'");
    await ws.sql("CREATE TABLE prod.sales.p (id INT) USING PARQUET LOCATION 's3://bucket/p'");
    const doc = ws.wh.context.readMeta();
    expect(doc.tables["prod.sales.e"]).toMatchObject({ type: "EXTERNAL", location: "s3://bucket/e", format: "DELTA" });
    expect(doc.tables["prod.sales.p"]).toMatchObject({ type: "EXTERNAL", format: "PARQUET" });
  });

  it("PARTITIONED BY and TBLPROPERTIES are recorded in DESCRIBE DETAIL", async () => {
    await ws.sql("CREATE TABLE prod.sales.t (id INT, region STRING) PARTITIONED BY (region) TBLPROPERTIES ('delta.appendOnly' = 'false', 'team' = 'x')");
    const [d] = await ws.sql("DESCRIBE DETAIL prod.sales.t");
    expect(d.partitionColumns).toEqual(["region"]);
    expect(d.properties).toEqual({ "delta.appendOnly": "false", team: "x" });
  });

  it("ALTER TABLE ADD COLUMNS commits ADD COLUMNS; old rows read the new column as NULL", async () => {
    await seedTable(ws, "prod.sales.t", 1);
    await ws.sql("ALTER TABLE prod.sales.t ADD COLUMNS (qty INT COMMENT 'q')");
    expect((await history("prod.sales.t"))[0].operation).toBe("ADD COLUMNS");
    await ws.sql("INSERT INTO prod.sales.t VALUES (2, 'b', 7)");
    expect(await ws.sql("SELECT id, qty FROM prod.sales.t ORDER BY id")).toEqual([{ id: 1, qty: null }, { id: 2, qty: 7 }]);
  });

  it("ALTER TABLE RENAME TO moves the table and keeps its data and history", async () => {
    await seedTable(ws, "prod.sales.t", 2);
    await ws.sql("ALTER TABLE prod.sales.t RENAME TO prod.sales.t2");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t2")).toEqual([{ n: 2 }]);
    expect(await history("prod.sales.t2")).toHaveLength(2);
    expect((await ws.fails("SELECT * FROM prod.sales.t")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("DROP TABLE removes the table; DROP TABLE IF EXISTS of a missing table succeeds", async () => {
    await seedTable(ws, "prod.sales.t", 1);
    await ws.sql("DROP TABLE prod.sales.t");
    expect((await ws.fails("DROP TABLE prod.sales.t")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    await ws.sql("DROP TABLE IF EXISTS prod.sales.t");
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

  it("DROP VIEW of a table fails (EXPECT_VIEW_NOT_TABLE) and DML on a view fails (EXPECT_TABLE_NOT_VIEW)", async () => {
    await seedTable(ws, "prod.sales.t", 1);
    await ws.sql("CREATE VIEW prod.sales.v AS SELECT * FROM prod.sales.t");
    expect((await ws.fails("DROP VIEW prod.sales.t")).errorClass).toMatch(/^EXPECT_VIEW_NOT_TABLE/);
    expect((await ws.fails("INSERT INTO prod.sales.v VALUES (1, 'x')")).errorClass).toMatch(/^EXPECT_TABLE_NOT_VIEW/);
    await ws.sql("DROP VIEW prod.sales.v");
  });
});

describe("maintenance statements", () => {
  it("TRUNCATE TABLE removes every file in one TRUNCATE version", async () => {
    await seedTable(ws, "prod.sales.t", 3);
    await ws.sql("TRUNCATE TABLE prod.sales.t");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 0 }]);
    expect((await history("prod.sales.t"))[0]).toMatchObject({ version: 2, operation: "TRUNCATE" });
  });

  it("SHOW COLUMNS IN t lists the columns", async () => {
    await seedTable(ws, "prod.sales.t", 0);
    expect(await ws.sql("SHOW COLUMNS IN prod.sales.t")).toEqual([{ col_name: "id" }, { col_name: "name" }]);
  });

  it("ANALYZE TABLE ... COMPUTE STATISTICS and REFRESH TABLE need an existing object; REFRESH commits nothing", async () => {
    await seedTable(ws, "prod.sales.t", 1);
    await ws.sql("REFRESH TABLE prod.sales.t");
    expect(await history("prod.sales.t")).toHaveLength(2);
    await ws.sql("ANALYZE TABLE prod.sales.t COMPUTE STATISTICS NOSCAN");
    expect((await history("prod.sales.t")).map((r) => r.operation)).toEqual(["COMPUTE STATS", "WRITE", "CREATE TABLE"]);
    expect((await ws.fails("ANALYZE TABLE prod.sales.nope COMPUTE STATISTICS")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });
});
