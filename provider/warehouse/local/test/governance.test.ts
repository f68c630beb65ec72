/**
 * Governance internals: privilege spelling, the policy subquery for row filters and masks, SHOW ... LIKE
 * patterns and property lists (the SQL-level behaviour is in test/conformance/cases/governance.slt).
 */
import { describe, expect, test } from "vitest";
import { StatementCursor } from "../frontEnd/statementCursor";
import { tokenize } from "../frontEnd/lexer";
import { normalizePrivilege } from "../governance/grants";
import { policySubquery } from "../governance/accessPolicies";
import { showPatternMatcher } from "../statements/functions";
import type { TableEntry } from "../metastore/model";

describe("pure pieces", () => {
  test("privileges normalise to the SQL spelling SHOW GRANTS prints", () => {
    expect(normalizePrivilege("use_catalog")).toBe("USE CATALOG");
    expect(normalizePrivilege("ALL")).toBe("ALL PRIVILEGES");
    expect(normalizePrivilege("Select")).toBe("SELECT");
  });

  test("reads of a protected table become SELECT masks FROM raw WHERE filter", () => {
    const table = {
      rowFilter: { function: "main.sec.eu", inputColumns: ["region"] },
      columnMasks: [{ column: "email", function: "main.sec.mask", usingColumns: ["region"] }],
    } as unknown as TableEntry;
    expect(policySubquery(table, ["id", "email", "region"], "raw")).toBe(
      "SELECT `id`, `main`.`sec`.`mask`(`email`, `region`) AS `email`, `region` FROM raw WHERE coalesce(`main`.`sec`.`eu`(`region`), false)",
    );
    expect(policySubquery({ rowFilter: null, columnMasks: [] } as unknown as TableEntry, ["id"], "raw")).toBeNull();
  });

  test("SHOW ... LIKE patterns: '*' wildcard, '|' alternatives, case-insensitive", () => {
    const m = showPatternMatcher("mask*|Other");
    expect(["mask_a", "MASKED", "other", "others", "x"].filter(m)).toEqual(["mask_a", "MASKED", "other"]);
  });

  test("the statement cursor reads Spark property lists and adjacent string literals", () => {
    const text = "('a.b' = 'x' 'y', delta.appendOnly = true, n = 5)";
    const cur = new StatementCursor(tokenize(text), text);
    expect(cur.propertyList()).toEqual({ "a.b": "xy", "delta.appendOnly": "true", n: "5" });
    cur.expectEnd();
  });
});
