/** Table-level Delta statements: drop, restore, history, detail. */
import { integerLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { asOfClause, type TimeTravel } from "./timeTravel";

/** `DROP TABLE [IF EXISTS] c.s.t` (IF EXISTS unless `ifExists: false`). */
export function dropTable(table: ObjectName, opts: { ifExists?: boolean } = {}): string {
  return `DROP TABLE ${opts.ifExists === false ? "" : "IF EXISTS "}${objectSql(table)}`;
}

/**
 * `RESTORE TABLE c.s.t TO VERSION AS OF n` / `TO TIMESTAMP AS OF '...'`. Result: one row of restore
 * metrics (`table_size_after_restore`, `num_of_files_after_restore`, `num_removed_files`, ...).
 */
export function restoreTable(table: ObjectName, to: TimeTravel): string {
  return `RESTORE TABLE ${objectSql(table)} TO${asOfClause(to)}`;
}

/** `DESCRIBE HISTORY c.s.t [LIMIT n]`: rows newest first (`version`, `timestamp`, `operation`, ...). */
export function describeHistory(table: ObjectName, limit?: number): string {
  const lim = limit === undefined ? "" : ` LIMIT ${integerLiteral(limit)}`;
  return `DESCRIBE HISTORY ${objectSql(table)}${lim}`;
}

/**
 * The history rows at or after version `from`, newest first, at most `limit`:
 * `SELECT version, operation, operationParameters FROM (DESCRIBE HISTORY c.s.t) WHERE version >= n
 * ORDER BY version DESC LIMIT m`. Read-only; drift classifies what was committed since the version
 * it recorded. DESCRIBE HISTORY as a subquery: same GUESS as latestVersions (discovery.ts); callers fall
 * back to describeHistory(t, limit) on a parse error.
 */
export function describeHistorySince(table: ObjectName, from: number, limit: number): string {
  return (
    `SELECT version, operation, operationParameters FROM (DESCRIBE HISTORY ${objectSql(table)}) ` +
    `WHERE version >= ${integerLiteral(from)} ORDER BY version DESC LIMIT ${integerLiteral(limit)}`
  );
}

/** `DESCRIBE DETAIL c.s.t`: one row (`format`, `id`, `location`, `numFiles`, `sizeInBytes`, `properties`, ...). No version column. */
export function describeDetail(table: ObjectName): string {
  return `DESCRIBE DETAIL ${objectSql(table)}`;
}

/** `SHOW CREATE TABLE c.s.t` (tables and views): one row, column `createtab_stmt`. */
export function showCreateTable(table: ObjectName): string {
  return `SHOW CREATE TABLE ${objectSql(table)}`;
}

/** `SELECT * FROM c.s.t [VERSION AS OF n] LIMIT n`: a bounded read, e.g. to probe a shallow clone's files. */
export function selectSample(table: ObjectName, limit: number, asOf?: TimeTravel): string {
  return `SELECT * FROM ${objectSql(table)}${asOfClause(asOf)} LIMIT ${integerLiteral(limit)}`;
}
