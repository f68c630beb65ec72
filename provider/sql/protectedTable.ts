/**
 * A copy of a table protected by a row filter and/or column masks (reference §4.4): Databricks refuses
 * DEEP and SHALLOW CLONE of such a source, so the copy is a table CREATED WITH ITS POLICIES in the
 * creating statement (`CREATE TABLE t (c T MASK f USING COLUMNS (...), ...) WITH ROW FILTER f ON (...)`),
 * then filled by `INSERT INTO t SELECT ... FROM source`. No version of the copy exists without its
 * policies, so no reader (one holding SELECT on its schema or catalog included) ever sees it unprotected.
 */
import { propertyList, quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { validateSqlType } from "./sqlFragment";

/** A column of the copy, as the source's information_schema.columns reports it. */
export interface ProtectedColumn {
  name: string;
  /** `full_data_type`, e.g. `STRING`, `DECIMAL(10,2)`. */
  type: string;
  nullable: boolean;
}

/** The row filter and column masks of a table, with the functions they call. */
export interface TablePolicies {
  /** `WITH ROW FILTER fn ON (columns)`; null: none. */
  rowFilter: { function: ObjectName; columns: string[] } | null;
  /** `column ... MASK fn [USING COLUMNS (using)]`, at most one per column. */
  masks: { column: string; function: ObjectName; using: string[] }[];
}

const columnList = (cols: readonly string[]): string => "(" + cols.map(quoteIdent).join(", ") + ")";

/**
 * `CREATE [OR REPLACE] TABLE t (col TYPE [NOT NULL] [MASK f [USING COLUMNS (...)]], ...) [WITH ROW FILTER f ON (...)]
 * TBLPROPERTIES (...)`: the table and its policies in ONE statement. OR REPLACE keeps the table's history
 * (an adopted table stays restorable) and swaps data, columns and policies at once.
 */
export function createProtectedTable(args: {
  table: ObjectName;
  columns: readonly ProtectedColumn[];
  policies: TablePolicies;
  properties: Record<string, string>;
  orReplace: boolean;
}): string {
  if (args.columns.length === 0) throw new Error(`createProtectedTable: ${args.table.name} has no columns.`);
  const known = new Set(args.columns.map((c) => c.name.toLowerCase()));
  const needColumn = (c: string, what: string) => {
    if (!known.has(c.toLowerCase())) throw new Error(`createProtectedTable: ${what} names column ${c}, which ${args.table.name} does not have.`);
  };
  for (const m of args.policies.masks) {
    needColumn(m.column, "a column mask");
    for (const u of m.using) needColumn(u, `the mask of ${m.column}`);
  }
  for (const c of args.policies.rowFilter?.columns ?? []) needColumn(c, "the row filter");
  const cols = args.columns.map((c) => {
    const mask = args.policies.masks.find((m) => m.column.toLowerCase() === c.name.toLowerCase());
    let sql = `${quoteIdent(c.name)} ${validateSqlType(c.type, `type of column ${c.name}`)}${c.nullable ? "" : " NOT NULL"}`;
    if (mask) sql += ` MASK ${objectSql(mask.function)}${mask.using.length > 0 ? ` USING COLUMNS ${columnList(mask.using)}` : ""}`;
    return sql;
  });
  let sql = `${args.orReplace ? "CREATE OR REPLACE TABLE" : "CREATE TABLE"} ${objectSql(args.table)} (${cols.join(", ")})`;
  const f = args.policies.rowFilter;
  if (f) sql += ` WITH ROW FILTER ${objectSql(f.function)} ON ${columnList(f.columns)}`;
  if (Object.keys(args.properties).length > 0) sql += ` TBLPROPERTIES ${propertyList(args.properties)}`;
  return sql;
}

/**
 * `INSERT OVERWRITE t SELECT cols FROM source`: the rows and values the running principal reads in the
 * source (through its policies), in the copy's column order. Idempotent: sent twice, the same rows.
 */
export function copyRows(table: ObjectName, source: ObjectName, columns: readonly string[]): string {
  return `INSERT OVERWRITE ${objectSql(table)} SELECT ${columns.map(quoteIdent).join(", ")} FROM ${objectSql(source)}`;
}

/** `SELECT count(*) AS n FROM t`: rows the running principal reads (through the table's policies). */
export function countRows(table: ObjectName): string {
  return `SELECT count(*) AS n FROM ${objectSql(table)}`;
}

/** A row of listTableColumns. */
export interface TableColumnRow {
  column_name: string;
  full_data_type: string;
  is_nullable: string;
}

/** The columns of ONE table, in declaration order (information_schema.columns). */
export function listTableColumns(table: ObjectName): string {
  return (
    "SELECT column_name, full_data_type, is_nullable " +
    `FROM ${quoteIdent(table.catalog)}.information_schema.columns ` +
    `WHERE table_schema = ${quoteLiteral(table.schema.toLowerCase())} AND table_name = ${quoteLiteral(table.name.toLowerCase())} ` +
    "ORDER BY ordinal_position"
  );
}

/** A row of findRoutines. */
export interface RoutineLookupRow {
  routine_schema: string;
  routine_name: string;
  routine_definition: string | null;
  comment: string | null;
}

/** The given functions of ONE catalog that exist (information_schema.routines): body and comment (which carries our marker). */
export function findRoutines(catalog: string, functions: readonly { schema: string; name: string }[]): string {
  if (functions.length === 0) throw new Error("findRoutines needs at least one function.");
  const match = functions
    .map((f) => `(routine_schema = ${quoteLiteral(f.schema.toLowerCase())} AND routine_name = ${quoteLiteral(f.name.toLowerCase())})`)
    .join(" OR ");
  return `SELECT routine_schema, routine_name, routine_definition, comment FROM ${quoteIdent(catalog)}.information_schema.routines WHERE ${match}`;
}

/** A row of policyReferences. */
export interface PolicyReferenceRow {
  function_schema: string;
  function_name: string;
}

/**
 * Which functions of `catalog` some row filter or column mask of a table in `catalog` still calls (one
 * statement over ROW_FILTERS and COLUMN_MASKS): a policy function is dropped only when nothing calls it.
 */
export function policyReferences(catalog: string): string {
  const cat = quoteIdent(catalog);
  const lit = quoteLiteral(catalog.toLowerCase());
  return (
    `SELECT filter_schema AS function_schema, filter_name AS function_name FROM ${cat}.information_schema.row_filters WHERE filter_catalog = ${lit} ` +
    "UNION ALL " +
    `SELECT mask_schema AS function_schema, mask_name AS function_name FROM ${cat}.information_schema.column_masks WHERE mask_catalog = ${lit}`
  );
}
