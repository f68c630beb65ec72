/**
 * The one cursor every statement parser of the engine uses: a forward reader over a statement's
 * tokens with the recursive-descent primitives (keywords, names, literals, property lists, balanced
 * groups). Every failure is Databricks' PARSE_SYNTAX_ERROR at the current token, naming what was
 * expected when the parser knows it.
 */
import type { EngineError } from "../errors/engineError";
import { engineError } from "../errors/coreErrors";
import type { Token } from "./lexer";

export class StatementCursor {
  /** Index of the next token; parsers that look ahead by hand move it directly. */
  pos = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly sql: string,
  ) {
    // a trailing `;` is not part of the statement
    if (tokens.length > 0 && tokens[tokens.length - 1].kind === "punct" && tokens[tokens.length - 1].value === ";") {
      this.tokens = tokens.slice(0, -1);
    }
  }

  /** The token `offset` positions ahead, or undefined past the end. */
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Consumes and returns the next token; a syntax error at the end of input. */
  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw this.fail();
    this.pos++;
    return t;
  }

  /** True when the token `k` ahead is one of `words` (bare keywords, upper-case). */
  isWord(k: number, ...words: string[]): boolean {
    const t = this.peek(k);
    return !!t && t.kind === "word" && words.includes(t.value);
  }

  /** True when the next tokens are exactly these bare words (keywords), without consuming them. */
  isWords(...words: string[]): boolean {
    return words.every((w, i) => {
      const t = this.peek(i);
      return t !== undefined && t.kind === "word" && t.value === w;
    });
  }

  /** Consumes the keyword sequence if it is next; returns whether it did. */
  acceptWords(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.pos += words.length;
    return true;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw this.fail(words.join(" "));
  }

  /** Consumes one of `choices` (single keywords) and returns it, or undefined. */
  acceptOneOf(...choices: string[]): string | undefined {
    const t = this.peek();
    if (t && t.kind === "word" && choices.includes(t.value)) {
      this.pos++;
      return t.value;
    }
    return undefined;
  }

  /** True when the token `k` ahead is the punctuation `p`. */
  isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === "punct" && t.value === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.fail(`'${p}'`);
  }

  /** One identifier: a backticked name (as written) or a bare word (as written). */
  identifier(): string {
    const t = this.peek();
    if (t && (t.kind === "ident" || t.kind === "word")) {
      this.pos++;
      return t.kind === "ident" ? t.value : t.text;
    }
    throw this.fail("an identifier");
  }

  /** One identifier lower-cased, as Unity Catalog stores object names. */
  storedIdentifier(): string {
    return this.identifier().toLowerCase();
  }

  /**
   * A dotted object name `a.b.c` lower-cased as Unity Catalog stores names. Stops before a `.` not
   * followed by an identifier (`t.*`).
   */
  storedName(): string[] {
    const parts = [this.storedIdentifier()];
    while (this.isPunct(".") && (this.peek(1)?.kind === "word" || this.peek(1)?.kind === "ident")) {
      this.pos++;
      parts.push(this.storedIdentifier());
    }
    return parts;
  }

  /** A dotted name `a.b.c` as its parts (case as written). */
  nameParts(): string[] {
    const parts = [this.identifier()];
    while (this.isPunct(".")) {
      this.pos++;
      parts.push(this.identifier());
    }
    return parts;
  }

  /** A principal: backticked, bare word, or string literal (`alf@melmak.et` must be backticked in SQL). */
  principal(): string {
    const t = this.peek();
    if (t && t.kind === "string") {
      this.pos++;
      return t.value;
    }
    return this.identifier();
  }

  string(): string {
    const t = this.peek();
    if (t && t.kind === "string") {
      this.pos++;
      // adjacent literals concatenate in Spark SQL
      let v = t.value;
      while (this.peek()?.kind === "string") v += this.tokens[this.pos++].value;
      return v;
    }
    throw this.fail("a string literal");
  }

  /** An integer literal (`12`, `12L`). */
  integer(): number {
    const t = this.peek();
    if (!t || t.kind !== "number" || !/^\d+L?$/i.test(t.value)) throw this.fail("an integer");
    this.pos++;
    return Number(t.value.replace(/L$/i, ""));
  }

  /** `'text'` or `NULL` (COMMENT ... IS NULL). */
  stringOrNull(): string | null {
    if (this.acceptWords("NULL")) return null;
    return this.string();
  }

  /** A property key: a string literal or a dotted bare name (`delta.appendOnly`). */
  propertyKey(): string {
    const t = this.peek();
    if (t?.kind === "string") return this.string();
    return this.nameParts().join(".");
  }

  /** A property value: string, number, boolean (lower-cased, as Spark stores it) or bare word, as text. */
  propertyValue(): string {
    const t = this.peek();
    if (!t) throw this.fail("a property value");
    if (t.kind === "string") return this.string();
    if (t.kind === "number" || t.kind === "word" || t.kind === "ident") {
      this.pos++;
      return t.kind === "word" && (t.value === "TRUE" || t.value === "FALSE") ? t.value.toLowerCase() : t.kind === "ident" ? t.value : t.text;
    }
    throw this.fail("a property value");
  }

  /** `(k = v, ...)` (the `=` is optional, as Spark allows). */
  propertyList(): Record<string, string> {
    const out: Record<string, string> = {};
    this.expectPunct("(");
    if (this.acceptPunct(")")) return out;
    do {
      const k = this.propertyKey();
      this.acceptPunct("=");
      out[k] = this.propertyValue();
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return out;
  }

  /** `(k, ...)`: keys of UNSET TAGS / UNSET TBLPROPERTIES. */
  keyList(): string[] {
    const out: string[] = [];
    this.expectPunct("(");
    do out.push(this.propertyKey());
    while (this.acceptPunct(","));
    this.expectPunct(")");
    return out;
  }

  /** `(a, b)`: a column list. */
  identifierList(): string[] {
    const out: string[] = [];
    this.expectPunct("(");
    if (this.acceptPunct(")")) return out;
    do out.push(this.identifier());
    while (this.acceptPunct(","));
    this.expectPunct(")");
    return out;
  }

  /**
   * The source text of the tokens up to (not including) the first top-level token for which `stop`
   * is true, or to the end. Balanced (), <>, [] are skipped as a unit. Used for types and expressions.
   */
  textUntil(stop: (t: Token) => boolean): string {
    const first = this.peek();
    if (!first) throw this.fail("an expression");
    let depth = 0;
    let last: Token | undefined;
    while (!this.atEnd()) {
      const t = this.peek()!;
      if (depth === 0 && stop(t)) break;
      if (t.kind === "punct" && (t.value === "(" || t.value === "<" || t.value === "[")) depth++;
      if (t.kind === "punct" && (t.value === ")" || t.value === ">" || t.value === "]")) {
        if (depth === 0) break;
        depth--;
      }
      last = t;
      this.pos++;
    }
    if (!last) throw this.fail("an expression");
    return this.sql.slice(first.start, last.end);
  }

  /** Text of a parenthesised expression `( ... )`, without the outer parentheses. */
  parenthesizedText(): string {
    const open = this.peek();
    this.expectPunct("(");
    let depth = 1;
    while (!this.atEnd()) {
      const t = this.tokens[this.pos++];
      if (t.kind === "punct" && t.value === "(") depth++;
      if (t.kind === "punct" && t.value === ")" && --depth === 0) return this.sql.slice(open!.end, t.start).trim();
    }
    throw this.fail("')'");
  }

  /** Index just past the parenthesised group starting at `from` (default: the current `(`). */
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
    throw this.fail("')'");
  }

  /** All remaining source text (e.g. a function body after RETURN). */
  restText(): string {
    const t = this.peek();
    if (!t) throw this.fail("more input");
    const end = this.tokens[this.tokens.length - 1].end;
    this.pos = this.tokens.length;
    return this.sql.slice(t.start, end).trim();
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.fail("end of statement");
  }

  /** A PARSE_SYNTAX_ERROR at the current token, naming what was `expected` when given. */
  fail(expected?: string): EngineError {
    const t = this.peek();
    const near = t ? `'${t.text}'` : "end of input";
    return engineError("PARSE_SYNTAX_ERROR", `Syntax error at or near ${near}${expected ? `: expected ${expected}` : ""}.`, "42601");
  }
}

