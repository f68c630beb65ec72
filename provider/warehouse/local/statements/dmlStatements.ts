/**
 * DML on Delta tables: INSERT INTO/OVERWRITE, UPDATE, DELETE, MERGE INTO. Each statement is one Delta
 * commit. UPDATE/DELETE/MERGE are copy-on-write: the target is loaded into a DuckDB temp table that
 * remembers each row's source file, the DML runs there, and only the files holding affected rows
 * are rewritten (removed + one new file with their surviving rows).
 */
import { enforceCheckConstraints } from "../governance/constraints";
import { randomUUID } from "crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Token } from "../frontEnd/lexer";
import { VIEW_TYPES } from "../metastore/model";
import type { Row } from "../row";
import type { StatementHandler, EngineContext, ResolvedTable } from "../engineContext";
import { StatementCursor, wordAt } from "../frontEnd/statementCursor";
import { displayName, engineError, errors } from "../errors/coreErrors";
import { removeAction, type AddFile, type DeltaField, type Snapshot } from "../delta/deltaLog";
import { assertFilesExist, dataFilePath, relationSql, totalSize, writeDataFile } from "../delta/tableData";
import { duckIdent, duckLiteral } from "../frontEnd/queryRewriter";
import { translateDuckError } from "../duck/duckEngine";


function writableTable(core: EngineContext, parts: string[], op: string): ResolvedTable {
  const q = core.qualify(parts);
  const t = core.resolveTable(q);
  const display = displayName(q.catalog, q.schema, q.name);
  if (VIEW_TYPES.has(t.entry.type)) throw errors.expectTableNotView(op, display);
  if (t.shared) throw engineError("DELTA_SHARING_READ_ONLY", `Table ${display} belongs to a shared catalog and is read-only.`, "42501"); // GUESS class
  return t;
}

async function assertNotNull(c: DuckDBConnection, selectSql: string, schema: DeltaField[]): Promise<void> {
  const required = schema.filter((f) => !f.nullable);
  if (required.length === 0) return;
  const checks = required.map((f) => `count(*) FILTER (WHERE ${duckIdent(f.name)} IS NULL)`).join(", ");
  const r = await c.runAndReadAll(`SELECT ${checks} FROM (${selectSql})`).catch((e) => { throw translateDuckError(e); });
  const row = r.getRowsJS()[0] ?? [];
  required.forEach((f, i) => {
    if (Number(row[i]) > 0) throw engineError("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", `NOT NULL constraint violated for column: ${f.name}.`, "23502");
  });
}


