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
    if (e instanceof SqlTextError) throw new SqlFragmentError(`Invalid ${label}: ${e.message} Close the literal or comment.`);
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
 * statement's context), unterminated literals.
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
