/**
 * Column masking of a shaped table: the expression that replaces a column in the SELECT list of the one
 * CREATE TABLE … AS SELECT that writes the destination (shapedCopy.ts). Masking happens inside the
 * statement that writes the rows, never by an UPDATE afterwards, so no version of the destination ever
 * holds the raw values (an UPDATE would leave them one `VERSION AS OF` away).
 *
 * Expressions use functions Databricks and the local engine share (sha2, regexp_replace, repeat,
 * char_length, right, concat). Strategies other than `null` (and `expression`) produce a STRING column.
 */
import { integerLiteral, quoteIdent, quoteLiteral } from "./quote";
import { validateRowExpression } from "./rowExpression";
import { validateSqlType } from "./sqlFragment";

/**
 * - `hash`: SHA-256 hex of the value (stable, so joins on the column still match across tables);
 * - `email`: the local part replaced by `***`, domain kept (`***@example.com`; no `@`: `***`);
 * - `partial`: all but the last `keepLast` characters replaced by `*`, and only when at least as many
 *   characters are hidden as shown; a shorter value is all `*` (a 1- or 2-character name never shows);
 * - `redact`: a constant (default `***`), NULL stays NULL;
 * - `null`: NULL of the column's type;
 * - `expression`: a user expression over the row (validated: one expression over the row's own columns).
 */
export const MASK_STRATEGIES = ["email", "hash", "partial", "redact", "null", "expression"] as const;
export type MaskStrategy = (typeof MASK_STRATEGIES)[number];

export interface MaskRule {
  strategy: MaskStrategy;
  /** `partial`: characters kept at the end (default 4). */
  keepLast?: number;
  /** `redact`: the constant written instead (default `***`). */
  replacement?: string;
  /** `expression`: the SQL expression. */
  expression?: string;
}

export const DEFAULT_KEEP_LAST = 4;

/**
 * The SQL expression that masks `column` (of SQL type `type`, as information_schema prints it).
 * @param label names the rule in errors (e.g. `masking["crm.*"].email`).
 */
export function maskExpression(column: string, type: string, rule: MaskRule, label = `mask of ${column}`): string {
  const c = quoteIdent(column);
  const s = `CAST(${c} AS STRING)`;
  switch (rule.strategy) {
    case "hash":
      return `sha2(${s}, 256)`;
    case "email":
      return `regexp_replace(${s}, '^[^@]*', '***')`;
    case "partial": {
      const keep = rule.keepLast ?? DEFAULT_KEEP_LAST;
      if (!Number.isInteger(keep) || keep < 0) throw new Error(`Invalid ${label}: keepLast must be a whole number >= 0, got ${keep}.`);
      const k = integerLiteral(keep);
      // Shows the tail only when the hidden part is at least as long as it, so a short value never
      // comes back whole (nor mostly whole).
      return (
        `CASE WHEN ${c} IS NULL THEN NULL WHEN char_length(${s}) >= 2 * ${k} ` +
        `THEN concat(repeat('*', char_length(${s}) - ${k}), right(${s}, ${k})) ELSE repeat('*', char_length(${s})) END`
      );
    }
    case "redact":
      return `CASE WHEN ${c} IS NULL THEN NULL ELSE ${quoteLiteral(rule.replacement ?? "***")} END`;
    case "null":
      return `CAST(NULL AS ${validateSqlType(type, `type of column ${column}`)})`;
    case "expression":
      if (rule.expression === undefined) throw new Error(`Invalid ${label}: strategy expression needs an expression.`);
      return validateRowExpression(rule.expression, label);
    default:
      throw new Error(`Invalid ${label}: unknown masking strategy ${JSON.stringify(rule.strategy)}; use ${MASK_STRATEGIES.join(", ")}.`);
  }
}