const insert: StatementHandler = {
  name: "INSERT",
  matches: (t) => wordAt(t, 0) === "INSERT" && (wordAt(t, 1) === "INTO" || wordAt(t, 1) === "OVERWRITE"),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("INSERT");
    const overwrite = c.acceptOneOf("INTO", "OVERWRITE") === "OVERWRITE";
    c.acceptWords("TABLE");
    const t = writableTable(core, c.storedName(), overwrite ? "INSERT OVERWRITE" : "INSERT INTO");
    const display = displayName(t.name.catalog, t.name.schema, t.name.name);
    if (c.isWord(0, "REPLACE") || c.isWord(0, "PARTITION") || c.isWord(0, "BY")) throw errors.unsupported(`INSERT ... ${c.peek()!.text.toUpperCase()}`);
    let columns: string[] | undefined;
    if (c.isPunct("(", 0) && !(c.isWord(1, "SELECT") || c.isWord(1, "WITH") || c.isWord(1, "VALUES"))) {
      c.expectPunct("(");
      columns = [];
      do columns.push(c.identifier()); while (c.acceptPunct(","));
      c.expectPunct(")");
    }
    const srcTokens = tokens.slice(c.pos) as Token[];
    if (srcTokens.length === 0) throw errors.syntax("end of input");
    const srcSql = core.rewrite(srcTokens);
    const snap = core.snapshotOf(t);
    const schema = snap.metadata.schema;
    const byName = new Map(schema.map((f) => [f.name.toLowerCase(), f]));
    for (const col of columns ?? []) if (!byName.has(col.toLowerCase())) throw errors.unresolvedColumn("`" + col + "`");
    const srcCols = await core.duck.describe(`SELECT * FROM (${srcSql}) AS __s`);
    const target = columns ?? schema.map((f) => f.name);
    if (srcCols.length < target.length) throw errors.insertColumnMismatch(display, target.length, srcCols.length);
    if (srcCols.length > target.length) {
      throw engineError("INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS", `Cannot write to ${display}, the reason is too many data columns:\nTable columns: ${target.length}.\nData columns: ${srcCols.length}.`, "21S01");
    }
    const aliases = srcCols.map((_, i) => `__c${i}`);
    const pos = new Map(target.map((n, i) => [n.toLowerCase(), i]));
    const projection = schema.map((f) => (pos.has(f.name.toLowerCase()) ? `${aliases[pos.get(f.name.toLowerCase())!]} AS ${duckIdent(f.name)}` : `NULL AS ${duckIdent(f.name)}`)).join(", ");
    const select = `SELECT ${projection} FROM (SELECT * FROM (${srcSql}) AS __s) AS __q(${aliases.join(", ")})`;
    const file = await core.duck.withConnection(async (conn) => {
      await assertNotNull(conn, select, schema);
      await enforceCheckConstraints(conn, select, t.entry, snap.metadata.properties);
      return writeDataFile(conn, select, t.dir, schema);
    });
    const add = file ? [file] : [];
    const removed = overwrite ? [...snap.files.values()] : [];
    const now = Date.now();
    const rows = file?.rows ?? 0;
    // Delta marks an INSERT ... SELECT that reads its own target as not blind (it conflicts with concurrent writes)
    const readsTarget = srcTokens.some((x) => (x.kind === "word" ? x.text : x.kind === "ident" ? x.value : "").toLowerCase() === t.name.name);
    core.logOf(t).commit({
      readVersion: snap.version,
      blindAppend: !overwrite && !readsTarget,
      readFiles: new Set((overwrite || readsTarget ? [...snap.files.values()] : []).map((f) => f.path)),
      commitInfo: {
        userId: core.currentUser, userName: core.currentUser, operation: "WRITE",
        operationParameters: { mode: overwrite ? "Overwrite" : "Append", partitionBy: JSON.stringify(snap.metadata.partitionColumns) },
        operationMetrics: { numFiles: String(add.length), numOutputRows: String(rows), numOutputBytes: String(totalSize(add)), ...(overwrite ? { numRemovedFiles: String(removed.length), numRemovedBytes: String(totalSize(removed)) } : {}) },
      },
      add,
      remove: removed.map((f) => removeAction(f, now)),
    });
    return [{ num_affected_rows: rows, num_inserted_rows: rows }];
  },
};

/** Runs `fn` with the target loaded into a temp table `__target` (+ column `__file`). */
async function withTargetTable<T>(core: EngineContext, t: ResolvedTable, snap: Snapshot, fn: (conn: DuckDBConnection, tmp: string) => Promise<T>): Promise<T> {
  const files = [...snap.files.values()];
  assertFilesExist(t.dir, files);
  const tmp = `__target_${randomUUID().replace(/-/g, "")}`;
  return core.duck.withConnection(async (conn) => {
    try {
      await conn.run(`CREATE TEMP TABLE ${tmp} AS SELECT * FROM ${relationSql(t.dir, files, snap.metadata.schema, { withFile: true })}`).catch((e) => { throw translateDuckError(e); });
      return await fn(conn, tmp);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
    }
  });
}

interface RewriteOutcome {
  add: AddFile[];
  removed: AddFile[];
  copiedRows: number;
}

