/**
 * Comments (reference §4.3): `COMMENT ON { CATALOG | SCHEMA | TABLE | VIEW | VOLUME | SHARE | RECIPIENT }
 * x IS 'text' | NULL`, `COMMENT ON COLUMN t.c IS ...`, and `ALTER TABLE t ALTER COLUMN c COMMENT 'text'`.
 * Table comments are not copied by CLONE; every change moves lastAltered.
 *
 * On a Delta table a comment is Delta metadata, so it commits a new version like Databricks does:
 * a table comment is the table description, set through Spark's ALTER TABLE SET TBLPROPERTIES
 * ('comment' = ...) path, recorded as operation `SET TBLPROPERTIES` with operationParameters
 * `{"properties": "{\"comment\":\"...\"}"}` (GUESS: the exact parameters Databricks prints); a
 * column comment changes the column's metadata in the Delta schema, recorded as `CHANGE COLUMN` with
 * the new column (Delta's ChangeColumn). Views and other securables have no Delta log: UC metadata only.
 */
import type { EngineContext, StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import type { MetastoreDocument, TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { readSecurableType, refuseInSharedCatalog, resolveSecurable, touch } from "./securables";
import { resolveColumn } from "./tags";

function setColumnComment(ctx: EngineContext, doc: MetastoreDocument, tableParts: string[], column: string, text: string | null): void {
  const s = resolveSecurable(ctx, doc, "TABLE", tableParts);
  refuseInSharedCatalog(doc, s.key, "change a comment");
  const table = s.entry as TableEntry;
  const col = resolveColumn(ctx, table, column);
  if (text === null) delete table.columnComments[col];
  else table.columnComments[col] = text;
  touch(table, ctx);
}

/** A table with a Delta log (not a view): comment changes are Delta commits. */
function deltaLogged(ctx: EngineContext, table: TableEntry): boolean {
  return ctx.tableVersion(table) !== null;
}

/** Resolves (read-only) the table a column comment names, refusing what setColumnComment would refuse. */
function columnTarget(ctx: EngineContext, tableParts: string[], column: string): { table: TableEntry; column: string } {
  const doc = ctx.readMeta();
  const s = resolveSecurable(ctx, doc, "TABLE", tableParts);
  refuseInSharedCatalog(doc, s.key, "change a comment");
  const table = s.entry as TableEntry;
  return { table, column: resolveColumn(ctx, table, column) };
}

/** Commits the column comment into the Delta schema (operation CHANGE COLUMN), then records it in the metastore. */
async function commentColumn(ctx: EngineContext, tableParts: string[], column: string, text: string | null): Promise<void> {
  const target = columnTarget(ctx, tableParts, column);
  if (deltaLogged(ctx, target.table)) {
    const field = ctx.tableMetadata(target.table)?.schema.find((f) => f.name === target.column);
    const changed = { name: target.column, type: field?.type ?? "", nullable: field?.nullable ?? true, metadata: text === null ? {} : { comment: text } };
    await ctx.alterTableMetadata(target.table, "CHANGE COLUMN", { column: JSON.stringify(changed) }, (m) => {
      const f = m.schema.find((x) => x.name === target.column);
      if (f) f.comment = text;
    });
  }
  await ctx.mutateMeta((doc) => setColumnComment(ctx, doc, tableParts, column, text));
}

/** `COMMENT ON <kind> x IS 'text' | NULL`. */
export const commentOnStatement: StatementHandler = {
  name: "COMMENT ON",
  matches: (t) => startsWithWords(t, "COMMENT", "ON"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("COMMENT", "ON");
    const isColumn = cur.acceptWords("COLUMN");
    const type = isColumn ? "TABLE" : readSecurableType(cur);
    const parts = cur.nameParts();
    cur.expectWords("IS");
    const text = cur.stringOrNull();
    cur.expectEnd();
    if (isColumn) {
      if (parts.length < 2) throw cur.fail("a column name `table.column`");
      await commentColumn(ctx, parts.slice(0, -1), parts[parts.length - 1], text);
      return [];
    }
    if (type === "TABLE") {
      const doc = ctx.readMeta();
      const s = resolveSecurable(ctx, doc, type, parts);
      refuseInSharedCatalog(doc, s.key, "change a comment");
      const table = s.entry as TableEntry;
      if (deltaLogged(ctx, table)) {
        await ctx.alterTableMetadata(table, "SET TBLPROPERTIES", { properties: JSON.stringify({ comment: text }) }, () => undefined);
      }
    }
    await ctx.mutateMeta((doc) => {
      const s = resolveSecurable(ctx, doc, type, parts);
      if (type !== "CATALOG" && type !== "SHARE" && type !== "RECIPIENT") refuseInSharedCatalog(doc, s.key, "change a comment");
      s.entry.comment = text;
      touch(s.entry, ctx);
    });
    return [];
  },
};

function matchesAlterColumnComment(t: readonly Token[]): boolean {
  if (!startsWithWords(t, "ALTER", "TABLE")) return false;
  const after = skipName(t, 2);
  if (after === 2) return false;
  let c: number;
  if (wordsAt(t, after, "ALTER", "COLUMN") || wordsAt(t, after, "CHANGE", "COLUMN")) c = skipName(t, after + 2);
  else if (wordsAt(t, after, "CHANGE")) c = skipName(t, after + 1);
  else return false;
  // only the pure comment form; type changes etc. belong to the core
  return wordsAt(t, c, "COMMENT") && t[c + 1]?.kind === "string" && (t.length === c + 2 || (t.length === c + 3 && t[c + 2].value === ";"));
}

/** `ALTER TABLE t ALTER COLUMN c COMMENT 'text'` (also `CHANGE [COLUMN] c COMMENT 'text'`). */
export const alterColumnCommentStatement: StatementHandler = {
  name: "ALTER COLUMN COMMENT",
  matches: matchesAlterColumnComment,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER", "TABLE");
    const parts = cur.nameParts();
    if (!cur.acceptWords("ALTER", "COLUMN")) {
      cur.expectWords("CHANGE");
      cur.acceptWords("COLUMN");
    }
    const column = cur.nameParts().join(".");
    cur.expectWords("COMMENT");
    const text = cur.string();
    cur.expectEnd();
    await commentColumn(ctx, parts, column, text);
    return [];
  },
};

export const commentStatements: StatementHandler[] = [commentOnStatement, alterColumnCommentStatement];
