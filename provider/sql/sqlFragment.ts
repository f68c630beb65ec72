/**
 * Validation of user-supplied SQL (WHERE clauses, masking expressions, hooks) before it is spliced into
 * statements the provider builds (DESIGN §4.6). A fragment that holds a second statement or a comment
 * could turn one intended statement into several or hide part of it, so both are refused outright.
 */
import { SqlTextError, significantTokens, tokenizeSql, type SqlToken } from "./tokenizer";

/** A user-supplied SQL fragment that was refused. The message names the fragment and the fix. */
export class SqlFragmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SqlFragmentError";
  }
}

function tokensOf(text: string, label: string): SqlToken[] {
  try {
    return tokenizeSql(text);
  } catch (e) {
    if (e instanceof SqlTextError) throw new SqlFragmentError(`Invalid ${label}: ${e.message} ${e.fix}`);
    throw e;
  }
}

function rejectComments(tokens: readonly SqlToken[], label: string): void {
  const comment = tokens.find((t) => t.kind === "comment");
  if (comment) {
    throw new SqlFragmentError(
      `Invalid ${label}: comments are not allowed in SQL fragments (found ${JSON.stringify(comment.text.slice(0, 20))} ` +
        `at position ${comment.start}). Remove the comment.`,
    );
  }
}

/**
 * Checks an expression fragment (a WHERE condition, a masking expression) and returns it trimmed.
 * Refuses: empty text, comments, any `;`, unbalanced parentheses (a `)` could close the surrounding
 * statement's context), unterminated literals, string escapes that name no character.
 * @param label names the fragment in errors, e.g. `where clause of table sales.orders`.
 */
export function validateSqlFragment(text: string, label: string): string {
  const tokens = tokensOf(text, label);
  rejectComments(tokens, label);
  const sig = significantTokens(tokens);
  if (sig.length === 0) throw new SqlFragmentError(`Invalid ${label}: the SQL fragment is empty.`);
  const sep = sig.find((t) => t.kind === "separator");
  if (sep) {
    throw new SqlFragmentError(
      `Invalid ${label}: a SQL fragment must be a single expression without ';' (found one at position ${sep.start}). ` +
        `Remove the ';' and anything after it.`,
    );
  }
  let depth = 0;
  for (const t of sig) {
    if (t.kind !== "punct") continue;
    if (t.text === "(") depth++;
    if (t.text === ")") {
      depth--;
      if (depth < 0) {
        throw new SqlFragmentError(`Invalid ${label}: unbalanced ')' at position ${t.start}. Balance the parentheses.`);
      }
    }
  }
  if (depth > 0) throw new SqlFragmentError(`Invalid ${label}: ${depth} unclosed '('. Balance the parentheses.`);
  return text.trim();
}

/**
 * Checks a full statement (a pre/post hook) and returns it without surrounding whitespace and without
 * its optional single trailing `;`. Refuses: empty text, comments, more than one statement.
 */
export function validateSqlStatement(text: string, label: string): string {
  const tokens = tokensOf(text, label);
  rejectComments(tokens, label);
  const sig = significantTokens(tokens);
  if (sig.length === 0 || sig.every((t) => t.kind === "separator")) {
    throw new SqlFragmentError(`Invalid ${label}: the SQL statement is empty.`);
  }
  const separators = sig.filter((t) => t.kind === "separator");
  const last = sig[sig.length - 1];
  const onlyTrailing = separators.length === 0 || (separators.length === 1 && separators[0] === last);
  if (!onlyTrailing) {
    const extra = separators.find((t) => t !== last) ?? separators[0];
    throw new SqlFragmentError(
      `Invalid ${label}: only one SQL statement is allowed (found ';' followed by more text at position ${extra.start}). ` +
        `Split it into separate hooks.`,
    );
  }
  const end = last.kind === "separator" ? last.start : text.length;
  return text.slice(0, end).trim();
}

/**
 * Checks SQL text copied from an existing object (a view's query, a SQL function's body) before it is
 * embedded after `AS` / `RETURN`: it must be one statement with balanced parentheses. Comments are
 * allowed (view definitions keep them); a trailing line comment gets a newline so nothing appended
 * later can fall inside it. Returns the text trimmed and without a trailing `;`.
 */
export function validateSqlBody(text: string, label: string): string {
  const tokens = tokensOf(text, label);
  const sig = significantTokens(tokens);
  if (sig.length === 0) throw new SqlFragmentError(`Invalid ${label}: the SQL text is empty.`);
  let end = text.length;
  const last = sig[sig.length - 1];
  const separators = sig.filter((t) => t.kind === "separator");
  if (separators.length > 1 || (separators.length === 1 && separators[0] !== last)) {
    throw new SqlFragmentError(`Invalid ${label}: the SQL text holds more than one statement (';' at position ${separators[0].start}).`);
  }
  if (last.kind === "separator") end = last.start;
  let depth = 0;
  for (const t of sig) {
    if (t.kind === "punct" && t.text === "(") depth++;
    if (t.kind === "punct" && t.text === ")" && --depth < 0) {
      throw new SqlFragmentError(`Invalid ${label}: unbalanced ')' at position ${t.start}.`);
    }
  }
  if (depth !== 0) throw new SqlFragmentError(`Invalid ${label}: ${depth} unclosed '('.`);
  let body = text.slice(0, end).trim();
  const tail = tokenizeSql(body).filter((t) => t.kind !== "whitespace").pop();
  if (tail?.kind === "comment" && tail.text.startsWith("--")) body += "\n";
  return body;
}

/**
 * Checks a SQL data type as written in a column or parameter list (`STRING`, `DECIMAL(10,2)`,
 * `ARRAY<STRUCT<a: INT, `b c`: STRING>>`) and returns it trimmed: only words, numbers, quoted
 * identifiers and the punctuation of type syntax are allowed.
 */
export function validateSqlType(text: string, label: string): string {
  const tokens = tokensOf(text, label);
  const sig = significantTokens(tokens);
  const bad =
    tokens.find((t) => t.kind === "comment" || t.kind === "separator" || t.kind === "string") ??
    sig.find((t) => t.kind === "punct" && !["(", ")", ",", "<", ">", ":", ">>", ">>>"].includes(t.text));
  if (sig.length === 0 || bad) {
    throw new SqlFragmentError(`Invalid ${label}: ${JSON.stringify(text)} is not a SQL data type.`);
  }
  return text.trim();
}
