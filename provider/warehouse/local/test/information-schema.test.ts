/**
 * information_schema and SHOW CREATE TABLE internals: every view the engine serves has its declared column
 * list, and identifiers and types print as Databricks prints them (the SQL-level behaviour is in
 * test/conformance/cases/information-schema.slt).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseDataType, INFO_SCHEMA_COLUMNS } from "../statements/infoSchema";
import { printIdent, printType } from "../statements/showCreateTable";
import { engineWorkspace, type EngineWorkspace } from "./workspace";

let ws: EngineWorkspace;
const sql = (s: string) => ws.sql(s);

beforeAll(async () => {
  ws = await engineWorkspace();
  await sql("CREATE CATALOG prod");
  await sql("CREATE SCHEMA prod.sales COMMENT 'sales domain'");
  await sql("CREATE TABLE prod.sales.orders (id BIGINT NOT NULL COMMENT 'order id', amount DECIMAL(12,2), day DATE) PARTITIONED BY (day) COMMENT 'orders'");
  await sql("INSERT INTO prod.sales.orders VALUES (1, 9.99, DATE'2026-01-01')");
  await sql("CREATE VIEW prod.sales.big_orders AS SELECT id, amount FROM prod.sales.orders WHERE amount > 100");
  await sql("CREATE SCHEMA prod.hr");
  await sql("CREATE TABLE prod.hr.people (id INT, name STRING)");
});

afterAll(async () => {
  await ws.cleanup();
});

describe("information_schema views", () => {
  test("every view answers with its documented column list even when empty", async () => {
    for (const [view, cols] of Object.entries(INFO_SCHEMA_COLUMNS)) {
      const rows = await sql(`SELECT * FROM prod.information_schema.${view} LIMIT 1`);
      if (rows.length > 0) expect(Object.keys(rows[0])).toEqual(cols.map((c) => c.name));
    }
  });
});

describe("SHOW CREATE TABLE", () => {
  test("identifiers and types print as Databricks does", () => {
    expect(printIdent("orders")).toBe("orders");
    expect(printIdent("Order Lines")).toBe("`Order Lines`");
    expect(printType("struct<a: int, b: array<string>>")).toBe("STRUCT<a: INT, b: ARRAY<STRING>>");
    expect(baseDataType("decimal(10,2)")).toBe("DECIMAL");
    expect(baseDataType("bigint")).toBe("LONG");
  });
});
