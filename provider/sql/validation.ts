/**
 * Post-clone validation queries: row count and an order-independent checksum of a table, at a pinned
 * version, so the source at `VERSION AS OF n` and the destination can be compared.
 *
 * Checksum: `xxhash64(col1, col2, ...)` per row (64-bit), aggregated with both `sum` and `bit_xor`
 * (sum catches duplicated rows that xor cancels; xor catches changes that sum could offset). The sum
 * runs over DECIMAL(38,0) because a BIGINT sum of 64-bit hashes overflows (an error under ANSI mode,
 * the SQL-warehouse default). The local engine maps xxhash64 onto a DuckDB hash: values differ between
 * engines but are stable within one, and source and destination are always read by the same engine.
 * Spark's hash functions reject, at analysis time, a MAP at any depth (`map<..>`, `array<map<..>>`, a
 * struct holding a map) and VARIANT (DATATYPE_MISMATCH.HASH_MAP_TYPE / HASH_VARIANT_TYPE), so such
 * columns are hashed through `to_json` (a STRING; both engines). Map entries keep their stored order, so
 * a clone of the same data files gives the same JSON.
 */
import { integerLiteral, quoteIdent } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { asOfClause, type TimeTravel } from "./timeTravel";
import { validateSqlFragment } from "./sqlFragment";

/** A column to checksum: its name, or name and SQL type (types holding a MAP or VARIANT are hashed through to_json). */
export type ChecksumColumn = string | { name: string; type: string };

export interface TableChecksumArgs {
  table: ObjectName;
  /** Columns to hash, in table order. At least one. */
  columns: readonly ChecksumColumn[];
  asOf?: TimeTravel;
  /** Optional user WHERE condition (validated: one expression, no comments). */
  where?: string;
}

/** A row of tableChecksum / compareTables. Sums and xors are strings so no engine loses precision. */
export interface ChecksumRow {
  row_count: number;
  hash_sum: string;
  hash_xor: string;
}

/**
 * Whether Spark's hash() would refuse a value of this type: a MAP anywhere in it (`map<`, after the
 * start, `<`, `,` or a struct field's `:`) or a VARIANT (as a whole type, an element or a field type;
 * a struct FIELD named variant or map is not a match).
 */
export function hashNeedsJson(type: string): boolean {
  return /(^|[<,:\s])map\s*</i.test(type) || /(^|[<,:\s])variant\s*($|[>,])/i.test(type);
}

function hashExpression(columns: readonly ChecksumColumn[]): string {
  if (columns.length === 0) throw new Error("A checksum needs at least one column.");
  return (
    "xxhash64(" +
    columns
      .map((c) => {
        if (typeof c === "string") return quoteIdent(c);
        return hashNeedsJson(c.type) ? `to_json(${quoteIdent(c.name)})` : quoteIdent(c.name);
      })
      .join(", ") +
    ")"
  );
}

function scan(args: TableChecksumArgs, extraSelect = ""): string {
  const where = args.where === undefined ? "" : ` WHERE ${validateSqlFragment(args.where, `validation filter of ${objectSql(args.table)}`)}`;
  return (
    `SELECT ${extraSelect}count(*) AS row_count, CAST(coalesce(sum(CAST(row_hash AS DECIMAL(38,0))), 0) AS STRING) AS hash_sum, ` +
    `CAST(coalesce(bit_xor(row_hash), 0) AS STRING) AS hash_xor ` +
    `FROM (SELECT ${hashExpression(args.columns)} AS row_hash FROM ${objectSql(args.table)}${asOfClause(args.asOf)}${where}) AS hashed`
  );
}

/** One row: `row_count`, `hash_sum`, `hash_xor` of the table (at `asOf`). */
export function tableChecksum(args: TableChecksumArgs): string {
  return scan(args);
}

/**
 * Source and destination checksums in ONE statement: two rows with `side` = 'source' | 'destination'
 * plus the ChecksumRow columns. Both tables must be readable by the same warehouse.
 */
export function compareTables(args: {
  source: ObjectName;
  sourceAsOf?: TimeTravel;
  destination: ObjectName;
  destinationAsOf?: TimeTravel;
  columns: readonly ChecksumColumn[];
  where?: string;
}): string {
  const src = scan({ table: args.source, asOf: args.sourceAsOf, columns: args.columns, where: args.where }, "'source' AS side, ");
  const dst = scan(
    { table: args.destination, asOf: args.destinationAsOf, columns: args.columns, where: args.where },
    "'destination' AS side, ",
  );
  return `${src} UNION ALL ${dst}`;
}

/** `SELECT count(*) AS row_count FROM t [VERSION AS OF n]`. */
export function rowCount(table: ObjectName, asOf?: TimeTravel): string {
  return `SELECT count(*) AS row_count FROM ${objectSql(table)}${asOfClause(asOf)}`;
}

/** Row counts of several tables in one statement: rows `idx` (position in `tables`), `row_count`. */
export function rowCounts(tables: readonly { table: ObjectName; asOf?: TimeTravel }[]): string {
  if (tables.length === 0) throw new Error("rowCounts needs at least one table.");
  return tables
    .map((t, i) => `SELECT ${integerLiteral(i)} AS idx, count(*) AS row_count FROM ${objectSql(t.table)}${asOfClause(t.asOf)}`)
    .join(" UNION ALL ");
}