/** Rewrites the files listed in `affected` from the temp table (plus rows with no file: MERGE inserts). */
async function rewriteAffected(conn: DuckDBConnection, tmp: string, t: ResolvedTable, snap: Snapshot, affected: Set<string>, withInserted: boolean): Promise<{ add: AddFile[]; removed: AddFile[] }> {
  const removed = [...snap.files.values()].filter((f) => affected.has(dataFilePath(t.dir, f)));
  if (removed.length === 0 && !withInserted) return { add: [], removed: [] };
  const list = removed.map((f) => duckLiteral(dataFilePath(t.dir, f))).join(", ");
  const conds: string[] = [];
  if (removed.length) conds.push(`__file IN (${list})`);
  if (withInserted) conds.push(`__file IS NULL`);
  const cols = snap.metadata.schema.map((f) => duckIdent(f.name)).join(", ");
  const select = `SELECT ${cols} FROM ${tmp} WHERE ${conds.join(" OR ")}`;
  await assertNotNull(conn, select, snap.metadata.schema);
  await enforceCheckConstraints(conn, select, t.entry, snap.metadata.properties);
  const file = await writeDataFile(conn, select, t.dir, snap.metadata.schema);
  return { add: file ? [file] : [], removed };
}

function commitRewrite(core: EngineContext, t: ResolvedTable, snap: Snapshot, out: RewriteOutcome, operation: string, params: Record<string, string>, metrics: Record<string, string>): void {
  const now = Date.now();
  core.logOf(t).commit({
    readVersion: snap.version,
    blindAppend: false,
    readFiles: new Set([...snap.files.keys()]),
    commitInfo: { userId: core.currentUser, userName: core.currentUser, operation, operationParameters: params, operationMetrics: metrics },
    add: out.add,
    remove: out.removed.map((f) => removeAction(f, now)),
  });
}

/** Parses `t [AS] alias` after UPDATE / DELETE FROM / MERGE INTO. */
function targetAndAlias(c: StatementCursor, stop: string[]): { parts: string[]; alias: string } {
  const parts = c.storedName();
  let alias = parts[parts.length - 1];
  if (c.acceptWords("AS")) alias = c.identifier();
  else if ((c.peek()?.kind === "word" && !stop.includes(c.peek()!.value)) || c.peek()?.kind === "ident") alias = c.identifier();
  return { parts, alias };
}

function sourceText(sql: string, tokens: readonly Token[], from: number): string {
  return from < tokens.length ? sql.slice(tokens[from].start, tokens[tokens.length - 1].end) : "";
}

const update: StatementHandler = {
  name: "UPDATE",
  matches: (t) => wordAt(t, 0) === "UPDATE",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("UPDATE");
    const { parts, alias } = targetAndAlias(c, ["SET"]);
    const t = writableTable(core, parts, "UPDATE");
    if (!c.isWord(0, "SET")) throw c.fail();
    const whereAt = tokens.findIndex((x, i) => i >= c.pos && x.kind === "word" && x.value === "WHERE");
    const rest = core.rewrite(tokens.slice(c.pos));
    const snap = core.snapshotOf(t);
    const result = await withTargetTable(core, t, snap, async (conn, tmp) => {
      const r = await conn.runAndReadAll(`UPDATE ${tmp} AS ${duckIdent(alias)} ${rest} RETURNING __file`).catch((e) => { throw translateDuckError(e); });
      const fileCol = r.getRowsJS().map((x) => String(x[0]));
      const out = await rewriteAffected(conn, tmp, t, snap, new Set(fileCol), false);
      return { updated: fileCol.length, ...out };
    });
    if (result.updated === 0) return [{ num_affected_rows: 0 }];
    const written = result.add.reduce((n, f) => n + f.rows, 0);
    commitRewrite(core, t, snap, { ...result, copiedRows: written - result.updated }, "UPDATE", { predicate: JSON.stringify(whereAt >= 0 ? [sourceText(sql, tokens, whereAt + 1)] : []) }, {
      numUpdatedRows: String(result.updated), numCopiedRows: String(written - result.updated),
      numAddedFiles: String(result.add.length), numRemovedFiles: String(result.removed.length),
      numAddedBytes: String(totalSize(result.add)), numRemovedBytes: String(totalSize(result.removed)),
    });
    return [{ num_affected_rows: result.updated }];
  },
};

