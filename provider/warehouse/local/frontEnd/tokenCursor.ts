/**
 * A cursor over a statement's tokens: the recursive-descent primitives every statement parser of the
 * local engine uses (accept/expect keywords, names, literals), reporting PARSE_SYNTAX_ERROR as
 * Databricks does.
 */
import type { Token } from "./lexer";
import { errors } from "../errors/engineErrors";

export class TokenCursor {
  pos = 0;

  constructor(readonly tokens: readonly Token[], readonly sql: string) {}

  peek(k = 0): Token | undefined {
    return this.tokens[this.pos + k];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw errors.syntax("end of input");
    this.pos++;
    return t;
  }

  /** True when the token k ahead is one of the words (upper-case). */
  isWord(k: number, ...words: string[]): boolean {
    const t = this.peek(k);
    return !!t && t.kind === "word" && words.includes(t.value);
  }

  isPunct(k: number, p: string): boolean {
    const t = this.peek(k);
    return !!t && t.kind === "punct" && t.value === p;
  }

  /** Consumes the sequence of words if all are next; returns whether it did. */
  acceptWords(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(k, words[k])) return false;
    this.pos += words.length;
    return true;
  }

  /** Consumes one of the alternatives, returning it (or undefined). */
  acceptAny(...words: string[]): string | undefined {
    const t = this.peek();
    if (t && t.kind === "word" && words.includes(t.value)) {
      this.pos++;
      return t.value;
    }
    return undefined;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw this.unexpected();
  }

  acceptPunct(p: string): boolean {
    if (this.isPunct(0, p)) {
      this.pos++;
      return true;
    }
    return false;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.unexpected();
  }

  /** A syntax error at the current token. */
  unexpected(): Error {
    const t = this.peek();
    return errors.syntax(t ? `'${t.text}'` : "end of input");
  }

  /** One identifier part (bare word or backticked), lower-cased as Unity Catalog stores names. */
  identifier(): string {
    const t = this.next();
    if (t.kind !== "word" && t.kind !== "ident") {
      this.pos--;
      throw this.unexpected();
    }
    return t.kind === "word" ? t.text.toLowerCase() : t.value.toLowerCase();
  }

  /** Like identifier() but keeps the case (column names, principals). */
  identifierAsWritten(): string {
    const t = this.next();
    if (t.kind !== "word" && t.kind !== "ident") {
      this.pos--;
      throw this.unexpected();
    }
    return t.kind === "word" ? t.text : t.value;
  }

  /** A dotted name `a.b.c` (1 to 3 parts). */
  name(): string[] {
    const parts = [this.identifier()];
    while (this.isPunct(0, ".") && (this.peek(1)?.kind === "word" || this.peek(1)?.kind === "ident")) {
      this.pos++;
      parts.push(this.identifier());
    }
    return parts;
  }

  stringLiteral(): string {
    const t = this.next();
    if (t.kind !== "string") {
      this.pos--;
      throw this.unexpected();
    }
    return t.value;
  }

  integer(): number {
    const t = this.next();
    if (t.kind !== "number" || !/^\d+L?$/i.test(t.value)) {
      this.pos--;
      throw this.unexpected();
    }
    return Number(t.value.replace(/L$/i, ""));
  }

  /** `(k = v, ...)` with string (or bare) keys and string/number/boolean values. */
  propertyList(): Record<string, string> {
    const out: Record<string, string> = {};
    this.expectPunct("(");
    if (this.acceptPunct(")")) return out;
    do {
      let key = "";
      const t = this.next();
      if (t.kind === "string") key = t.value;
      else if (t.kind === "word" || t.kind === "ident") {
        key = t.kind === "word" ? t.text : t.value;
        while (this.isPunct(0, ".")) {
          this.pos++;
          const p = this.next();
          key += "." + (p.kind === "ident" ? p.value : p.text);
        }
      } else throw errors.syntax(`'${t.text}'`);
      this.acceptPunct("=");
      const v = this.next();
      out[key] = v.kind === "string" ? v.value : v.text;
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return out;
  }

  /** Source text from the current token to the end. */
  rest(): string {
    const t = this.peek();
    return t ? this.sql.slice(t.start, this.tokens[this.tokens.length - 1].end) : "";
  }

  /** Index just past the parenthesised group starting at the current `(`. */
  matchingParen(from = this.pos): number {
    let depth = 0;
    for (let i = from; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.kind === "punct" && t.value === "(") depth++;
      if (t.kind === "punct" && t.value === ")") {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw errors.syntax("end of input");
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.unexpected();
  }
}

/** The bare word (upper-cased) at `tokens[i]`, or undefined: statement recognition in a handler's `matches`. */
export function wordAt(tokens: readonly Token[], i: number): string | undefined {
  return tokens[i]?.kind === "word" ? tokens[i].value : undefined;
}
