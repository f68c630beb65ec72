/**
 * SQL function internals: call inlining and CREATE FUNCTION parsing (the SQL-level behaviour of functions is
 * in test/conformance/cases/functions.slt).
 */
import { describe, expect, test } from "vitest";
import { expandFunctionCalls } from "../frontEnd/functionCalls";
import { parseCreateFunction } from "../statements/functions";
import { StatementCursor } from "../frontEnd/statementCursor";
import { tokenize } from "../frontEnd/lexer";
import type { MetastoreDocument } from "../metastore/model";

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
