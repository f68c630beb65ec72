/**
 * The local engine's core: one session over one workspace directory. It implements EngineContext for
 * every statement family, resolves names, time travel and views, and dispatches statements — first to
 * the registered families (statementFamilies.ts), then to the core ones.
 */
import * as fs from "fs";
import * as path from "path";
import { AsyncLocalStorage } from "async_hooks";
import type { Row } from "./row";
import type { EngineContext, QualifiedName, ResolvedTable } from "./engineContext";
import type { CatalogEntry, MetastoreDocument, SchemaEntry, TableEntry } from "./metastore/model";
import { VIEW_TYPES, isDeltaFormat } from "./metastore/model";
import { tokenize, type Token } from "./frontEnd/lexer";
import { MetastoreStore } from "./metastore/metastoreStore";
import { DuckEngine } from "./duck/duckEngine";
import { TableLog, type DeltaMetadata, type Snapshot } from "./delta/deltaLog";
import { QueryRewriter, duckLiteral, type RelationResolver, type Temporal } from "./frontEnd/queryRewriter";
import { assertFilesExist, relationSql } from "./delta/tableData";
import { valuesRelation } from "./duck/valuesRelation";
import { HISTORY_COLUMNS, historyRows } from "./delta/history";
import { DETAIL_COLUMNS, detailRow, detailTable } from "./delta/detail";
import { fmtTs, parseTimestamp } from "./delta/timestamps";
import { displayName, engineError, errors } from "./errors/coreErrors";
import { sharedTableResolvers, statementFamilies, virtualRelationProviders } from "./statementFamilies";
import { substituteLiterals, temporalExpressionRanges } from "./frontEnd/temporalExpressions";
import { APPENDER_MIN_ROWS, informationSchemaRefs, loadVirtualRelation } from "./duck/virtualTables";
import { expandFunctionCallTokens } from "./frontEnd/functionCalls";
import { hasAccessPolicy, policySubquery, POLICY_SOURCE } from "./governance/accessPolicies";
import { refuseTimeTravelOfProtected } from "./governance/policyRefusals";

/** Options of one engine session. */
export interface LocalEngineOptions {
  /** `current_user()`; default `UC_LOCAL_USER` or `<os user>@local`. */
  user?: string;
  /** Catalog created with a new workspace and used as the session default (default `main`). */
  defaultCatalog?: string;
}

/** Resolves a 1-, 2- or 3-part name against `session` (the caller's session, or a view's own namespace). */
function qualifyIn(parts: string[], session: { catalog: string; schema: string }): QualifiedName {
  const p = parts.map((x) => x.toLowerCase());
  if (p.length === 1) return { catalog: session.catalog, schema: session.schema, name: p[0] };
  if (p.length === 2) return { catalog: session.catalog, schema: p[0], name: p[1] };
  if (p.length === 3) return { catalog: p[0], schema: p[1], name: p[2] };
  throw errors.syntax(`'${parts.join(".")}'`);
}

/** Per-statement state: bytes copied (latency model) and the information_schema relations built for it. */
interface StatementState {
  copiedBytes: number;
  /** `<catalog|system>|<view>` → DuckDB relation SQL. */
  virtualRelations: Map<string, string>;
  /** DuckDB tables created for the statement, dropped when it ends. */
  loadedTables: string[];
}

export class LocalEngine implements EngineContext {
  readonly sessionState: { catalog: string; schema: string; conf: Record<string, string> };
  private readonly stats = new AsyncLocalStorage<StatementState>();

  private constructor(
    readonly root: string,
    readonly store: MetastoreStore,
    readonly duck: DuckEngine,
    readonly currentUser: string,
    defaultCatalog: string,
  ) {
    this.sessionState = { catalog: defaultCatalog, schema: "default", conf: {} };
  }

  static async open(dir: string, options: LocalEngineOptions = {}): Promise<LocalEngine> {
    const root = path.resolve(dir);
    fs.mkdirSync(path.join(root, "tables"), { recursive: true });
    const user = options.user ?? process.env.UC_LOCAL_USER ?? `${safeUserName()}@local`;
    const defaultCatalog = (options.defaultCatalog ?? "main").toLowerCase();
    const store = new MetastoreStore(root);
    await store.init(user, defaultCatalog);
    const duck = await DuckEngine.create();
    return new LocalEngine(root, store, duck, user, defaultCatalog);
  }

  get accountRoot(): string {
    return path.dirname(this.root);
  }

  get metastoreId(): string {
    return this.readMeta().metastoreId;
  }

  get session(): { catalog: string; schema: string } {
    return { catalog: this.sessionState.catalog, schema: this.sessionState.schema };
  }

  readMeta(): MetastoreDocument {
    return this.store.read();
  }

  mutateMeta<T>(fn: (doc: MetastoreDocument) => T): Promise<T> {
    return this.store.mutate(fn);
  }

