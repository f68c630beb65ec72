/**
 * What a statement does, judged from its text (this is the layer that knows SQL text). Used to decide
 * whether a statement whose outcome is unknown may be sent again (provider/warehouse/retry.ts).
 */
import { significantTokens, tokenizeSql } from "./tokenizer";

/** Statements that only read: running them twice changes nothing. */
const READ_ONLY_FIRST_WORDS: ReadonlySet<string> = new Set(["SELECT", "DESCRIBE", "DESC", "SHOW"]);

/**
 * True when `sql` is ONE statement starting with SELECT, DESCRIBE or SHOW (comments and a trailing `;`
 * allowed). Anything else, including text that does not tokenize, counts as a write: a false "read-only"
 * would let a write be applied twice, a false "write" only costs a retry.
 */
export function isReadOnlyStatement(sql: string): boolean {
  let tokens;
  try {
    tokens = significantTokens(tokenizeSql(sql));
  } catch {
    return false;
  }
  while (tokens.length > 0 && tokens[tokens.length - 1].kind === "separator") tokens.pop();
  if (tokens.length === 0 || tokens.some((t) => t.kind === "separator")) return false;
  const first = tokens[0];
  return first.kind === "word" && READ_ONLY_FIRST_WORDS.has(first.value.toUpperCase());
}
