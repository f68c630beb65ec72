/**
 * Numbers and digit-led names in the engine's lexer, against the documented rules: Databricks SQL
 * reference, "Identifiers" (an unquoted identifier is letters, digits and `_`, may start with a digit,
 * `DESCRIBE SELECT 5 AS 1st` names the column `1st`, and is never digits alone) and the numeric literal
 * forms of the Spark SQL reference, "Literals", and the Databricks DECIMAL type (`L`/`S`/`Y`, exponent,
 * `D`/`F`/`BD`, `1.`, `.5`, case-insensitive). Where a literal holding a dot runs into a letter, digit or
 * `_`, Spark's lexer does not take the literal, so `prod.2024_sales` is a qualified name.
 */
import { describe, expect, it } from "vitest";
import { tokenize } from "../frontEnd/lexer";
import { numericLiteralLength } from "../frontEnd/numericLiteral";

const kinds = (sql: string) => tokenize(sql).map((t) => [t.kind, t.text]);

describe("numbers and names that start with a digit", () => {
  it("a dot before a digit-led name part is the qualifier dot: prod.2024_sales.t is three name parts", () => {
    expect(kinds("SELECT * FROM prod.2024_sales.t")).toEqual([
      ["word", "SELECT"], ["punct", "*"], ["word", "FROM"],
      ["word", "prod"], ["punct", "."], ["word", "2024_sales"], ["punct", "."], ["word", "t"],
    ]);
    expect(kinds("c.1a.2b_")).toEqual([["word", "c"], ["punct", "."], ["word", "1a"], ["punct", "."], ["word", "2b_"]]);
    expect(tokenize("t.1st").map((t) => t.value)).toEqual(["T", ".", "1ST"]);
  });

  it.each(["1st", "2024_sales", "1a", "1e5x", "12Lx", "1bdx", "9_", "1e"])("%s is a name: it runs on past any number it starts with", (name) => {
    expect(kinds(`SELECT 5 AS ${name}`).at(-1)).toEqual(["word", name]);
  });

  it.each([
    "12", "2L", "3S", "4Y", "12l", "1e10", "1E+10", "1e-3", "1.5", ".5", "1.", "1.e2", ".5e1", "1.5BD", "5E3BD", "5.321E2BD", "1bd",
    "1.5D", "1d", "2e3d", "1.5F", "1f", ".5f",
  ])("%s is one number (a documented literal form; on a tie with a name the literal wins)", (literal) => {
    expect(kinds(`SELECT ${literal}, x`)).toEqual([["word", "SELECT"], ["number", literal], ["punct", ","], ["word", "x"]]);
  });

  it("a literal holding a dot ends where no letter, digit or _ follows; otherwise the text is read again", () => {
    // `1.5_x`: neither `1.5` nor `1.` may end before `_`/`5`, so `1`, then the dot, then the name `5_x`.
    expect(kinds("1.5_x")).toEqual([["number", "1"], ["punct", "."], ["word", "5_x"]]);
    expect(kinds("x.5 x.5)")).toEqual([["word", "x"], ["number", ".5"], ["word", "x"], ["number", ".5"], ["punct", ")"]]);
    expect(kinds("1.5e3x")).toEqual([["number", "1"], ["punct", "."], ["word", "5e3x"]]);
    expect(kinds("1.5+.5")).toEqual([["number", "1.5"], ["punct", "+"], ["number", ".5"]]);
  });

  it("digits alone after a dot stay a number, so an all-digit name part needs backticks", () => {
    expect(kinds("c.2024.t")).toEqual([["word", "c"], ["number", ".2024"], ["punct", "."], ["word", "t"]]);
    expect(kinds("c.`2024`.t")).toEqual([["word", "c"], ["punct", "."], ["ident", "`2024`"], ["punct", "."], ["word", "t"]]);
  });

  it("numericLiteralLength: 0 where no literal starts, else the longest valid literal", () => {
    expect(numericLiteralLength("x1", 0)).toBe(0);
    expect(numericLiteralLength(".x", 0)).toBe(0);
    expect(numericLiteralLength(".2024_sales", 0)).toBe(0);
    expect(numericLiteralLength("2024_sales", 0)).toBe(4);
    expect(numericLiteralLength("1.5BD)", 0)).toBe(5);
    expect(numericLiteralLength("a 1.5e3 ", 2)).toBe(5);
  });
});