  qualify(parts: string[]): QualifiedName {
    return qualifyIn(parts, this.sessionState);
  }

  /** `doc`: the document the caller already read (one consistent read per lookup, no re-stat). */
  requireCatalog(name: string, doc: MetastoreDocument = this.readMeta()): CatalogEntry {
    const c = doc.catalogs[name];
    if (!c) throw errors.catalogNotFound(name);
    return c;
  }

  requireSchema(catalog: string, schema: string, doc: MetastoreDocument = this.readMeta()): SchemaEntry {
    this.requireCatalog(catalog, doc);
    const s = doc.schemas[`${catalog}.${schema}`];
    if (!s) throw errors.schemaNotFound(displayName(catalog, schema));
    return s;
  }

  requireTable(name: QualifiedName): TableEntry {
    return this.resolveTable(name).entry;
  }

  resolveTable(name: QualifiedName): ResolvedTable {
    const doc = this.readMeta();
    const cat = this.requireCatalog(name.catalog, doc);
    if (cat.share) {
      for (const r of sharedTableResolvers) {
        const hit = r(this, name);
        if (hit) return { entry: hit.table, dir: path.join(hit.workspaceRoot, "tables", hit.table.id), name, shared: true, withHistory: hit.withHistory };
      }
      throw errors.tableNotFound(displayName(name.catalog, name.schema, name.name));
    }
    this.requireSchema(name.catalog, name.schema, doc);
    const t = doc.tables[`${name.catalog}.${name.schema}.${name.name}`];
    if (!t) throw errors.tableNotFound(displayName(name.catalog, name.schema, name.name));
    return { entry: t, dir: this.tableDirOf(t), name, shared: false };
  }

  tableDirOf(entry: TableEntry): string {
    return path.join(this.root, "tables", entry.id);
  }

  logOf(t: ResolvedTable): TableLog {
    return TableLog.of(t.dir);
  }

  private hasLog(entry: TableEntry): boolean {
    return !VIEW_TYPES.has(entry.type) && entry.type !== "FOREIGN";
  }

  /** The latest snapshot of a local table's log, or null for views, foreign tables and empty logs. */
  private latestSnapshot(table: TableEntry): Snapshot | null {
    if (!this.hasLog(table)) return null;
    const log = TableLog.of(this.tableDirOf(table));
    return log.exists() ? log.latest() : null;
  }

  tableMetadata(table: TableEntry): DeltaMetadata | null {
    return this.latestSnapshot(table)?.metadata ?? null;
  }

  tableVersion(table: TableEntry): number | null {
    return this.latestSnapshot(table)?.version ?? null;
  }

  tableLastAltered(table: TableEntry): number {
    return Math.max(table.lastAltered, this.latestSnapshot(table)?.timestamp ?? table.lastAltered);
  }

  historyRows(t: ResolvedTable, limit?: number): Row[] {
    this.requireDelta(t, "DESCRIBE HISTORY");
    const log = this.logOf(t);
    if (!log.exists()) throw errors.tableNotFound(displayName(t.name.catalog, t.name.schema, t.name.name));
    return historyRows(log, limit);
  }

  async alterTableMetadata(
    table: TableEntry,
    operation: string,
    operationParameters: Record<string, string>,
    fn: (metadata: DeltaMetadata) => void,
  ): Promise<number> {
    if (!this.hasLog(table)) throw errors.notADeltaTable(displayName(table.catalog, table.schema, table.name), operation);
    const log = TableLog.of(this.tableDirOf(table));
    const snap = log.latest();
    const meta: DeltaMetadata = JSON.parse(JSON.stringify(snap.metadata));
    fn(meta);
    const c = log.commit({
      readVersion: snap.version,
      blindAppend: false,
      readFiles: new Set(),
      commitInfo: { userId: this.currentUser, userName: this.currentUser, operation, operationParameters, operationMetrics: {} },
      metaData: meta,
      add: [],
      remove: [],
    });
    return c.version;
  }

  requireDelta(t: ResolvedTable, operation: string): void {
    if (!isDeltaFormat(t.entry)) throw errors.deltaOnlyOperation(operation);
  }

