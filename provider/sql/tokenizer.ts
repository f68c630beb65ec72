/**
 * A lossless Spark-SQL tokenizer for client-side use: every character of the input belongs to exactly
 * one token (whitespace and comments included), so text can be validated token by token and rewritten
 * by replacing single tokens while everything else, strings and comments above all, stays byte for byte.
 *
 * Lexical rules followed (Spark / Databricks SQL):
 * - strings: `'...'` and `"..."` with backslash escapes; raw strings `r'...'` / `R"..."` without escapes;
 *   `'a''b'` is two adjacent literals (concatenation), not an escaped quote;
 * - identifiers: backtick-quoted with doubled backticks inside;
 * - Databricks dollar-quoted bodies `$$ ... $$` (Python UDFs) are raw strings;
 * - comments: `-- ...` to end of line, and bracketed `/* ... *\/` which NEST in Spark;
 * - statements are separated by `;`.
 */
import { decodeStringEscapes } from "./stringEscapes";
import { SqlTextError } from "./sqlTextError";

export { SqlTextError } from "./sqlTextError";

export type SqlTokenKind =
  /** Spaces, tabs, newlines. */
  | "whitespace"
  /** `-- line` or `/* block *\/` comment (hints `/*+ ... *\/` included). */
  | "comment"
  /** Unquoted identifier or keyword. `value` is the text as written. */
  | "word"
  /** Backtick-quoted identifier. `value` is the name with doubled backticks collapsed. */
  | "ident"
  /** String literal. `value` is the decoded content. */
  | "string"
  /** Numeric literal such as `12`, `1.5e3`, `10L`, `2.5BD`. */
  | "number"
  /** Operators and punctuation other than `;`. */
  | "punct"
  /** The statement separator `;`. */
  | "separator";

export interface SqlToken {
  kind: SqlTokenKind;
  /** The exact source text of the token. */
  text: string;
  /** Decoded value (see SqlTokenKind). */
  value: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

const MULTI_CHAR_PUNCT = ["<=>", ">>>", "<=", ">=", "<>", "!=", "==", "||", "::", "->", "=>", "<<", ">>", "&&"];
const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:BD|[LSYDF])?/i;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const WORD_START = /[\p{L}_]/u;


/**
 * Splits `sql` into tokens covering every character. Throws SqlTextError on an unterminated string,
 * quoted identifier or block comment, and on a string escape that names no character (stringEscapes.ts).
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: SqlTokenKind, start: number, end: number, value?: string): void => {
    const text = sql.slice(start, end);
    out.push({ kind, text, value: value ?? text, start, end });
  };
  while (i < n) {
    const c = sql[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i])) i++;
      push("whitespace", start, i);
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
      push("comment", start, i);
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      let depth = 0;
      while (i < n) {
        if (sql[i] === "/" && sql[i + 1] === "*") { depth++; i += 2; continue; }
        if (sql[i] === "*" && sql[i + 1] === "/") {
          depth--; i += 2;
          if (depth === 0) break;
          continue;
        }
        i++;
      }
      if (depth !== 0) throw new SqlTextError(`Unterminated block comment starting at position ${start}.`, start);
      push("comment", start, i);
      continue;
    }
    if (c === "$" && sql[i + 1] === "$") {
      const close = sql.indexOf("$$", i + 2);
      if (close < 0) throw new SqlTextError(`Unterminated $$ body starting at position ${start}.`, start);
      i = close + 2;
      push("string", start, i, sql.slice(start + 2, close));
      continue;
    }
    const raw = (c === "r" || c === "R") && (sql[i + 1] === "'" || sql[i + 1] === '"');
    if (c === "'" || c === '"' || raw) {
      const quote = raw ? sql[i + 1] : c;
      i += raw ? 2 : 1;
      let body = "";
      for (;;) {
        if (i >= n) throw new SqlTextError(`Unterminated string literal starting at position ${start}.`, start);
        const ch = sql[i];
        if (ch === "\\" && !raw) {
          if (i + 1 >= n) throw new SqlTextError(`Unterminated string literal starting at position ${start}.`, start);
          body += ch + sql[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (ch === quote) break;
        body += ch;
      }
      push("string", start, i, raw ? body : decodeStringEscapes(body, start + 1));
      continue;
    }
    if (c === "`") {
      i++;
      let name = "";
      for (;;) {
        if (i >= n) throw new SqlTextError(`Unterminated quoted identifier starting at position ${start}.`, start);
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") { name += "`"; i += 2; continue; }
          i++;
          break;
        }
        name += sql[i++];
      }
      push("ident", start, i, name);
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = NUMBER.exec(sql.slice(i))![0];
      const after = sql[i + m.length] ?? "";
      // Spark identifiers may start with digits (`1a`, `2024_sales`): a digit run glued to letters is a word.
      // Spark's lexer refuses a number followed by a letter, digit or `_` and reads the text again, so
      // `prod.2024_sales.t` is a dot and the name `2024_sales`, not the number `.2024`.
      if (after !== "" && WORD_CHAR.test(after)) {
        if (c === ".") {
          push("punct", start, ++i);
          continue;
        }
        while (i < n && WORD_CHAR.test(sql[i])) i++;
        push("word", start, i);
        continue;
      }
      i += m.length;
      push("number", start, i);
      continue;
    }
    if (WORD_START.test(c)) {
      while (i < n && WORD_CHAR.test(sql[i])) i++;
      push("word", start, i);
      continue;
    }
    if (c === ";") {
      i++;
      push("separator", start, i);
      continue;
    }
    const multi = MULTI_CHAR_PUNCT.find((p) => sql.startsWith(p, i));
    i += multi ? multi.length : c.length;
    push("punct", start, i);
  }
  return out;
}

/** Tokens that carry meaning: everything except whitespace and comments. */
export function significantTokens(tokens: readonly SqlToken[]): SqlToken[] {
  return tokens.filter((t) => t.kind !== "whitespace" && t.kind !== "comment");
}
