import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { WarehouseError } from "../../provider/warehouse/warehouse";

let ws: TempWorkspace;
beforeAll(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.sales.t", 1); });
afterAll(async () => { await ws.cleanup(); });

describe("errors as Databricks prints them: [ERROR_CLASS] message SQLSTATE: xxxxx (reference §7)", () => {
  it("every engine error is a WarehouseError whose message has the class prefix and SQLSTATE suffix", async () => {
    const e = await ws.fails("SELECT * FROM prod.sales.missing");
    expect(e).toBeInstanceOf(WarehouseError);
    expect(e.message).toMatch(/^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `prod`\.`sales`\.`missing` cannot be found\./);
    expect(e.message).toMatch(/SQLSTATE: 42P01$/);
    expect(WarehouseError.fromMessage(e.message).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("TABLE_OR_VIEW_NOT_FOUND names the session-qualified relation for 1-part names", async () => {
    const e = await ws.fails("SELECT * FROM missing");
    expect(e.message).toContain("`main`.`default`.`missing`");
  });

  it("a missing schema in a table reference is SCHEMA_NOT_FOUND, a missing catalog NO_SUCH_CATALOG_EXCEPTION (Unity Catalog's class, SQLSTATE 42704)", async () => {
    expect((await ws.fails("SELECT * FROM prod.nope.t")).errorClass).toBe("SCHEMA_NOT_FOUND");
    expect((await ws.fails("SELECT * FROM nope.sales.t")).errorClass).toBe("NO_SUCH_CATALOG_EXCEPTION");
  });

  it("malformed SQL fails with PARSE_SYNTAX_ERROR (42601)", async () => {
    for (const bad of ["SELECT 'unterminated", "CREATE TABLE prod.sales.x (id INT", "SELECT `unterminated"]) {
      const e = await ws.fails(bad);
      expect(e.errorClass).toBe("PARSE_SYNTAX_ERROR");
      expect(e.sqlState).toBe("42601");
    }
  });

  it("more than one statement per call is refused (PARSE_SYNTAX_ERROR)", async () => {
    expect((await ws.fails("SELECT 1; DROP TABLE prod.sales.t")).errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 1 }]);
  });

  it("a trailing semicolon is accepted", async () => {
    expect(await ws.sql("SELECT 1 AS one;")).toEqual([{ one: 1 }]);
  });

  it("statements the local engine does not implement fail loudly with UNSUPPORTED_FEATURE.LOCAL_ENGINE naming them", async () => {
    const e = await ws.fails("CREATE CONNECTION pg TYPE postgresql OPTIONS (host 'x')");
    expect(e.errorClass).toBe("UNSUPPORTED_FEATURE.LOCAL_ENGINE");
    expect(e.message).toContain("CREATE CONNECTION");
    expect(e.transient).toBe(false);
  });

  it("temporary views are refused loudly rather than silently ignored", async () => {
    expect((await ws.fails("CREATE TEMPORARY VIEW tv AS SELECT 1")).errorClass).toBe("UNSUPPORTED_FEATURE.LOCAL_ENGINE");
  });

  it("unknown functions fail with UNRESOLVED_ROUTINE (42883)", async () => {
    const e = await ws.fails("SELECT no_such_fn(1)");
    expect(e.errorClass).toBe("UNRESOLVED_ROUTINE");
    expect(e.sqlState).toBe("42883");
  });

  it("bad casts fail with CAST_INVALID_INPUT (22018)", async () => {
    expect((await ws.fails("SELECT CAST('abc' AS INT)")).errorClass).toBe("CAST_INVALID_INPUT");
  });

  it("a duplicate column in CREATE TABLE fails with COLUMN_ALREADY_EXISTS", async () => {
    expect((await ws.fails("CREATE TABLE prod.sales.d (a INT, A STRING)")).errorClass).toBe("COLUMN_ALREADY_EXISTS");
  });

  it("an unknown data type fails with UNSUPPORTED_DATATYPE", async () => {
    expect((await ws.fails("CREATE TABLE prod.sales.d (a FANCYTYPE)")).errorClass).toBe("UNSUPPORTED_DATATYPE");
  });

  it("permanent errors are not transient; Delta write races are (retry classification)", async () => {
    expect((await ws.fails("SELECT * FROM prod.sales.missing")).transient).toBe(false);
    expect(new WarehouseError({ errorClass: "DELTA_CONCURRENT_APPEND", message: "x" }).transient).toBe(true);
  });
});
