/**
 * Unity Catalog tags (reference §4.3, §3.6): `ALTER { CATALOG | SCHEMA | TABLE | VIEW | VOLUME } x
 * SET TAGS ('k' = 'v', ...)` / `UNSET TAGS ('k', ...)`, column tags through
 * `ALTER TABLE t ALTER COLUMN c SET|UNSET TAGS (...)`, and the newer `SET TAG ON ... key [= value]` /
 * `UNSET TAG ON ... key`. A key-only tag has the value "". Tags are not copied by CLONE.
 */
import type { EngineContext, StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import type { MetastoreDocument, TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { readSecurableType, refuseInSharedCatalog, resolveSecurable, touch, type SecurableType } from "./securables";
import { columnNotFound, invalidParameter, printName } from "../errors/governanceErrors";
import { tableColumnNames } from "./tableColumns";

const OBJECT_KINDS = ["CATALOG", "SCHEMA", "DATABASE", "TABLE", "VIEW", "VOLUME"];

/** `('k' = 'v', 'k2')`: a tag list where the value is optional. */
function readTagList(cur: StatementCursor): Record<string, string> {
  const out: Record<string, string> = {};
  cur.expectPunct("(");
  do {
    const k = cur.propertyKey();
    out[k] = cur.acceptPunct("=") ? cur.propertyValue() : "";
  } while (cur.acceptPunct(","));
  cur.expectPunct(")");
  return out;
}

function applyTags(tags: Record<string, string>, set: Record<string, string> | null, unset: string[]): void {
  if (set) {
    for (const [k, v] of Object.entries(set)) {
      if (k.length === 0) throw invalidParameter("A tag key cannot be empty.");
      tags[k] = v;
    }
  }
  // Unsetting a tag that is not there is not an error.
  for (const k of unset) delete tags[k];
}

/** Resolves a column of a table case-insensitively to its declared spelling; validates when the schema is known. */
export function resolveColumn(ctx: EngineContext, table: TableEntry, column: string): string {
  const names = tableColumnNames(ctx, table);
  if (names === undefined) return column;
  const found = names.find((n) => n.toLowerCase() === column.toLowerCase());
  if (!found) throw columnNotFound(column, printName(table.catalog, table.schema, table.name));
  return found;
}

function columnTable(ctx: EngineContext, doc: MetastoreDocument, parts: string[]): TableEntry {
  const s = resolveSecurable(ctx, doc, "TABLE", parts);
  refuseInSharedCatalog(doc, s.key, "change tags");
  return s.entry as TableEntry;
}

function setColumnTags(ctx: EngineContext, doc: MetastoreDocument, tableParts: string[], column: string, set: Record<string, string> | null, unset: string[]): void {
  const table = columnTable(ctx, doc, tableParts);
  const col = resolveColumn(ctx, table, column);
  const tags = (table.columnTags[col] ??= {});
  applyTags(tags, set, unset);
  if (Object.keys(tags).length === 0) delete table.columnTags[col];
  touch(table, ctx);
}

function setObjectTags(ctx: EngineContext, doc: MetastoreDocument, type: SecurableType, parts: string[], set: Record<string, string> | null, unset: string[]): void {
  const s = resolveSecurable(ctx, doc, type, parts);
  if (type !== "CATALOG") refuseInSharedCatalog(doc, s.key, "change tags");
  applyTags(s.entry.tags, set, unset);
  touch(s.entry, ctx);
}

function matchesAlterTags(t: readonly Token[]): boolean {
  if (!startsWithWords(t, "ALTER")) return false;
  let i: number;
  if (wordsAt(t, 1, "MATERIALIZED", "VIEW")) i = 3;
  else if (t[1]?.kind === "word" && OBJECT_KINDS.includes(t[1].value)) i = 2;
  else return false;
  const after = skipName(t, i);
  if (after === i) return false;
  if (wordsAt(t, after, "SET", "TAGS") || wordsAt(t, after, "UNSET", "TAGS")) return true;
  // ALTER TABLE t ALTER COLUMN c SET|UNSET TAGS
  if (wordsAt(t, after, "ALTER", "COLUMN") || wordsAt(t, after, "CHANGE", "COLUMN")) {
    const c = skipName(t, after + 2);
    return wordsAt(t, c, "SET", "TAGS") || wordsAt(t, c, "UNSET", "TAGS");
  }
  return false;
}

/** `ALTER <kind> x SET|UNSET TAGS (...)` and `ALTER TABLE t ALTER COLUMN c SET|UNSET TAGS (...)`. */
export const alterTagsStatement: StatementHandler = {
  name: "ALTER SET TAGS",
  matches: matchesAlterTags,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER");
    const type = readSecurableType(cur);
    const parts = cur.nameParts();
    let column: string | null = null;
    if (cur.acceptOneOf("ALTER", "CHANGE")) {
      cur.expectWords("COLUMN");
      column = cur.nameParts().join(".");
    }
    const unsetting = cur.acceptOneOf("SET", "UNSET") === "UNSET";
    cur.expectWords("TAGS");
    const set = unsetting ? null : readTagList(cur);
    const unset = unsetting ? cur.keyList() : [];
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      if (column !== null) setColumnTags(ctx, doc, parts, column, set, unset);
      else setObjectTags(ctx, doc, type, parts, set, unset);
    });
    return [];
  },
};

/** `SET TAG ON <kind> x key [= value]` / `UNSET TAG ON <kind> x key` (DBR 16.1+ syntax); COLUMN takes `t.c`. */
export const setTagOnStatement: StatementHandler = {
  name: "SET TAG ON",
  matches: (t) => startsWithWords(t, "SET", "TAG", "ON") || startsWithWords(t, "UNSET", "TAG", "ON"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    const unsetting = cur.acceptOneOf("SET", "UNSET") === "UNSET";
    cur.expectWords("TAG", "ON");
    const isColumn = cur.acceptWords("COLUMN");
    const type = isColumn ? "TABLE" : readSecurableType(cur);
    const parts = cur.nameParts();
    const key = cur.propertyKey();
    const value = !unsetting && cur.acceptPunct("=") ? cur.propertyValue() : "";
    cur.expectEnd();
    const set = unsetting ? null : { [key]: value };
    const unset = unsetting ? [key] : [];
    await ctx.mutateMeta((doc) => {
      if (isColumn) {
        if (parts.length < 2) throw cur.fail("a column name `table.column`");
        setColumnTags(ctx, doc, parts.slice(0, -1), parts[parts.length - 1], set, unset);
      } else setObjectTags(ctx, doc, type, parts, set, unset);
    });
    return [];
  },
};

export const tagStatements: StatementHandler[] = [alterTagsStatement, setTagOnStatement];
