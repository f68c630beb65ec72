/**
 * The contract between the local engine's core (storage, parser, executor) and its statement
 * families (tables/DML/Delta in one place; governance, functions, volumes, sharing, information_schema
 * in others). A family registers handlers; the core hands each one an EngineContext.
 */
import type { Row } from "../warehouse";
import type { MetastoreDocument, TableEntry } from "./metastore/model";
import type { Token } from "./frontEnd/lexer";
import type { DeltaMetadata } from "./delta/deltaLog";

/** A qualified name as written, with the session defaults applied (lower-cased, as Unity Catalog stores names). */
export interface QualifiedName {
  catalog: string;
  schema: string;
  name: string;
}

export interface EngineContext {
  /** The principal running statements (`current_user()`). */
  readonly currentUser: string;
  /** This workspace's metastore id (`current_metastore()`). */
  readonly metastoreId: string;
  /** Session defaults set by `USE CATALOG` / `USE SCHEMA`. */
  readonly session: { catalog: string; schema: string };

  /** The latest committed metastore document (cached; do not mutate it). */
  readMeta(): MetastoreDocument;
  /**
   * Atomically applies `fn` to a fresh copy of the document under the workspace lock and publishes it.
   * `fn` may throw a WarehouseError to abort without writing. Returns what `fn` returned.
   */
  mutateMeta<T>(fn: (doc: MetastoreDocument) => T): Promise<T>;

  /** Resolves a 1-, 2- or 3-part name against the session defaults. */
  qualify(parts: string[]): QualifiedName;
  /** Looks up a table or view; throws TABLE_OR_VIEW_NOT_FOUND (or SCHEMA_NOT_FOUND / NO_SUCH_CATALOG_EXCEPTION). */
  requireTable(name: QualifiedName): TableEntry;

  /**
   * Runs a Databricks SQL query (SELECT/WITH/VALUES text, Spark syntax) through the engine's rewriter
   * and DuckDB, with table references, time travel, views, functions and information_schema resolved.
   */
  query(sparkSql: string): Promise<Row[]>;

  // ---- Added by the engine core (compatible extension): Delta-side table facts for other families ----

  /**
   * Delta metadata of a table at its latest version: schema (Spark types, nullability, comments),
   * partition columns, TBLPROPERTIES, format. `null` for views/MVs/streaming tables (no Delta log).
   */
  tableMetadata(table: TableEntry): DeltaMetadata | null;
  /**
   * `information_schema.tables.last_altered` in epoch ms: max(metadata lastAltered, latest Delta
   * commit timestamp). Cached per table (one stat per call when nothing changed).
   */
  tableLastAltered(table: TableEntry): number;
  /** Latest Delta version of a table, or null without a Delta log. */
  tableVersion(table: TableEntry): number | null;
  /**
   * Commits a metadata-only Delta version (e.g. operation `SET TBLPROPERTIES`, `CHANGE COLUMN`):
   * `fn` edits a copy of the metadata. Returns the new version. Views have no log: throws.
   */
  alterTableMetadata(
    table: TableEntry,
    operation: string,
    operationParameters: Record<string, string>,
    fn: (metadata: DeltaMetadata) => void,
  ): Promise<number>;

  /** Path of this workspace's directory (for volumes' files etc.). */
  readonly root: string;
  /** The account directory holding every workspace (for Delta Sharing across metastores). */
  readonly accountRoot: string;
}

/** One workspace of the account as seen from another (Delta Sharing). */
export interface AccountWorkspace {
  /** Directory name of the workspace under the account root. */
  name: string;
  root: string;
  metastoreId: string;
  readMeta(): MetastoreDocument;
}

/** Latest-snapshot facts of a Delta table (tableSnapshot.ts snapshotInfo). */
export interface TableSnapshotInfo {
  /** Columns in order, with Spark type names as DESCRIBE prints them (`int`, `string`, `decimal(10,2)`). */
  columns: { name: string; type: string; nullable: boolean; comment: string | null }[];
  partitionColumns: string[];
  /** TBLPROPERTIES (user and `delta.*`). */
  properties: Record<string, string>;
}

/** What a handler returns: rows for a result set, or nothing for DDL. */
export type StatementResult = Row[];

export interface StatementHandler {
  /** Short name for errors and the statement log, e.g. `GRANT`, `CREATE SHARE`. */
  readonly name: string;
  /** True when this handler owns the statement. `tokens` excludes comments and whitespace. */
  matches(tokens: readonly Token[]): boolean;
  run(ctx: EngineContext, tokens: readonly Token[], sql: string): Promise<StatementResult>;
}

/**
 * A relation the SELECT rewriter can ask for by name, e.g. `information_schema.tables` of one catalog
 * (`catalog` set) or of the whole metastore (`catalog` null, i.e. `system.information_schema.tables`).
 * The rows are loaded into a DuckDB temp table with the given column types.
 */
export interface VirtualRelation {
  columns: { name: string; type: "VARCHAR" | "BIGINT" | "BOOLEAN" | "TIMESTAMP" | "DOUBLE" }[];
  rows: Row[];
}

export type VirtualRelationProvider = (
  ctx: EngineContext,
  catalog: string | null,
  relation: string,
) => VirtualRelation | undefined;