  snapshotOf(t: ResolvedTable, temporal?: Temporal): Snapshot {
    const log = this.logOf(t);
    if (!log.exists()) throw errors.tableNotFound(displayName(t.name.catalog, t.name.schema, t.name.name));
    const latest = log.latest();
    if (!temporal) return latest;
    // Time travel reads the Delta log; a Parquet/Iceberg table has none to travel (the engine keeps a log
    // for every table as its storage, so the refusal is explicit).
    if (!isDeltaFormat(t.entry)) throw errors.timeTravelUnsupported(displayName(t.name.catalog, t.name.schema, t.name.name));
    if (t.shared && t.withHistory === false) {
      // GUESS: error class; Databricks refuses time travel on a table shared WITHOUT HISTORY (reference §5).
      throw engineError("DELTA_SHARING_HISTORY_NOT_SHARED", `Table ${displayName(t.name.catalog, t.name.schema, t.name.name)} is shared without history; time travel needs the provider to share it WITH HISTORY.`, "0AKDC");
    }
    const history = log.history();
    if (temporal.kind === "version") {
      const v = temporal.version;
      if (!Number.isInteger(v) || v < 0 || v > latest.version) throw errors.versionNotFound(v, 0, latest.version);
      return log.at(v);
    }
    const ts = parseTimestamp(temporal.timestamp);
    const display = `${t.name.catalog}.${t.name.schema}.${t.name.name}`;
    if (ts > latest.timestamp) throw errors.timestampGreater(fmtTs(ts), display, fmtTs(latest.timestamp));
    if (ts < history[0].commitInfo.timestamp) throw errors.timestampEarlier(fmtTs(ts), display, fmtTs(history[0].commitInfo.timestamp));
    return log.at(log.versionAsOf(ts));
  }

  /** DuckDB SQL for reading a table/view as of `temporal`, with views expanded in their own namespace. */
  private relationFor(parts: string[], temporal: Temporal | undefined, depth: number, session: { catalog: string; schema: string }): string {
    if (depth > 32) throw errors.internal("View nesting is too deep (cycle?).");
    const q = qualifyIn(parts, session);
    if (q.schema === "information_schema") {
      const catalog = q.catalog === "system" ? null : q.catalog;
      // A workspace answers `<missing catalog>.information_schema.<view>` with TABLE_OR_VIEW_NOT_FOUND on
      // the view, not with the catalog-not-found class (seen on Databricks, issue 7): the class alone
      // cannot tell a missing catalog from a missing view.
      if (catalog !== null && !this.readMeta().catalogs[catalog]) throw errors.tableNotFound(displayName(q.catalog, q.schema, q.name));
      const preloaded = this.stats.getStore()?.virtualRelations.get(`${catalog ?? "system"}|${q.name}`);
      if (preloaded) return preloaded;
      for (const provider of virtualRelationProviders) {
        const rel = provider(this, catalog, q.name);
        if (rel) return valuesRelation(rel.columns, rel.rows);
      }
      throw errors.tableNotFound(displayName(q.catalog, q.schema, q.name));
    }
    const t = this.resolveTable(q);
    const e = t.entry;
    if (VIEW_TYPES.has(e.type)) {
      if (e.viewDefinition) {
        // UC SQL functions called in the view body are inlined (functionCalls.ts)
        const inner = expandFunctionCallTokens(tokenize(e.viewDefinition), this.readMeta(), { catalog: e.catalog, schema: e.schema });
        const sub: RelationResolver = this.resolver(depth + 1, e.viewNamespace ?? { catalog: e.catalog, schema: e.schema });
        const sql = QueryRewriter.rewrite(inner, sub);
        if (e.viewColumns && e.viewColumns.length > 0) {
          const cols = e.viewColumns.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(", ");
          return `(SELECT * FROM (${sql}) AS __view(${cols}))`;
        }
        return `(${sql})`;
      }
      const cols = (e.viewColumns ?? []).map((c) => ({ name: c.name, type: c.type, nullable: true, comment: null }));
      return relationSql(t.dir, [], cols);
    }
    // Databricks refuses time travel on a protected table (the policies apply to its current schema only).
    if (temporal && !t.shared) refuseTimeTravelOfProtected(e, displayName(e.catalog, e.schema, e.name));
    const snap = this.snapshotOf(t, temporal);
    const files = [...snap.files.values()];
    assertFilesExist(t.dir, files);
    const raw = relationSql(t.dir, files, snap.metadata.schema);
    if (t.shared || !hasAccessPolicy(e)) return raw;
    // row filter / column masks: read through `SELECT masks FROM raw WHERE filter` (accessPolicies.ts)
    const spark = policySubquery(e, snap.metadata.schema.map((f) => f.name), POLICY_SOURCE)!;
    const policyTokens = expandFunctionCallTokens(tokenize(spark), this.readMeta(), { catalog: e.catalog, schema: e.schema });
    const base = this.resolver(depth + 1, { catalog: e.catalog, schema: e.schema });
    const sub: RelationResolver = { ...base, relation: (ps, tt) => (ps.length === 1 && ps[0] === POLICY_SOURCE ? raw : base.relation(ps, tt)) };
    return `(${QueryRewriter.rewrite(policyTokens, sub)})`;
  }