/** True when the tokens start with these bare words (statement recognition in `matches`). */
export function startsWithWords(tokens: readonly Token[], ...words: string[]): boolean {
  return words.every((w, i) => tokens[i]?.kind === "word" && tokens[i].value === w);
}

/**
 * Index just past a dotted name starting at `from` (`a`.`b`.c), or `from` if there is none.
 * Lets `matches` look at the keywords following an object name (`ALTER TABLE t SET TAGS`).
 */
export function skipName(tokens: readonly Token[], from: number): number {
  let i = from;
  if (!(tokens[i]?.kind === "word" || tokens[i]?.kind === "ident")) return from;
  i++;
  while (tokens[i]?.kind === "punct" && tokens[i].value === "." && (tokens[i + 1]?.kind === "word" || tokens[i + 1]?.kind === "ident")) i += 2;
  return i;
}

/** True when tokens[at...] are these bare words. */
export function wordsAt(tokens: readonly Token[], at: number, ...words: string[]): boolean {
  return words.every((w, i) => tokens[at + i]?.kind === "word" && tokens[at + i].value === w);
}

/** The bare word (upper-cased) at `tokens[i]`, or undefined: statement recognition in a handler's `matches`. */
export function wordAt(tokens: readonly Token[], i: number): string | undefined {
  return tokens[i]?.kind === "word" ? tokens[i].value : undefined;
}
