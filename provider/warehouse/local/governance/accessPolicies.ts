/**
 * How reads see a table with a row filter or column masks: the SELECT rewriter replaces the table
 * reference by the Spark SQL subquery built here (filter in WHERE, masks in the projection). Function
 * calls in it are then inlined by functionCalls.ts like any other UDF call.
 */
import type { TableEntry } from "../metastore/model";
import { printName } from "../errors/governanceErrors";

/** True when reads of `table` must go through policySubquery. */
export function hasAccessPolicy(table: TableEntry): boolean {
  return table.rowFilter !== null || table.columnMasks.length > 0;
}

/**
 * `SELECT <cols, masked> FROM <relation> WHERE <filter>` in Spark SQL, or null when the table has no
 * policy. `relation` is the already-resolved reference to the raw table (e.g. with time travel);
 * `columns` are the table's column names in order.
 */
export function policySubquery(table: TableEntry, columns: string[], relation: string): string | null {
  if (!hasAccessPolicy(table)) return null;
  const fn = (key: string) => printName(...key.split("."));
  const projection = columns
    .map((c) => {
      const mask = table.columnMasks.find((m) => m.column.toLowerCase() === c.toLowerCase());
      if (!mask) return printName(c);
      const args = [c, ...mask.usingColumns].map((a) => printName(a)).join(", ");
      return `${fn(mask.function)}(${args}) AS ${printName(c)}`;
    })
    .join(", ");
  const where = table.rowFilter
    ? ` WHERE coalesce(${fn(table.rowFilter.function)}(${table.rowFilter.inputColumns.map((c) => printName(c)).join(", ")}), false)`
    : "";
  return `SELECT ${projection} FROM ${relation}${where}`;
}

/** Placeholder relation name policySubquery is built over when the engine wraps a raw relation. */
export const POLICY_SOURCE = "__uc_policy_source";