  private resolver(depth: number, session: { catalog: string; schema: string }): RelationResolver {
    return {
      relation: (parts, temporal) => this.relationFor(parts, temporal, depth, session),
      describeHistory: (parts, limit) => valuesRelation(HISTORY_COLUMNS, this.historyRows(this.resolveTable(this.qualify(parts)), limit)),
      describeDetail: (parts) => valuesRelation(DETAIL_COLUMNS, [detailRow(this, detailTable(this, parts))]),
      constant: (fn) => {
        switch (fn) {
          case "CURRENT_USER": return duckLiteral(this.currentUser);
          case "CURRENT_METASTORE": return duckLiteral(this.metastoreId);
          case "CURRENT_CATALOG": return duckLiteral(this.sessionState.catalog);
          case "CURRENT_SCHEMA": return duckLiteral(this.sessionState.schema);
        }
      },
    };
  }

  rewrite(tokens: readonly Token[]): string {
    const expanded = expandFunctionCallTokens(tokens, this.readMeta(), this.session);
    return QueryRewriter.rewrite(expanded, this.resolver(0, this.session));
  }

  async query(sparkSql: string): Promise<Row[]> {
    return this.duck.query(this.rewrite(tokenize(sparkSql)));
  }

  noteCopiedBytes(bytes: number): void {
    const s = this.stats.getStore();
    if (s) s.copiedBytes += bytes;
  }

  /** Runs one statement; returns its rows and the bytes it copied (for the latency model). */
  async execute(sql: string): Promise<{ rows: Row[]; copiedBytes: number; handler: string }> {
    const tokens = tokenize(sql);
    let end = tokens.length;
    while (end > 0 && tokens[end - 1].kind === "punct" && tokens[end - 1].value === ";") end--;
    let toks = tokens.slice(0, end);
    if (toks.length === 0) throw errors.syntax("end of input");
    if (toks.some((t) => t.kind === "punct" && t.value === ";")) throw errors.syntax("';' (one statement per call)");
    const stats: StatementState = { copiedBytes: 0, virtualRelations: new Map(), loadedTables: [] };
    return this.stats.run(stats, async () => {
      try {
        toks = await this.evaluateTemporalExpressions(toks);
        await this.preloadVirtualRelations(toks, stats);
        return await this.dispatch(toks, sql, stats);
      } finally {
        if (stats.loadedTables.length) {
          await this.duck.withConnection(async (c) => {
            for (const t of stats.loadedTables) await c.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
          });
        }
      }
    });
  }

  /** Evaluates `TIMESTAMP AS OF <expression>` once, leaving a literal (see temporalExpressions.ts). */
  private async evaluateTemporalExpressions(toks: Token[]): Promise<Token[]> {
    const ranges = temporalExpressionRanges(toks);
    if (ranges.length === 0) return toks;
    const values: string[] = [];
    for (const [a, b] of ranges) {
      const expr = this.rewrite(toks.slice(a, b));
      const [row] = await this.duck.query(`SELECT strftime(CAST((${expr}) AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%g') AS ts`);
      values.push(String(row.ts));
    }
    return substituteLiterals(toks, ranges, values);
  }

  /**
   * Builds the information_schema relations the statement names once, before it runs: big ones are
   * loaded into DuckDB tables (see virtualTables.ts), small ones kept as VALUES, so relationFor does
   * not build their rows a second time.
   */
  private async preloadVirtualRelations(toks: readonly Token[], state: StatementState): Promise<void> {
    const into = state.virtualRelations;
    const refs = informationSchemaRefs(toks, this.sessionState.catalog);
    if (refs.length === 0 || virtualRelationProviders.length === 0) return;
    for (const [catalog, view] of refs) {
      const key = `${catalog ?? "system"}|${view}`;
      if (into.has(key)) continue;
      if (catalog !== null && !this.readMeta().catalogs[catalog]) continue; // the resolver reports it
      for (const provider of virtualRelationProviders) {
        const rel = provider(this, catalog, view);
        if (!rel) continue;
        if (rel.rows.length >= APPENDER_MIN_ROWS) {
          const table = await this.duck.withConnection((c) => loadVirtualRelation(c, rel));
          state.loadedTables.push(table);
          into.set(key, `(SELECT * FROM ${table})`);
        } else {
          into.set(key, valuesRelation(rel.columns, rel.rows));
        }
        break;
      }
    }
  }

  private async dispatch(toks: Token[], sql: string, stats: { copiedBytes: number }): Promise<{ rows: Row[]; copiedBytes: number; handler: string }> {
    {
      for (const h of statementFamilies) {
        if (h.matches(toks)) return { rows: await h.run(this, toks, sql), copiedBytes: stats.copiedBytes, handler: h.name };
      }
      const words = toks.slice(0, 3).map((t) => t.text.toUpperCase()).join(" ");
      throw errors.unsupported(`the statement \`${words} ...\``);
    }
  }

  close(): void {
    this.duck.close();
  }
}

function safeUserName(): string {
  try {
    return require("os").userInfo().username as string;
  } catch {
    return "user";
  }
}
