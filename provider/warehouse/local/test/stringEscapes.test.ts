/**
 * The engine's string-literal escapes against the documented rules: Databricks SQL reference, STRING
 * type, "Literals" (docs.databricks.com/sql/language-manual/data-types/string-type.html) and the Spark
 * SQL reference, "Literals" / "String Literal" (spark.apache.org/docs/latest/sql-ref-literals.html)
 * for the Unicode and octal forms.
 */
import { describe, expect, it } from "vitest";
import { decodeStringEscapes } from "../frontEnd/stringEscapes";
import { tokenize } from "../frontEnd/lexer";
import { EngineError } from "../errors/engineError";

describe("string-literal escapes (documented rules)", () => {
  it.each([
    ["\\0", "\u0000"],
    ["\\b", "\u0008"],
    ["\\n", "\u000a"],
    ["\\r", "\u000d"],
    ["\\t", "\u0009"],
    ["\\Z", "\u001a"],
  ])("%s is its control character (Databricks: STRING type, Literals)", (escaped, decoded) => {
    expect(decodeStringEscapes(`a${escaped}b`)).toBe(`a${decoded}b`);
  });

  it("keeps the backslash of \\% and \\_ (LIKE escapes; Databricks: `\\%` -> `\\%`, `\\_` -> `\\_`)", () => {
    expect(decodeStringEscapes("100\\% of a\\_b")).toBe("100\\% of a\\_b");
  });

  it("drops the backslash before any other character (`O\\'Connell` is O'Connell; `\\\\` is one backslash)", () => {
    expect(decodeStringEscapes("O\\'Connell")).toBe("O'Connell");
    expect(decodeStringEscapes("\\\\")).toBe("\\");
    expect(decodeStringEscapes('say \\"hi\\"')).toBe('say "hi"');
    expect(decodeStringEscapes("\\$x \\q")).toBe("$x q");
  });

  it("reads 16- and 32-bit Unicode escapes (Spark: `\\u3042` is あ, `\\U0001F44D` is 👍)", () => {
    expect(decodeStringEscapes("\\u3042")).toBe("あ");
    expect(decodeStringEscapes("\\U0001F44D")).toBe("👍");
    expect(decodeStringEscapes("\\u00e9t\\u00E9")).toBe("été");
  });

  it("reads an ASCII character as three octal digits (Spark: `\\101` is A), so 000 to 177 only", () => {
    expect(decodeStringEscapes("\\101\\102")).toBe("AB");
    expect(decodeStringEscapes("\\000")).toBe("\u0000");
    expect(decodeStringEscapes("\\177")).toBe("\u007f");
    // beyond ASCII it is not an octal escape: the backslash is dropped, the digits stay
    expect(decodeStringEscapes("\\200")).toBe("200");
  });

  it("reads `\\U` and eight hex digits as the 32-bit escape whatever their value (Spark: `\\Uxxxxxxxx`), refusing one above U+10FFFF", () => {
    expect(decodeStringEscapes("\\U0010FFFF")).toBe(String.fromCodePoint(0x10ffff));
    // no code point: not the escaped letter U followed by digits, and no invented text either
    expect(() => decodeStringEscapes("\\U00110000")).toThrow(EngineError);
    expect(() => decodeStringEscapes("\\UFFFFFFFF")).toThrow(/PARSE_SYNTAX_ERROR.*\\UFFFFFFFF/);
    expect(() => tokenize("SELECT 'x\\U00110000'")).toThrow(EngineError);
  });

  it("treats an incomplete Unicode escape as an escaped letter", () => {
    expect(decodeStringEscapes("\\u12")).toBe("u12");
    expect(decodeStringEscapes("\\U1234")).toBe("U1234");
  });

  it("leaves text without escapes alone, and a trailing lone backslash as written", () => {
    expect(decodeStringEscapes("plain text")).toBe("plain text");
    expect(decodeStringEscapes("end\\")).toBe("end\\");
  });

  it("is what the lexer applies to regular literals, and never to raw ones (`r'...'`: no escape character)", () => {
    const [regular, raw, doubleQuoted] = tokenize("'a\\nb' r'a\\nb' \"it\\'s\"");
    expect(regular).toMatchObject({ kind: "string", value: "a\nb" });
    expect(raw).toMatchObject({ kind: "string", value: "a\\nb" });
    expect(doubleQuoted).toMatchObject({ kind: "string", value: "it's" });
  });
});
