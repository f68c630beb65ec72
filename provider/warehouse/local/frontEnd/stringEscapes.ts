/**
 * Backslash escapes inside a regular (not `r`-prefixed) string literal, as the Databricks SQL
 * reference (STRING type, "Literals") and the Spark SQL reference it runs on (Literals, "String
 * Literal") document them:
 * - `\0 \b \n \r \t \Z` stand for U+0000, U+0008, U+000A, U+000D, U+0009 and U+001A;
 * - `\%` and `\_` stay as written, backslash included (they are LIKE-pattern escapes);
 * - `\uXXXX` and `\UXXXXXXXX` are UTF-16 and UTF-32 code points in hexadecimal; a `\U` and eight hex
 *   digits is that escape whatever their value, and above U+10FFFF it names no character: Databricks
 *   (Spark's parser) does not refuse it but turns it into two UTF-16 units that are no valid surrogate
 *   pair; the engine refuses it as a syntax error rather than invent text;
 * - a backslash and three octal digits is an ASCII character (`\101` is `A`), so 000 to 177;
 * - a backslash before any other character is dropped and the character kept (`\'`, `\\`, `\"`).
 * Written for the engine alone: the library's tokenizer has its own decoder, so a wrong rule in one
 * shows up as a disagreement with the other instead of passing every local test.
 */
import { errors } from "../errors/coreErrors";

const NAMED: Readonly<Record<string, string>> = { "0": "\u0000", b: "\u0008", n: "\n", r: "\r", t: "\t", Z: "\u001a" };
const KEPT_WITH_BACKSLASH = new Set(["%", "_"]);

const isHex = (s: string) => /^[0-9a-fA-F]+$/.test(s);

export function decodeStringEscapes(body: string): string {
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    const u4 = body.slice(i + 2, i + 6);
    const u8 = body.slice(i + 2, i + 10);
    const octal = body.slice(i + 1, i + 4);
    if (e === "u" && u4.length === 4 && isHex(u4)) {
      out += String.fromCharCode(parseInt(u4, 16));
      i += 6;
    } else if (e === "U" && u8.length === 8 && isHex(u8)) {
      if (parseInt(u8, 16) > 0x10ffff) throw errors.syntax(`'\\U${u8}'`);
      out += String.fromCodePoint(parseInt(u8, 16));
      i += 10;
    } else if (/^[01][0-7][0-7]$/.test(octal)) {
      out += String.fromCharCode(parseInt(octal, 8));
      i += 4;
    } else if (e in NAMED) {
      out += NAMED[e];
      i += 2;
    } else if (KEPT_WITH_BACKSLASH.has(e)) {
      out += "\\" + e;
      i += 2;
    } else {
      out += e;
      i += 2;
    }
  }
  return out;
}
