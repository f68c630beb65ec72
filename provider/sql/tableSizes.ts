/**
 * The sizes of several tables in ONE statement, for cloning the largest first:
 * `SELECT 's' AS table_schema, 't' AS table_name, sizeInBytes AS size_in_bytes FROM (DESCRIBE DETAIL c.s.t) UNION ALL ...`.
 * GUESS: DESCRIBE DETAIL as a subquery on Databricks, by analogy with DESCRIBE HISTORY (discovery.ts
 * latestVersions); callers treat a failure as "sizes unknown". Delta tables only (DESCRIBE DETAIL refuses
 * others). Keep batches to a few hundred tables.
 */
import { quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";

/** A row of tableSizes. */
export interface TableSizeRow {
  table_schema: string;
  table_name: string;
  /** Bytes of the table's current snapshot (DESCRIBE DETAIL sizeInBytes). */
  size_in_bytes: number | bigint | null;
}

export function tableSizes(tables: readonly ObjectName[]): string {
  if (tables.length === 0) throw new Error("tableSizes needs at least one table.");
  return tables
    .map(
      (t) =>
        `SELECT ${quoteLiteral(t.schema)} AS table_schema, ${quoteLiteral(t.name)} AS table_name, sizeInBytes AS size_in_bytes ` +
        `FROM (DESCRIBE DETAIL ${objectSql(t)})`,
    )
    .join(" UNION ALL ");
}
