/**
 * The one contract between the engine session (localEngine.ts: storage, resolution, dispatch) and its
 * statement families (statements/, governance/, sharing/): a family is a StatementHandler, and the
 * session hands every handler this EngineContext.
 */
import type { Row } from "./row";
import type { CatalogEntry, MetastoreDocument, SchemaEntry, TableEntry } from "./metastore/model";
import type { Token } from "./frontEnd/lexer";
import type { DeltaMetadata, Snapshot, TableLog } from "./delta/deltaLog";
import type { DuckEngine } from "./duck/duckEngine";
import type { Temporal } from "./frontEnd/queryRewriter";

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
   * `fn` may throw an EngineError to abort without writing. Returns what `fn` returned.
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

  // ---- Delta-side table facts ----

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

  // ---- Session, resolution and Delta reads (tables, DML, Delta commands, clone) ----

  readonly duck: DuckEngine;
  /** Mutable session (USE CATALOG/SCHEMA, SET). */
  readonly sessionState: { catalog: string; schema: string; conf: Record<string, string> };
  requireCatalog(name: string): CatalogEntry;
  requireSchema(catalog: string, schema: string): SchemaEntry;
  /** Resolves a table or view (including tables of Delta Sharing catalogs). */
  resolveTable(name: QualifiedName): ResolvedTable;
  /** Directory of a table of this workspace. */
  tableDirOf(entry: TableEntry): string;
  logOf(t: ResolvedTable): TableLog;
  /** Throws DELTA_ONLY_OPERATION when the table is not a Delta table (Parquet, Iceberg, ...). */
  requireDelta(t: ResolvedTable, operation: string): void;
  /** The snapshot a (possibly time-travelling) read sees; validates version/timestamp ranges (time travel: Delta only). */
  snapshotOf(t: ResolvedTable, temporal?: Temporal): Snapshot;
  /** Rewrites a Spark query (tokens) into DuckDB SQL. */
  rewrite(tokens: readonly Token[]): string;
  /** DESCRIBE HISTORY rows, newest first. */
  historyRows(t: ResolvedTable, limit?: number): Row[];
  /** Records bytes copied by the running statement (latency model per MB). */
  noteCopiedBytes(bytes: number): void;
}

/** A table entry together with the directory holding its Delta log and files. */
export interface ResolvedTable {
  entry: TableEntry;
  dir: string;
  name: QualifiedName;
  /** True when the table belongs to another workspace (a Delta Sharing catalog): read-only. */
  shared: boolean;
  /** For shared tables: false when the share exposes the table WITHOUT HISTORY (no time travel). */
  withHistory?: boolean;
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

/** A statement family: recognises its statements and runs them against the session's context. */
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

/**
 * Resolves a table of a catalog created `USING SHARE` (Delta Sharing consumer side): the provider
 * workspace directory and the provider's TableEntry; the engine then reads that table's Delta log and
 * files (read-only). Undefined when the name is not shared.
 */
export type SharedTableResolver = (
  ctx: EngineContext,
  name: QualifiedName,
) => {
  workspaceRoot: string;
  table: TableEntry;
  /** False when the share exposes the table WITHOUT HISTORY: time travel (VERSION/TIMESTAMP AS OF) must be refused. */
  withHistory?: boolean;
} | undefined;