const del: StatementHandler = {
  name: "DELETE",
  matches: (t) => wordAt(t, 0) === "DELETE" && wordAt(t, 1) === "FROM",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("DELETE", "FROM");
    const { parts, alias } = targetAndAlias(c, ["WHERE"]);
    const t = writableTable(core, parts, "DELETE");
    const snap = core.snapshotOf(t);
    const now = Date.now();
    if (c.atEnd()) {
      const removed = [...snap.files.values()];
      const rows = removed.reduce((n, f) => n + f.rows, 0);
      if (removed.length === 0) return [{ num_affected_rows: 0 }];
      commitRewrite(core, t, snap, { add: [], removed, copiedRows: 0 }, "DELETE", { predicate: "[]" }, {
        numDeletedRows: String(rows), numCopiedRows: "0", numAddedFiles: "0", numRemovedFiles: String(removed.length),
        numAddedBytes: "0", numRemovedBytes: String(totalSize(removed)),
      });
      void now;
      return [{ num_affected_rows: rows }];
    }
    if (!c.isWord(0, "WHERE")) throw c.fail();
    const rest = core.rewrite(tokens.slice(c.pos));
    const result = await withTargetTable(core, t, snap, async (conn, tmp) => {
      const r = await conn.runAndReadAll(`DELETE FROM ${tmp} AS ${duckIdent(alias)} ${rest} RETURNING __file`).catch((e) => { throw translateDuckError(e); });
      const fileCol = r.getRowsJS().map((x) => String(x[0]));
      const out = await rewriteAffected(conn, tmp, t, snap, new Set(fileCol), false);
      return { deleted: fileCol.length, ...out };
    });
    if (result.deleted === 0) return [{ num_affected_rows: 0 }];
    const written = result.add.reduce((n, f) => n + f.rows, 0);
    commitRewrite(core, t, snap, { ...result, copiedRows: written }, "DELETE", { predicate: JSON.stringify([sourceText(sql, tokens, c.pos + 1)]) }, {
      numDeletedRows: String(result.deleted), numCopiedRows: String(written),
      numAddedFiles: String(result.add.length), numRemovedFiles: String(result.removed.length),
      numAddedBytes: String(totalSize(result.add)), numRemovedBytes: String(totalSize(result.removed)),
    });
    return [{ num_affected_rows: result.deleted }];
  },
};

function synth(kind: Token["kind"], value: string, at: Token): Token {
  return { kind, value, text: kind === "word" ? value : value, start: at.start, end: at.start };
}

/** Expands `UPDATE SET *` and `INSERT *` to explicit column lists from the source alias. */
function expandStars(tokens: Token[], columns: string[], srcAlias: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const isW = (k: number, v: string) => tokens[k]?.kind === "word" && tokens[k].value === v;
    if (isW(i, "UPDATE") && isW(i + 1, "SET") && tokens[i + 2]?.value === "*") {
      out.push(t, tokens[i + 1]);
      columns.forEach((col, k) => {
        if (k) out.push(synth("punct", ",", t));
        out.push(synth("ident", col, t), synth("punct", "=", t), synth("ident", srcAlias, t), synth("punct", ".", t), synth("ident", col, t));
      });
      i += 2;
      continue;
    }
    if (isW(i, "INSERT") && tokens[i + 1]?.value === "*") {
      out.push(t, synth("punct", "(", t));
      columns.forEach((col, k) => { if (k) out.push(synth("punct", ",", t)); out.push(synth("ident", col, t)); });
      out.push(synth("punct", ")", t), synth("word", "VALUES", t), synth("punct", "(", t));
      columns.forEach((col, k) => {
        if (k) out.push(synth("punct", ",", t));
        out.push(synth("ident", srcAlias, t), synth("punct", ".", t), synth("ident", col, t));
      });
      out.push(synth("punct", ")", t));
      i += 1;
      continue;
    }
    out.push(t);
  }
  return out;
}

