/**
 * Conformance: Unity Catalog SQL functions on the local engine (CREATE/DROP/SHOW/DESCRIBE FUNCTION,
 * calls from queries and views, information_schema.routines/parameters).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorClassOf, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { expandFunctionCalls } from "../../provider/warehouse/local/frontEnd/functionCalls";
import { parseCreateFunction } from "../../provider/warehouse/local/statements/functions";
import { StatementCursor } from "../../provider/warehouse/local/frontEnd/statementCursor";
import { tokenize } from "../../provider/warehouse/local/frontEnd/lexer";
import type { MetastoreDocument } from "../../provider/warehouse/local/metastore/model";

let ws: TempWorkspace;
const sql = (s: string) => ws.sql(s);

beforeAll(async () => {
  ws = await tempWorkspace();
});

afterAll(async () => {
  await ws.cleanup();
});

describe("SQL UDFs", () => {
  test("CREATE FUNCTION ... RETURN expr is callable by its three-part name in SELECT", async () => {
    await sql("CREATE SCHEMA main.f1");
    await sql("CREATE FUNCTION main.f1.mask_email(email STRING) RETURNS STRING COMMENT 'hide the user part' RETURN concat('***', substr(email, instr(email, '@')))");
    expect(await sql("SELECT main.f1.mask_email('ann@corp.com') AS m")).toEqual([{ m: "***@corp.com" }]);
  });

  test("an unqualified call resolves in the current schema (USE SCHEMA)", async () => {
    await sql("CREATE SCHEMA main.f2");
    await sql("CREATE FUNCTION main.f2.plus_one(x INT) RETURNS INT RETURN x + 1");
    await sql("USE SCHEMA f2");
    try {
      expect(await sql("SELECT plus_one(41) AS v")).toEqual([{ v: 42 }]);
    } finally {
      await sql("USE SCHEMA default");
    }
  });

  test("CREATE FUNCTION over an existing one is ROUTINE_ALREADY_EXISTS; IF NOT EXISTS keeps it; OR REPLACE replaces it", async () => {
    await sql("CREATE SCHEMA main.f3");
    await sql("CREATE FUNCTION main.f3.k() RETURNS INT RETURN 1");
    expect(await errorClassOf(sql("CREATE FUNCTION main.f3.k() RETURNS INT RETURN 2"))).toBe("ROUTINE_ALREADY_EXISTS");
    await sql("CREATE FUNCTION IF NOT EXISTS main.f3.k() RETURNS INT RETURN 3");
    expect(await sql("SELECT main.f3.k() AS v")).toEqual([{ v: 1 }]);
    await sql("CREATE OR REPLACE FUNCTION main.f3.k() RETURNS INT RETURN 4");
    expect(await sql("SELECT main.f3.k() AS v")).toEqual([{ v: 4 }]);
  });

  test("DROP FUNCTION of a missing function is ROUTINE_NOT_FOUND; IF EXISTS tolerates it", async () => {
    await sql("CREATE SCHEMA main.f4");
    await sql("CREATE FUNCTION main.f4.gone() RETURNS STRING RETURN 'x'");
    await sql("DROP FUNCTION main.f4.gone");
    expect(await errorClassOf(sql("DROP FUNCTION main.f4.gone"))).toBe("ROUTINE_NOT_FOUND");
    await sql("DROP FUNCTION IF EXISTS main.f4.gone");
    expect(await sql("SHOW USER FUNCTIONS IN main.f4")).toEqual([]);
  });

  test("SHOW FUNCTIONS IN c.s [LIKE pattern] lists qualified names in column `function`", async () => {
    await sql("CREATE SCHEMA main.f5");
    await sql("CREATE FUNCTION main.f5.mask_a(x STRING) RETURNS STRING RETURN x");
    await sql("CREATE FUNCTION main.f5.mask_b(x STRING) RETURNS STRING RETURN x");
    await sql("CREATE FUNCTION main.f5.other(x STRING) RETURNS STRING RETURN x");
    expect(await sql("SHOW FUNCTIONS IN main.f5")).toEqual([{ function: "main.f5.mask_a" }, { function: "main.f5.mask_b" }, { function: "main.f5.other" }]);
    expect(await sql("SHOW USER FUNCTIONS IN main.f5 LIKE 'mask*'")).toEqual([{ function: "main.f5.mask_a" }, { function: "main.f5.mask_b" }]);
  });

  test("DESCRIBE FUNCTION [EXTENDED] returns function_desc lines; EXTENDED adds the body", async () => {
    await sql("CREATE SCHEMA main.f6");
    await sql("CREATE FUNCTION main.f6.area(w DOUBLE, h DOUBLE) RETURNS DOUBLE COMMENT 'w*h' DETERMINISTIC RETURN w * h");
    const plain = (await sql("DESCRIBE FUNCTION main.f6.area")).map((r) => r.function_desc as string);
    expect(plain[0]).toMatch(/^Function:\s+main\.f6\.area$/);
    expect(plain.some((l) => /Input:\s+w DOUBLE/.test(l))).toBe(true);
    expect(plain.some((l) => /Returns:\s+DOUBLE/.test(l))).toBe(true);
    expect(plain.some((l) => l.startsWith("Body:"))).toBe(false);
    const ext = (await sql("DESCRIBE FUNCTION EXTENDED main.f6.area")).map((r) => r.function_desc as string);
    expect(ext).toContain("Body:          w * h");
    expect(ext.some((l) => /Comment:\s+w\*h/.test(l))).toBe(true);
  });

  test("functions may call functions and use DEFAULT parameters", async () => {
    await sql("CREATE SCHEMA main.f7");
    await sql("CREATE FUNCTION main.f7.twice(x INT) RETURNS INT RETURN x * 2");
    await sql("CREATE FUNCTION main.f7.scaled(x INT, k INT DEFAULT 10) RETURNS INT RETURN twice(x) * k");
    expect(await sql("SELECT main.f7.scaled(2) AS a, main.f7.scaled(2, 1) AS b")).toEqual([{ a: 40, b: 4 }]);
  });

  test("a call with the wrong number of arguments fails with WRONG_NUM_ARGS", async () => {
    await sql("CREATE SCHEMA main.f8");
    await sql("CREATE FUNCTION main.f8.one(x INT) RETURNS INT RETURN x");
    expect(await errorClassOf(sql("SELECT main.f8.one(1, 2) AS v"))).toMatch(/^WRONG_NUM_ARGS/);
  });

  test("views calling a UDF read through it", async () => {
    await sql("CREATE SCHEMA main.f9");
    await sql("CREATE TABLE main.f9.t (id INT, name STRING)");
    await sql("INSERT INTO main.f9.t VALUES (1, 'ann'), (2, 'bob')");
    await sql("CREATE FUNCTION main.f9.shout(s STRING) RETURNS STRING RETURN upper(s)");
    await sql("CREATE VIEW main.f9.v AS SELECT id, main.f9.shout(name) AS n FROM main.f9.t");
    expect(await sql("SELECT n FROM main.f9.v ORDER BY id")).toEqual([{ n: "ANN" }, { n: "BOB" }]);
  });

  test("information_schema.routines and parameters describe the function (0-based parameter positions)", async () => {
    await sql("CREATE SCHEMA main.f10");
    await sql("CREATE FUNCTION main.f10.fmt(amount DECIMAL(10,2), cur STRING COMMENT 'ISO code') RETURNS STRING NOT DETERMINISTIC RETURN concat(cur, ' ', amount)");
    const r = await sql("SELECT routine_name, routine_body, routine_definition, data_type, full_data_type, is_deterministic FROM main.information_schema.routines WHERE routine_schema = 'f10'");
    expect(r).toEqual([{ routine_name: "fmt", routine_body: "SQL", routine_definition: "concat(cur, ' ', amount)", data_type: "STRING", full_data_type: "STRING", is_deterministic: "NO" }]);
    const p = await sql("SELECT ordinal_position, parameter_name, full_data_type, comment FROM main.information_schema.parameters WHERE specific_schema = 'f10' ORDER BY ordinal_position");
    expect(p).toEqual([
      { ordinal_position: 0, parameter_name: "amount", full_data_type: "DECIMAL(10,2)", comment: null },
      { ordinal_position: 1, parameter_name: "cur", full_data_type: "STRING", comment: "ISO code" },
    ]);
  });
});

describe("pure pieces", () => {
  const doc = {
    functions: {
      "main.s.f": { catalog: "main", schema: "s", name: "f", parameters: [{ name: "x", type: "INT" }], returnType: "INT", body: "x + x" },
    },
  } as unknown as MetastoreDocument;

  test("calls are inlined with parenthesised arguments and a cast to the return type", () => {
    expect(expandFunctionCalls("SELECT main.s.f(a - 1) FROM t", doc, { catalog: "main", schema: "s" })).toBe("SELECT (CAST(((a - 1) + (a - 1)) AS INT)) FROM t");
  });

  test("names that only look like calls (other schemas, member access, strings) are left alone", () => {
    const sqlText = "SELECT other.f(1), 'f(2)', t.f FROM t";
    expect(expandFunctionCalls(sqlText, doc, { catalog: "main", schema: "s" })).toBe(sqlText);
  });

  test("CREATE FUNCTION parsing keeps types with parentheses and the body as written", () => {
    const text = "CREATE OR REPLACE FUNCTION c.s.f(a DECIMAL(10, 2) DEFAULT 0, b ARRAY<STRING>) RETURNS STRUCT<x: INT> LANGUAGE SQL CONTAINS SQL RETURN named_struct('x', 1)";
    const def = parseCreateFunction(new StatementCursor(tokenize(text), text));
    expect(def.parameters).toEqual([{ name: "a", type: "DECIMAL(10, 2)", default: "0" }, { name: "b", type: "ARRAY<STRING>" }]);
    expect(def.returnType).toBe("STRUCT<x: INT>");
    expect(def.body).toBe("named_struct('x', 1)");
    expect(def.orReplace).toBe(true);
  });
});
