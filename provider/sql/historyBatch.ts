/**
 * History reads of several tables in ONE statement (per catalog, batched by the table handlers: DESIGN
 * §5). Each branch is the single-table read (table.ts describeHistory / describeHistorySince) as a
 * subquery, tagged with the caller's key so its rows can be told apart: `table_key`, `version`,
 * `operation`, `operationParameters`. GUESS (reference §3.1 option (b)): DESCRIBE HISTORY as a
 * subquery under UNION ALL, as discovery.ts latestVersions; callers fall back to the single-table
 * statements on a parse error. One missing table fails the whole statement (TABLE_OR_VIEW_NOT_FOUND):
 * callers then read the tables one by one, so absence is concluded per table.
 */
import { integerLiteral, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";

const COLUMNS = "version, operation, operationParameters";

/** The newest history row of each table: `SELECT 'k' AS table_key, … FROM (DESCRIBE HISTORY t LIMIT 1) UNION ALL …`. */
export function newestHistoryRows(tables: readonly { key: string; table: ObjectName }[]): string {
  if (tables.length === 0) throw new Error("newestHistoryRows needs at least one table.");
  return tables
    .map((t) => `SELECT ${quoteLiteral(t.key)} AS table_key, ${COLUMNS} FROM (DESCRIBE HISTORY ${objectSql(t.table)} LIMIT 1)`)
    .join(" UNION ALL ");
}

/**
 * The history rows at or after version `from` of each table, newest first, at most `limit` per table:
 * `SELECT 'k' AS table_key, … FROM (SELECT … FROM (DESCRIBE HISTORY t) WHERE version >= n ORDER BY version DESC LIMIT m) UNION ALL …`.
 */
export function historyRowsSince(tables: readonly { key: string; table: ObjectName; from: number }[], limit: number): string {
  if (tables.length === 0) throw new Error("historyRowsSince needs at least one table.");
  return tables
    .map(
      (t) =>
        `SELECT ${quoteLiteral(t.key)} AS table_key, ${COLUMNS} FROM (SELECT ${COLUMNS} FROM (DESCRIBE HISTORY ${objectSql(t.table)}) ` +
        `WHERE version >= ${integerLiteral(t.from)} ORDER BY version DESC LIMIT ${integerLiteral(limit)})`,
    )
    .join(" UNION ALL ");
}
