/**
 * Spark SQL lexer for the local engine: splits statement text into tokens so the engine can
 * recognise statement forms and rewrite queries for DuckDB. Comments and whitespace are dropped.
 */
import { EngineError } from "../errors/engineError";
import { numericLiteralLength } from "./numericLiteral";
import { decodeStringEscapes } from "./stringEscapes";

export type TokenKind =
  /** Bare word: keyword or unquoted identifier. `value` is the text upper-cased. */
  | "word"
  /** Backtick-quoted identifier. `value` is the unquoted name (doubled backticks collapsed). */
  | "ident"
  /** String literal ('...' or "..." with backslash escapes, or r'...'). `value` is the decoded string. */
  | "string"
  /** Numeric literal, `value` as written (e.g. `12`, `1.5`, `10L`). */
  | "number"
  /** Punctuation and operators: `( ) , . ; = < > <= >= <> != + - * / % || :: @ [ ] { } :`. */
  | "punct"
  /** Parameter marker `?` or `:name`. */
  | "param";

export interface Token {
  kind: TokenKind;
  value: string;
  /** Source text of the token, exactly as written. */
  text: string;
  /** Offset of the token's first character in the statement. */
  start: number;
  /** Offset just past the token's last character. */
  end: number;
}

const TWO_CHAR_PUNCT = new Set(["<=", ">=", "<>", "!=", "||", "::", "==", "=>", "->", "<<", ">>"]);
const ONE_CHAR_PUNCT = new Set([..."(),.;=<>+-*/%@[]{}:&|^~!"]);

function syntaxError(sql: string, pos: number, what: string): EngineError {
  return new EngineError({
    errorClass: "PARSE_SYNTAX_ERROR",
    message: EngineError.format("PARSE_SYNTAX_ERROR", `Syntax error at or near ${what}.`, "42601") + ` (position ${pos})`,
    sqlState: "42601",
  });
}

/** Characters that continue an unquoted name. */
function isWordChar(sql: string, i: number): boolean {
  return /[A-Za-z0-9_$]/.test(sql[i]) || sql.charCodeAt(i) > 127;
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      if (close < 0) throw syntaxError(sql, i, "unterminated comment");
      i = close + 2;
      continue;
    }
    const start = i;
    const rawPrefix = (c === "r" || c === "R") && (sql[i + 1] === "'" || sql[i + 1] === '"');
    if (c === "'" || c === '"' || rawPrefix) {
      const q = rawPrefix ? sql[i + 1] : c;
      i += rawPrefix ? 2 : 1;
      let body = "";
      for (;;) {
        if (i >= n) throw syntaxError(sql, start, "unterminated string literal");
        const ch = sql[i];
        if (ch === "\\" && !rawPrefix) { body += ch + (sql[i + 1] ?? ""); i += 2; continue; }
        if (ch === q) { i++; break; }
        body += ch;
        i++;
      }
      out.push({ kind: "string", value: rawPrefix ? body : decodeStringEscapes(body), text: sql.slice(start, i), start, end: i });
      continue;
    }
    if (c === "`") {
      i++;
      let name = "";
      for (;;) {
        if (i >= n) throw syntaxError(sql, start, "unterminated quoted identifier");
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") { name += "`"; i += 2; continue; }
          i++;
          break;
        }
        name += sql[i++];
      }
      out.push({ kind: "ident", value: name, text: sql.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      // A digit may start a name (`1st`, `2024_sales`): the longer of the number and the name wins, the
      // number on a tie (`2L`); a `.` that starts no number is the qualifier dot (`prod.2024_sales`).
      const numberEnd = i + numericLiteralLength(sql, i);
      let nameEnd = i;
      while (nameEnd < n && isWordChar(sql, nameEnd)) nameEnd++;
      if (nameEnd > numberEnd) {
        const w = sql.slice(i, nameEnd);
        i = nameEnd;
        out.push({ kind: "word", value: w.toUpperCase(), text: w, start, end: i });
        continue;
      }
      if (numberEnd > i) {
        const m = sql.slice(i, numberEnd);
        i = numberEnd;
        out.push({ kind: "number", value: m, text: m, start, end: i });
        continue;
      }
    }
    if (/[A-Za-z_$]/.test(c) || c.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < n && isWordChar(sql, j)) j++;
      const w = sql.slice(i, j);
      i = j;
      out.push({ kind: "word", value: w.toUpperCase(), text: w, start, end: i });
      continue;
    }
    if (c === "?") {
      i++;
      out.push({ kind: "param", value: "?", text: "?", start, end: i });
      continue;
    }
    if (c === ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "") && out[out.length - 1]?.text !== ":") {
      // `:name` parameter marker, but not the `::` cast operator nor `a:b` JSON paths after a word
      const prev = out[out.length - 1];
      if (!prev || prev.kind === "punct" || (prev.kind === "word" && !/[A-Za-z0-9_]$/.test(sql[i - 1] ?? ""))) {
        let j = i + 1;
        while (j < n && /[A-Za-z0-9_]/.test(sql[j])) j++;
        out.push({ kind: "param", value: sql.slice(i + 1, j), text: sql.slice(i, j), start, end: j });
        i = j;
        continue;
      }
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_PUNCT.has(two)) {
      i += 2;
      out.push({ kind: "punct", value: two, text: two, start, end: i });
      continue;
    }
    if (ONE_CHAR_PUNCT.has(c)) {
      i++;
      out.push({ kind: "punct", value: c, text: c, start, end: i });
      continue;
    }
    throw syntaxError(sql, i, `'${c}'`);
  }
  return out;
}
