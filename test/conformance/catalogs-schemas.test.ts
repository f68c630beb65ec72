import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); });
afterEach(async () => { await ws.cleanup(); });

describe("catalogs and schemas (Unity Catalog DDL)", () => {
  it("CREATE CATALOG creates the catalog with `default` and `information_schema` schemas (uc create-catalog)", async () => {
    await ws.sql("CREATE CATALOG prod COMMENT 'production'");
    expect((await ws.sql("SHOW CATALOGS")).map((r) => r.catalog)).toContain("prod");
    expect((await ws.sql("SHOW SCHEMAS IN prod")).map((r) => r.databaseName)).toEqual(["default", "information_schema"]);
  });

  it("CREATE CATALOG on an existing name fails with CATALOG_ALREADY_EXISTS, IF NOT EXISTS tolerates it", async () => {
    await ws.sql("CREATE CATALOG prod");
    expect((await ws.fails("CREATE CATALOG prod")).errorClass).toBe("CATALOG_ALREADY_EXISTS");
    await ws.sql("CREATE CATALOG IF NOT EXISTS prod");
  });

  it("names are case-insensitive and stored lower-case; backticks quote identifiers (sql-ref-names)", async () => {
    await ws.sql("CREATE CATALOG `Prod-Data`");
    await ws.sql("CREATE SCHEMA `PROD-DATA`.Sales");
    expect((await ws.sql("SHOW SCHEMAS IN `prod-data`")).map((r) => r.databaseName)).toContain("sales");
  });

  it("CREATE SCHEMA twice fails with SCHEMA_ALREADY_EXISTS (SQLSTATE 42P06)", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    const e = await ws.fails("CREATE SCHEMA prod.s");
    expect(e.errorClass).toBe("SCHEMA_ALREADY_EXISTS");
    expect(e.sqlState).toBe("42P06");
    await ws.sql("CREATE DATABASE IF NOT EXISTS prod.s");
  });

  it("a missing catalog is Unity Catalog's NO_SUCH_CATALOG_EXCEPTION (42704, \"Catalog 'x' was not found.\"), not Spark's CATALOG_NOT_FOUND", async () => {
    for (const stmt of ["CREATE SCHEMA nope.s", "SHOW SCHEMAS IN nope", "USE CATALOG nope", "ALTER CATALOG nope SET TAGS ('a' = 'b')", "COMMENT ON CATALOG nope IS 'x'", "DROP CATALOG nope"]) {
      const e = await ws.fails(stmt);
      expect(e.errorClass, stmt).toBe("NO_SUCH_CATALOG_EXCEPTION");
      expect(e.sqlState, stmt).toBe("42704");
      expect(e.message, stmt).toMatch(/^\[NO_SUCH_CATALOG_EXCEPTION\] Catalog 'nope' was not found\. .* SQLSTATE: 42704$/s);
    }
  });

  it("DROP SCHEMA of a non-empty schema without CASCADE fails with SCHEMA_NOT_EMPTY (2BP01)", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    await ws.sql("CREATE TABLE prod.s.t (id INT)");
    const e = await ws.fails("DROP SCHEMA prod.s");
    expect(e.errorClass).toBe("SCHEMA_NOT_EMPTY");
    expect(e.sqlState).toBe("2BP01");
    await ws.sql("DROP SCHEMA prod.s CASCADE");
    expect((await ws.sql("SHOW SCHEMAS IN prod")).map((r) => r.databaseName)).not.toContain("s");
  });

  it("DROP CATALOG without CASCADE refuses a catalog holding schemas; CASCADE drops everything", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    expect((await ws.fails("DROP CATALOG prod")).errorClass).toBe("SCHEMA_NOT_EMPTY");
    await ws.sql("DROP CATALOG prod CASCADE");
    expect((await ws.sql("SHOW CATALOGS")).map((r) => r.catalog)).not.toContain("prod");
    expect((await ws.fails("SELECT * FROM prod.s.t")).errorClass).toBe("NO_SUCH_CATALOG_EXCEPTION");
  });

  it("DROP CATALOG/SCHEMA IF EXISTS of missing objects succeeds silently", async () => {
    await ws.sql("DROP CATALOG IF EXISTS nope");
    await ws.sql("DROP SCHEMA IF EXISTS main.nope");
    expect((await ws.fails("DROP SCHEMA main.nope")).errorClass).toBe("SCHEMA_NOT_FOUND");
  });

  it("USE CATALOG / USE SCHEMA set the defaults used by 1- and 2-part names and current_catalog()/current_schema()", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    await ws.sql("USE CATALOG prod");
    await ws.sql("USE SCHEMA s");
    await ws.sql("CREATE TABLE t (id INT)");
    expect((await ws.sql("SHOW TABLES IN prod.s")).map((r) => r.tableName)).toEqual(["t"]);
    const [row] = await ws.sql("SELECT current_catalog(), current_schema()");
    expect(row).toEqual({ "current_catalog()": "prod", "current_schema()": "s" });
  });

  it("USE SCHEMA of a missing schema fails with SCHEMA_NOT_FOUND", async () => {
    expect((await ws.fails("USE SCHEMA main.nope")).errorClass).toBe("SCHEMA_NOT_FOUND");
  });

  it("current_metastore() returns this workspace's metastore id and current_user() the caller", async () => {
    const [row] = await ws.sql("SELECT current_metastore() AS m, current_user() AS u");
    expect(row.m).toBe(ws.wh.metastoreId);
    expect(row.u).toBe("tester@example.com");
  });

  it("two workspaces of one account have distinct metastore ids; one directory keeps its id across reopen", async () => {
    const { LocalWarehouse } = await import("../../provider/warehouse/local");
    const other = await LocalWarehouse.openInAccount(ws.account, "ws2");
    const again = await LocalWarehouse.open(ws.dir);
    try {
      expect(other.metastoreId).not.toBe(ws.wh.metastoreId);
      expect(again.metastoreId).toBe(ws.wh.metastoreId);
      expect(ws.wh.context.accountRoot).toBe(ws.account);
    } finally {
      await other.close();
      await again.close();
    }
  });

  it("DESCRIBE CATALOG / DESCRIBE SCHEMA report name, comment and owner (info_name/info_value rows, GUESS on labels)", async () => {
    await ws.sql("CREATE CATALOG prod COMMENT 'production'");
    await ws.sql("CREATE SCHEMA prod.s COMMENT 'sales' WITH DBPROPERTIES ('team' = 'x')");
    const cat = Object.fromEntries((await ws.sql("DESCRIBE CATALOG EXTENDED prod")).map((r) => [r.info_name, r.info_value]));
    expect(cat).toMatchObject({ "Catalog Name": "prod", Comment: "production", Owner: "tester@example.com", "Catalog Type": "Regular" });
    const sch = Object.fromEntries((await ws.sql("DESCRIBE SCHEMA EXTENDED prod.s")).map((r) => [r.database_description_item, r.database_description_value]));
    expect(sch).toMatchObject({ "Catalog Name": "prod", "Namespace Name": "s", Comment: "sales", Properties: "(team,x)" });
    expect((await ws.fails("DESCRIBE SCHEMA prod.nope")).errorClass).toBe("SCHEMA_NOT_FOUND");
  });

  it("SHOW TABLES lists tables and views of a schema, with LIKE patterns", async () => {
    await ws.sql("CREATE TABLE main.default.a1 (id INT)");
    await ws.sql("CREATE TABLE main.default.b1 (id INT)");
    await ws.sql("CREATE VIEW main.default.a_view AS SELECT 1 AS x");
    expect((await ws.sql("SHOW TABLES IN main.default")).map((r) => r.tableName)).toEqual(["a1", "a_view", "b1"]);
    expect((await ws.sql("SHOW TABLES IN main.default LIKE 'a*'")).map((r) => r.tableName)).toEqual(["a1", "a_view"]);
  });
});
