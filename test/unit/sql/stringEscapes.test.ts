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

const decode = (body: string) => decodeStringEscapes(body, 0);

describe("string-literal escapes of the client-side tokenizer (documented rules)", () => {
  it.each([
    ["\\0", "\u0000"],
    ["\\b", "\u0008"],
    ["\\n", "\u000a"],
    ["\\r", "\u000d"],
    ["\\t", "\u0009"],
    ["\\Z", "\u001a"],
  ])("%s is its control character (Databricks: STRING type, Literals)", (escaped, decoded) => {
    expect(decode(`a${escaped}b`)).toBe(`a${decoded}b`);
  });

  it("keeps the backslash of \\% and \\_ (Databricks: `\\%` -> `\\%`, `\\_` -> `\\_`; they are LIKE escapes)", () => {
    expect(decode("100\\% of a\\_b")).toBe("100\\% of a\\_b");
  });

  it("drops the backslash before any other character (Databricks: `\\<other char>` -> `<other char>`)", () => {
    expect(decode("O\\'Connell")).toBe("O'Connell");
    expect(decode("\\\\")).toBe("\\");
    expect(decode('say \\"hi\\"')).toBe('say "hi"');
    expect(decode("\\$x \\q \\a \\f \\x41 \\N")).toBe("$x q a f x41 N");
    expect(decode("\\\\n")).toBe("\\n");
  });

  it("reads 16- and 32-bit Unicode escapes (Spark: `\\u3042` is あ, `\\U0001F44D` is 👍), hex in either case", () => {
    expect(decode("\\u3042")).toBe("あ");
    expect(decode("\\U0001F44D")).toBe("👍");
    expect(decode("\\u00e9t\\u00E9")).toBe("été");
    expect(decode("\\uD83D\\uDC4D")).toBe("👍");
    expect(decode("\\U0010FFFF")).toBe(String.fromCodePoint(0x10ffff));
  });

  it("reads an incomplete Unicode escape as an escaped letter followed by text", () => {
    expect(decode("\\u12")).toBe("u12");
    expect(decode("\\u12G4")).toBe("u12G4");
    expect(decode("\\U1234")).toBe("U1234");
    expect(decode("\\U0000004")).toBe("U0000004");
  });

  it("reads three octal digits as an ASCII character (Spark: `\\101` is A), so \\000 to \\177 only", () => {
    expect(decode("\\101\\102")).toBe("AB");
    expect(decode("\\000")).toBe("\u0000");
    expect(decode("\\177")).toBe("\u007f");
    expect(decode("\\0123")).toBe("\n3");
  });

  it("does not read \\200 to \\777 as octal: the backslash is dropped and the digits stay", () => {
    expect(decode("\\200")).toBe("200");
    expect(decode("\\377")).toBe("377");
    expect(decode("\\777")).toBe("777");
  });

  it("reads \\0 or \\1 not followed by two octal digits as the single escaped character", () => {
    expect(decode("\\08")).toBe("\u00008");
    expect(decode("\\018")).toBe("\u000018");
    expect(decode("\\19")).toBe("19");
  });

  it("refuses a \\U escape above U+10FFFF (no such code point) with a SqlTextError naming the escape and its position", () => {
    expect(() => decode("\\U00110000")).toThrow(SqlTextError);
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
