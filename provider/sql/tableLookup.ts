/**
 * Single-table information_schema lookups a table handler needs after it wrote: the table's columns
 * (to build a validation checksum) and its `last_altered` (the drift baseline discovery compares
 * against next time; read from the same view discovery reads, so the two agree to the instant).
 */
import { quoteIdent, quoteLiteral } from "./quote";
import type { ObjectName } from "./objectName";

const where = (t: ObjectName): string =>
  `table_schema = ${quoteLiteral(t.schema.toLowerCase())} AND table_name = ${quoteLiteral(t.name.toLowerCase())}`;

/** Rows `column_name`, `full_data_type` of one table, in declaration order. */
export function tableColumns(table: ObjectName): string {
  return (
    "SELECT column_name, full_data_type " +
    `FROM ${quoteIdent(table.catalog)}.information_schema.columns WHERE ${where(table)} ORDER BY ordinal_position`
  );
}

/**
 * Rows `table_schema`, `table_name`, `last_altered` of several tables of ONE catalog in one statement
 * (batched reads after concurrent writes; see provider/resources/lastAlteredBatch.ts).
 */
export function tablesLastAltered(catalog: string, tables: readonly { schema: string; name: string }[]): string {
  if (tables.length === 0) throw new Error("tablesLastAltered needs at least one table.");
  const conditions = tables.map(
    (t) => `(table_schema = ${quoteLiteral(t.schema.toLowerCase())} AND table_name = ${quoteLiteral(t.name.toLowerCase())})`,
  );
  return (
    "SELECT table_schema, table_name, last_altered " +
    `FROM ${quoteIdent(catalog)}.information_schema.tables WHERE ${conditions.join(" OR ")}`
  );
}