const merge: StatementHandler = {
  name: "MERGE",
  matches: (t) => wordAt(t, 0) === "MERGE" && wordAt(t, 1) === "INTO",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("MERGE", "INTO");
    const { parts, alias } = targetAndAlias(c, ["USING"]);
    const t = writableTable(core, parts, "MERGE");
    if (!c.isWord(0, "USING")) throw c.fail();
    const usingAt = c.pos;
    const onAt = (() => {
      let depth = 0;
      for (let i = usingAt + 1; i < tokens.length; i++) {
        if (tokens[i].value === "(") depth++;
        if (tokens[i].value === ")") depth--;
        if (depth === 0 && tokens[i].kind === "word" && tokens[i].value === "ON") return i;
      }
      throw errors.syntax("end of input (ON expected)");
    })();
    const before = tokens[onAt - 1];
    let srcAlias: string;
    if (before.kind === "ident" || (before.kind === "word" && tokens[onAt - 2]?.value !== ".")) srcAlias = before.kind === "ident" ? before.value : before.text.toLowerCase();
    else if (before.kind === "word") srcAlias = before.text.toLowerCase();
    else throw errors.syntax("')' (MERGE source subqueries need an alias)");
    const snap = core.snapshotOf(t);
    const columns = snap.metadata.schema.map((f) => f.name);
    const body = expandStars(tokens.slice(usingAt + 1) as Token[], columns, srcAlias);
    const from: Token = { ...tokens[usingAt], value: "FROM", text: "FROM" };
    const rewritten = core.rewrite([from, ...body]).replace(/^FROM /, "");
    const srcEnd = onAt - usingAt - 1;
    const srcSql = core.rewrite([from, ...(tokens.slice(usingAt + 1, usingAt + 1 + srcEnd) as Token[])]);
    const result = await withTargetTable(core, t, snap, async (conn, tmp) => {
      const r = await conn.runAndReadAll(`MERGE INTO ${tmp} AS ${duckIdent(alias)} USING ${rewritten} RETURNING merge_action, __file`).catch((e) => { throw translateDuckError(e); });
      const rows = r.getRowsJS().map((x) => ({ action: String(x[0]), file: x[1] === null ? null : String(x[1]) }));
      const srcCount = Number((await conn.runAndReadAll(`SELECT count(*) ${srcSql}`)).getRowsJS()[0][0]);
      const affected = new Set(rows.filter((x) => x.file !== null).map((x) => x.file!));
      const inserted = rows.filter((x) => x.action === "INSERT").length;
      const out = await rewriteAffected(conn, tmp, t, snap, affected, inserted > 0);
      return {
        inserted,
        updated: rows.filter((x) => x.action === "UPDATE").length,
        deleted: rows.filter((x) => x.action === "DELETE").length,
        srcCount,
        ...out,
      };
    });
    const affectedRows = result.inserted + result.updated + result.deleted;
    const row: Row = { num_affected_rows: affectedRows, num_updated_rows: result.updated, num_deleted_rows: result.deleted, num_inserted_rows: result.inserted };
    if (affectedRows === 0) return [row];
    const written = result.add.reduce((n, f) => n + f.rows, 0);
    commitRewrite(core, t, snap, { ...result, copiedRows: written - result.updated - result.inserted }, "MERGE", {
      predicate: JSON.stringify([sourceText(sql, tokens, onAt + 1).split(/\bWHEN\b/i)[0].trim()]),
    }, {
      numSourceRows: String(result.srcCount),
      numTargetRowsInserted: String(result.inserted),
      numTargetRowsUpdated: String(result.updated),
      numTargetRowsDeleted: String(result.deleted),
      numTargetRowsCopied: String(written - result.updated - result.inserted),
      numOutputRows: String(written),
      numTargetFilesAdded: String(result.add.length),
      numTargetFilesRemoved: String(result.removed.length),
    });
    return [row];
  },
};

const truncate: StatementHandler = {
  name: "TRUNCATE TABLE",
  matches: (t) => wordAt(t, 0) === "TRUNCATE" && wordAt(t, 1) === "TABLE",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("TRUNCATE", "TABLE");
    const t = writableTable(core, c.storedName(), "TRUNCATE TABLE");
    if (c.isWord(0, "PARTITION")) throw errors.unsupported("TRUNCATE TABLE ... PARTITION");
    c.expectEnd();
    const snap = core.snapshotOf(t);
    const removed = [...snap.files.values()];
    commitRewrite(core, t, snap, { add: [], removed, copiedRows: 0 }, "TRUNCATE", {}, {
      numRemovedFiles: String(removed.length), numRemovedBytes: String(totalSize(removed)),
    });
    return [];
  },
};

export const dmlStatements: StatementHandler[] = [insert, update, del, merge, truncate];
