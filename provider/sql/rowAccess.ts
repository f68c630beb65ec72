/** Row filters and column masks (Unity Catalog policies; not copied by CLONE, re-applied by the tool). */
import { quoteIdent } from "./quote";
import { objectSql, type ObjectName } from "./objectName";

const columnList = (cols: readonly string[]): string => "(" + cols.map(quoteIdent).join(", ") + ")";

/** `ALTER TABLE t SET ROW FILTER c.s.f ON (col, ...)`: the filter function gets these columns as arguments. */
export function setRowFilter(table: ObjectName, fn: ObjectName, onColumns: readonly string[]): string {
  return `ALTER TABLE ${objectSql(table)} SET ROW FILTER ${objectSql(fn)} ON ${columnList(onColumns)}`;
}

/** `ALTER TABLE t DROP ROW FILTER`. */
export function dropRowFilter(table: ObjectName): string {
  return `ALTER TABLE ${objectSql(table)} DROP ROW FILTER`;
}

/** `ALTER TABLE t ALTER COLUMN c SET MASK c.s.f [USING COLUMNS (a, ...)]`. */
export function setColumnMask(table: ObjectName, column: string, fn: ObjectName, usingColumns: readonly string[] = []): string {
  const using = usingColumns.length > 0 ? ` USING COLUMNS ${columnList(usingColumns)}` : "";
  return `ALTER TABLE ${objectSql(table)} ALTER COLUMN ${quoteIdent(column)} SET MASK ${objectSql(fn)}${using}`;
}

/** `ALTER TABLE t ALTER COLUMN c DROP MASK`. */
export function dropColumnMask(table: ObjectName, column: string): string {
  return `ALTER TABLE ${objectSql(table)} ALTER COLUMN ${quoteIdent(column)} DROP MASK`;
}
