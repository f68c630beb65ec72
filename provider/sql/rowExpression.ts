/**
 * Validation of a user expression over ONE table's own row (a `where` subset, a custom masking
 * expression) before it is spliced into the single CREATE TABLE … AS SELECT that writes a shaped table.
 *
 * On top of validateSqlFragment (one expression: no `;`, no comments, balanced parentheses), such an
 * expression may not read anything but the row it is evaluated on: no subquery or query clause (a
 * `SELECT` could read another catalog, and `GROUP`/`ORDER`/`LIMIT`/`UNION` would end the WHERE clause
 * and change the statement), no statement verb, no qualified function call (`other.sch.fn(x)` runs a
 * function of another schema or catalog, which may read any table), and no top-level `,` (a select
 * list). Built-in functions are called unqualified, so they stay allowed. Backtick-quoted names are
 * identifiers, never keywords: a column named `order` is written `` `order` ``.
 */
import { significantTokens, tokenizeSql, type SqlToken } from "./tokenizer";
import { SqlFragmentError, validateSqlFragment } from "./sqlFragment";

/** Words that start a query, a clause that would end the expression, or another statement. */
const FORBIDDEN_WORDS: ReadonlySet<string> = new Set([
  "SELECT", "FROM", "JOIN", "UNION", "INTERSECT", "EXCEPT", "MINUS", "GROUP", "ORDER", "LIMIT", "OFFSET",
  "HAVING", "WINDOW", "QUALIFY", "WITH", "VALUES", "LATERAL", "PIVOT", "UNPIVOT", "TABLESAMPLE", "CLUSTER",
  "DISTRIBUTE", "SORT", "INSERT", "UPDATE", "DELETE", "MERGE", "DROP", "CREATE", "ALTER", "TRUNCATE",
  "GRANT", "REVOKE", "REFRESH", "OPTIMIZE", "VACUUM", "RESTORE", "COPY", "CALL", "EXECUTE", "DESCRIBE", "SHOW",
]);

function isName(t: SqlToken | undefined): boolean {
  return t !== undefined && (t.kind === "word" || t.kind === "ident");
}

/**
 * Checks a row expression and returns it trimmed.
 * @param label names the field in errors, e.g. `tableOverrides["sales.orders"].where`.
 * @throws SqlFragmentError naming the field, what was found and the fix.
 */
export function validateRowExpression(text: string, label: string): string {
  const trimmed = validateSqlFragment(text, label);
  const sig = significantTokens(tokenizeSql(trimmed));
  let depth = 0;
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    if (t.kind === "word" && FORBIDDEN_WORDS.has(t.value.toUpperCase())) {
      throw new SqlFragmentError(
        `Invalid ${label}: ${JSON.stringify(t.text)} at position ${t.start} is not allowed; write one boolean expression over the table's own columns ` +
          "(no subquery, query clause or statement; quote a column of that name with backticks).",
      );
    }
    if (t.kind === "punct" && t.text === "(") {
      // `a.b(`: a qualified name called as a function (built-ins are never qualified).
      if (isName(sig[i - 1]) && sig[i - 2]?.kind === "punct" && sig[i - 2].text === "." && isName(sig[i - 3])) {
        throw new SqlFragmentError(
          `Invalid ${label}: the qualified function call at position ${sig[i - 3].start} is not allowed (a function of another schema or catalog may read other tables); ` +
            "use built-in functions only.",
        );
      }
      depth++;
    } else if (t.kind === "punct" && t.text === ")") depth--;
    else if (t.kind === "punct" && t.text === "," && depth === 0) {
      throw new SqlFragmentError(`Invalid ${label}: ',' at position ${t.start} outside parentheses; write ONE expression.`);
    }
  }
  return trimmed;
}
