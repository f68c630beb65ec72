/**
 * A shaped copy of a table: ONE `CREATE [OR REPLACE] TABLE … AS SELECT … FROM src VERSION AS OF n
 * [WHERE …]` that writes a row subset, masked columns or (schema only) no rows at all, with the
 * destination's TBLPROPERTIES (this stack's markers included) in the same statement. One statement, so
 * the destination never has a version holding more (or rawer) rows than asked, and a failure writes
 * nothing. The validation query compares it with the source at the same version and predicate.
 */
import { integerLiteral, propertyList, quoteIdent } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { asOfClause, type TimeTravel } from "./timeTravel";
import { validateRowExpression } from "./rowExpression";
import { hashNeedsJson } from "./validation";

/** One column of the copy: its name and the expression that fills it (undefined: copied as is). */
export interface ShapedColumn {
  name: string;
  expression?: string;
}

export interface ShapedCopyArgs {
  target: ObjectName;
  source: ObjectName;
  /** `create` fails if the target exists; `createOrReplace` keeps its history (a new version). */
  mode: "create" | "createOrReplace";
  asOf?: TimeTravel;
  /** Every column of the source, in order. At least one. */
  columns: readonly ShapedColumn[];
  /** Row subset (validated: one boolean expression over the row). */
  where?: string;
  /** No rows: the source's columns (and partitioning) only. */
  schemaOnly?: boolean;
  partitionColumns?: readonly string[];
  properties: Record<string, string>;
}

/** The row predicate of a shaped copy, as SQL (null: every row). */
export function shapedPredicate(a: { where?: string; schemaOnly?: boolean }, label: string): string | null {
  if (a.schemaOnly) return "FALSE";
  if (a.where === undefined) return null;
  return `(${validateRowExpression(a.where, label)})`;
}

function label(a: { source: ObjectName }): string {
  return `where subset of ${objectSql(a.source)}`;
}

/** `CREATE [OR REPLACE] TABLE t [PARTITIONED BY (…)] TBLPROPERTIES (…) AS SELECT … FROM s VERSION AS OF n [WHERE …]`. */
export function shapedCopyTable(a: ShapedCopyArgs): string {
  if (a.columns.length === 0) throw new Error(`A shaped copy of ${objectSql(a.source)} needs at least one column.`);
  const list = a.columns.map((c) => (c.expression === undefined ? quoteIdent(c.name) : `${c.expression} AS ${quoteIdent(c.name)}`)).join(", ");
  const predicate = shapedPredicate(a, label(a));
  const partitioned = a.partitionColumns && a.partitionColumns.length > 0 ? ` PARTITIONED BY (${a.partitionColumns.map(quoteIdent).join(", ")})` : "";
  const props = Object.keys(a.properties).length > 0 ? ` TBLPROPERTIES ${propertyList(a.properties)}` : "";
  return (
    `${a.mode === "createOrReplace" ? "CREATE OR REPLACE TABLE" : "CREATE TABLE"} ${objectSql(a.target)}${partitioned}${props} ` +
    `AS SELECT ${list} FROM ${objectSql(a.source)}${asOfClause(a.asOf)}${predicate === null ? "" : ` WHERE ${predicate}`}`
  );
}

/**
 * Validation of a shaped copy in ONE statement: rows `side` ('source' | 'destination'), `row_count`,
 * `hash_sum`, `hash_xor`. The source side is read at the cloned version through the same predicate; the
 * checksum covers `checksumColumns` only (the unmasked ones; none: both checksums are 0).
 */
export function compareShapedCopy(a: {
  source: ObjectName;
  sourceAsOf: TimeTravel;
  destination: ObjectName;
  destinationAsOf: TimeTravel;
  where?: string;
  schemaOnly?: boolean;
  checksumColumns: readonly { name: string; type: string }[];
}): string {
  const predicate = shapedPredicate(a, label(a));
  const hash =
    a.checksumColumns.length === 0
      ? integerLiteral(0)
      : `xxhash64(${a.checksumColumns.map((c) => (hashNeedsJson(c.type) ? `to_json(${quoteIdent(c.name)})` : quoteIdent(c.name))).join(", ")})`;
  const side = (name: string, table: ObjectName, asOf: TimeTravel, where: string | null) =>
    `SELECT '${name}' AS side, count(*) AS row_count, CAST(coalesce(sum(CAST(row_hash AS DECIMAL(38,0))), 0) AS STRING) AS hash_sum, ` +
    `CAST(coalesce(bit_xor(row_hash), 0) AS STRING) AS hash_xor ` +
    `FROM (SELECT ${hash} AS row_hash FROM ${objectSql(table)}${asOfClause(asOf)}${where === null ? "" : ` WHERE ${where}`}) AS hashed`;
  return `${side("source", a.source, a.sourceAsOf, predicate)} UNION ALL ${side("destination", a.destination, a.destinationAsOf, null)}`;
}
