/**
 * The tokenizer's string-literal escapes against the documented rules: Databricks SQL reference, STRING
 * type, "Literals" (docs.databricks.com/sql/language-manual/data-types/string-type.html) for the named
 * escapes, and the Spark SQL reference, "String Literal" (spark.apache.org/docs/latest/sql-ref-literals.html)
 * for the Unicode and octal forms.
 */
import { describe, expect, it } from "vitest";
import { decodeStringEscapes } from "../../../provider/sql/stringEscapes";
import { SqlTextError, tokenizeSql } from "../../../provider/sql/tokenizer";
import { SqlFragmentError, validateSqlFragment } from "../../../provider/sql/sqlFragment";

const DATABRICKS = "Databricks SQL reference, STRING type, Literals";
const SPARK = "Spark SQL reference, String Literal";

/** [rule, where it is documented, literal body as written, decoded text]. */
const RULES: ReadonlyArray<readonly [string, string, string, string]> = [
  ["\\0 \\b \\n \\r \\t \\Z are control characters", DATABRICKS, "a\\0b\\bc\\nd\\re\\tf\\Zg", "a\u0000b\u0008c\u000ad\u000de\u0009f\u001ag"],
  ["\\% and \\_ keep their backslash (LIKE escapes)", DATABRICKS, "100\\% of a\\_b", "100\\% of a\\_b"],
  ["a backslash before a quote is dropped", DATABRICKS, "O\\'Connell say \\\"hi\\\"", "O'Connell say \"hi\""],
  ["an escaped backslash is one backslash, and escapes nothing after it", DATABRICKS, "\\\\ \\\\n", "\\ \\n"],
  ["a backslash before any other character is dropped", DATABRICKS, "\\$x \\q \\a \\f \\x41 \\N", "$x q a f x41 N"],
  ["\\uXXXX is a 16-bit code point in hexadecimal, either case", SPARK, "\\u3042 \\u00e9t\\u00E9", "あ été"],
  ["two \\u escapes make a surrogate pair", SPARK, "\\uD83D\\uDC4D", "👍"],
  ["\\UXXXXXXXX is a 32-bit code point in hexadecimal", SPARK, "\\U0001F44D", "👍"],
  ["\\U0010FFFF is the last code point", SPARK, "\\U0010FFFF", String.fromCodePoint(0x10ffff)],
  ["an incomplete \\u or \\U is an escaped letter and text", SPARK, "\\u12 \\u12G4 \\U1234 \\U0000004", "u12 u12G4 U1234 U0000004"],
  ["three octal digits are an ASCII character", SPARK, "\\101\\102", "AB"],
  ["octal runs from \\000 to \\177", SPARK, "\\000|\\177", "\u0000|\u007f"],
  ["an octal escape takes three digits and no more", SPARK, "\\0123", "\n3"],
  ["\\200 to \\777 are not octal escapes: the backslash is dropped, the digits stay", SPARK, "\\200 \\377 \\777", "200 377 777"],
  ["\\0 or \\1 without two more octal digits is the escaped character", SPARK, "\\08 \\018 \\19", "\u00008 \u000018 19"],
];

describe("string-literal escapes of the client-side tokenizer (documented rules)", () => {
  it.each(RULES)("%s (%s)", (_rule, _source, body, decoded) => {
    expect(decodeStringEscapes(body, 0)).toBe(decoded);
  });

  it("refuses a \\U escape above U+10FFFF (no such code point) with a SqlTextError naming the escape and its position", () => {
    expect(() => decodeStringEscapes("\\U00110000", 0)).toThrow(SqlTextError);
    const sql = "x = 'ab\\UFFFFFFFF'";
    let caught: unknown;
    try {
      tokenizeSql(sql);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SqlTextError);
    const error = caught as SqlTextError;
    expect(error.message).toContain("\\UFFFFFFFF");
    expect(error.position).toBe(sql.indexOf("\\U"));
    expect(error.message).toContain(`position ${sql.indexOf("\\U")}`);
  });

  it("passes the escape error on to a refused SQL fragment with its own fix, not the unterminated-literal one", () => {
    expect(() => validateSqlFragment("name = '\\U00110000'", "where clause of table s.t")).toThrow(SqlFragmentError);
    expect(() => validateSqlFragment("name = '\\U00110000'", "where clause of table s.t")).toThrow(
      /where clause of table s\.t: Invalid escape \\U00110000 .*\\U0010FFFF/,
    );
    expect(() => validateSqlFragment("name = 'open", "where clause of table s.t")).toThrow(/Close the literal or comment\./);
  });

  it("leaves raw literals alone: `r'...'` has no escape character", () => {
    expect(tokenizeSql("r'\\UFFFFFFFF\\777'")[0]).toMatchObject({ kind: "string", value: "\\UFFFFFFFF\\777" });
  });
});
