/**
 * Backslash escapes of a regular (not `r`-prefixed) string literal, for the client-side tokenizer.
 * The rules, as documented:
 * - Databricks SQL reference, STRING type, "Literals": `\0 \b \n \r \t \Z` are U+0000, U+0008, U+000A,
 *   U+000D, U+0009, U+001A; `\%` and `\_` keep their backslash (LIKE escapes); a backslash before any
 *   other character is dropped (`\'`, `\"`, `\\`).
 * - Spark SQL reference, "String Literal": `\uXXXX` and `\UXXXXXXXX` are 16- and 32-bit code points in
 *   hexadecimal; a backslash and three octal digits is an ASCII character, so `\000` to `\177` only
 *   (Spark's parser reads an octal escape only when its first digit is 0 or 1: `\200` is `2` and `00`).
 * A `\U` escape above U+10FFFF names no character. Spark's parser does not refuse it but splits it into
 * two UTF-16 units that are no valid surrogate pair, i.e. text nobody wrote; the tokenizer refuses it.
 * The embedded engine decodes with its own decoder, written separately, so a wrong rule in one shows up
 * as a disagreement (test/unit/sql/stringEscapes.crossCheck.test.ts) instead of passing every local test.
 */
import { SqlTextError } from "./sqlTextError";

const ESCAPE = /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[01][0-7]{2}|[\s\S])/g;
const NAMED: Readonly<Record<string, string>> = { "0": "\0", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\x1a" };
const MAX_CODE_POINT = 0x10ffff;

/**
 * Decodes the escapes of `body`, the text between the quotes of a regular string literal.
 * @param bodyStart offset of `body` in the SQL text, so an error points at the escape.
 * @throws SqlTextError for a `\U` escape above U+10FFFF.
 */
export function decodeStringEscapes(body: string, bodyStart: number): string {
  return body.replace(ESCAPE, (escape: string, e: string, at: number) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.length === 9) {
      const codePoint = parseInt(e.slice(1), 16);
      if (codePoint > MAX_CODE_POINT) {
        throw new SqlTextError(
          `Invalid escape ${escape} in a string literal at position ${bodyStart + at}: Unicode code points end at U+10FFFF.`,
          bodyStart + at,
          "Write a code point up to \\U0010FFFF, or escape the backslash (\\\\) to keep the text as written.",
        );
      }
      return String.fromCodePoint(codePoint);
    }
    if (e.length === 3) return String.fromCharCode(parseInt(e, 8));
    if (e === "%" || e === "_") return escape;
    return NAMED[e] ?? e;
  });
}
