import { describe, expect, it } from "vitest";
import { SqlFragmentError, validateSqlFragment, validateSqlStatement } from "../../../provider/sql/sqlFragment";

describe("validateSqlFragment", () => {
  it("accepts a plain condition and trims it", () => {
    expect(validateSqlFragment("  region = 'EU' AND (amount > 10) ", "where")).toBe("region = 'EU' AND (amount > 10)");
  });

  it("accepts ; and comment markers inside strings and quoted identifiers", () => {
    expect(validateSqlFragment("note = 'a; DROP TABLE x -- y' OR `we;ird--` IS NULL", "where")).toContain("DROP TABLE");
  });

  it.each([
    ["x = 1; DROP TABLE t", /single expression without ';'/],
    ["x = 1;", /single expression without ';'/],
    ["x = 1 -- hidden", /comments are not allowed/],
    ["x = 1 /* hidden */", /comments are not allowed/],
    ["x = 1) UNION SELECT * FROM secrets WHERE (1=1", /unbalanced '\)'/],
    ["(x = 1", /unclosed '\('/],
    ["   ", /empty/],
    ["x = 'open", /Unterminated string/],
  ])("refuses %j", (text, message) => {
    expect(() => validateSqlFragment(text, "where clause of table s.t")).toThrow(SqlFragmentError);
    expect(() => validateSqlFragment(text, "where clause of table s.t")).toThrow(message);
    expect(() => validateSqlFragment(text, "where clause of table s.t")).toThrow(/where clause of table s\.t/);
  });
});

describe("validateSqlStatement", () => {
  it("accepts one statement and drops a single trailing ;", () => {
    expect(validateSqlStatement(" OPTIMIZE `c`.`s`.`t` ;  ", "post hook")).toBe("OPTIMIZE `c`.`s`.`t`");
    expect(validateSqlStatement("SELECT ';'", "post hook")).toBe("SELECT ';'");
  });

  it.each([
    ["SELECT 1; SELECT 2", /only one SQL statement/],
    ["SELECT 1;;", /only one SQL statement/],
    ["SELECT 1 -- x", /comments are not allowed/],
    [";", /empty/],
    ["", /empty/],
  ])("refuses %j", (text, message) => {
    expect(() => validateSqlStatement(text, "post hook")).toThrow(message);
  });
});
