/**
 * Data masking of a cloned table: one `UPDATE` that replaces sensitive column values in the
 * DESTINATION (never the source) with a masked form, by named strategy or a user expression.
 * Expressions use functions Databricks and the local engine share (sha2, regexp_replace, repeat,
 * greatest, length, right, concat).
 */
import { quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { validateSqlFragment } from "./sqlFragment";

/**
 * Named strategies:
 * - `hash`: SHA-256 hex of the value (stable, so joins on the column still match);
 * - `email`: local part replaced by `***`, domain kept (`***@example.com`);
 * - `partial`: all but the last 4 characters replaced by `*`;
 * - `redact`: the constant `***` (or the given replacement);
 * - `null`: NULL.
 */
export type MaskStrategy = "hash" | "email" | "partial" | "redact" | "null";

/** A column to mask: by strategy, or by a SQL expression over the row (validated: one expression, no comments). */
export type ColumnMasking =
  | { column: string; strategy: MaskStrategy; replacement?: string }
  | { column: string; expression: string };

/** The SQL expression that masks `column` by `strategy`. Non-string columns are masked through their string form. */
export function maskExpression(column: string, strategy: MaskStrategy, replacement = "***"): string {
  const c = quoteIdent(column);
  const s = `CAST(${c} AS STRING)`;
  switch (strategy) {
    case "hash": return `sha2(${s}, 256)`;
    case "email": return `regexp_replace(${s}, '^[^@]*', '***')`;
    case "partial": return `concat(repeat('*', greatest(length(${s}) - 4, 0)), right(${s}, 4))`;
    case "redact": return `CASE WHEN ${c} IS NULL THEN NULL ELSE ${quoteLiteral(replacement)} END`;
    case "null": return "NULL";
    default: throw new Error(`Unknown masking strategy ${JSON.stringify(strategy)}: use hash, email, partial, redact or null.`);
  }
}

/** `UPDATE c.s.t SET col = <mask>, ... [WHERE <condition>]`. */
export function maskingUpdate(table: ObjectName, columns: readonly ColumnMasking[], where?: string): string {
  if (columns.length === 0) throw new Error(`No columns to mask in ${table.catalog}.${table.schema}.${table.name}.`);
  const label = `${table.catalog}.${table.schema}.${table.name}`;
  const sets = columns.map((m) => {
    const expr = "expression" in m ? validateSqlFragment(m.expression, `masking expression of ${label}.${m.column}`) : maskExpression(m.column, m.strategy, m.replacement);
    return `${quoteIdent(m.column)} = ${expr}`;
  });
  const cond = where === undefined ? "" : ` WHERE ${validateSqlFragment(where, `masking filter of ${label}`)}`;
  return `UPDATE ${objectSql(table)} SET ${sets.join(", ")}${cond}`;
}
