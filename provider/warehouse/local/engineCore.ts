/**
 * What the core statement families (catalogs, tables, DML, Delta commands, clone) need beyond the
 * public EngineContext: the DuckDB engine, table directories and logs, time-travel snapshots, and the
 * query rewriter.
 */
import type { EngineContext, QualifiedName } from "./engineContext";
import type { Token } from "./frontEnd/lexer";
import type { CatalogEntry, SchemaEntry, TableEntry } from "./metastore/model";
import type { DuckEngine } from "./duck/duckEngine";
import type { Snapshot, TableLog } from "./delta/deltaLog";
import type { Temporal } from "./frontEnd/queryRewriter";
import type { Row } from "../warehouse";

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

export interface EngineCore extends EngineContext {
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

/** A core statement family: like StatementHandler, with the core context. */
export interface CoreStatementHandler {
  readonly name: string;
  matches(tokens: readonly Token[]): boolean;
  run(core: EngineCore, tokens: readonly Token[], sql: string): Promise<Row[]>;
}
