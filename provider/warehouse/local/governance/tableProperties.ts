/**
 * Properties: `ALTER TABLE t SET TBLPROPERTIES (...)` / `UNSET TBLPROPERTIES [IF EXISTS] (...)`
 * (a metadata-only Delta commit recorded as `SET TBLPROPERTIES` / `UNSET TBLPROPERTIES`; the
 * properties live in the Delta log, so the core commits them), and
 * `ALTER { CATALOG | SCHEMA } x SET|UNSET DBPROPERTIES (...)` (metastore only).
 */
import type { EngineContext, StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import { VIEW_TYPES, type CatalogEntry, type SchemaEntry, type TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { readSecurableType, refuseInSharedCatalog, resolveSecurable, touch } from "./securables";
import { printName, ucError } from "../errors/governanceErrors";
import { commitProperties, snapshotInfo } from "../delta/tableSnapshot";

function matchesAfterName(t: readonly Token[], kinds: string[], ...tails: string[][]): boolean {
  if (!startsWithWords(t, "ALTER") || !(t[1]?.kind === "word" && kinds.includes(t[1].value))) return false;
  const after = skipName(t, 2);
  return after > 2 && tails.some((w) => wordsAt(t, after, ...w));
}

/** A view's TBLPROPERTIES live on its metastore entry (tables keep theirs in the Delta log). */
export type EntryWithProperties = TableEntry & { properties?: Record<string, string> };

/** TBLPROPERTIES of a table (latest snapshot) or view (entry), or undefined when unknown. */
export function tablePropertiesOf(ctx: EngineContext, table: TableEntry): Record<string, string> | undefined {
  if (isViewLike(table)) return { ...((table as EntryWithProperties).properties ?? {}) };
  return snapshotInfo(ctx, table)?.properties;
}

const isViewLike = (t: TableEntry) => VIEW_TYPES.has(t.type);

async function alterViewProperties(ctx: EngineContext, parts: string[], set: Record<string, string>, unset: string[], ifExists: boolean): Promise<void> {
  await ctx.mutateMeta((doc) => {
    const s = resolveSecurable(ctx, doc, "TABLE", parts);
    const view = s.entry as EntryWithProperties;
    const props = (view.properties ??= {});
    const missing = unset.filter((k) => !(k in props));
    if (!ifExists && missing.length > 0) throw unsetMissing(missing, s.key);
    Object.assign(props, set);
    for (const k of unset) delete props[k];
    touch(view, ctx);
  });
}

function unsetMissing(missing: string[], key: string): Error {
  return ucError(
    "UNSET_NONEXISTENT_PROPERTIES",
    `Attempted to unset non-existent properties [${missing.map((k) => printName(k)).join(", ")}] in table ${printName(...key.split("."))}. Use UNSET TBLPROPERTIES IF EXISTS to tolerate missing keys.`,
    "42K0J",
  );
}

/** `ALTER TABLE|VIEW t SET TBLPROPERTIES (...)` / `ALTER TABLE|VIEW t UNSET TBLPROPERTIES [IF EXISTS] (...)`. */
export const alterTblPropertiesStatement: StatementHandler = {
  name: "ALTER TABLE TBLPROPERTIES",
  matches: (t) => matchesAfterName(t, ["TABLE", "VIEW"], ["SET", "TBLPROPERTIES"], ["UNSET", "TBLPROPERTIES"]),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER");
    const isView = cur.acceptOneOf("TABLE", "VIEW") === "VIEW";
    const parts = cur.nameParts();
    const unsetting = cur.acceptOneOf("SET", "UNSET") === "UNSET";
    cur.expectWords("TBLPROPERTIES");
    const ifExists = unsetting && cur.acceptWords("IF", "EXISTS");
    const set = unsetting ? {} : cur.propertyList();
    const unset = unsetting ? cur.keyList() : [];
    cur.expectEnd();

    const doc = ctx.readMeta();
    const s = resolveSecurable(ctx, doc, "TABLE", parts);
    refuseInSharedCatalog(doc, s.key, "set table properties");
    const table = s.entry as TableEntry;
    if (isViewLike(table)) {
      if (!isView) {
        throw ucError("EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW", `'ALTER TABLE ... TBLPROPERTIES' expects a table but ${printName(...s.key.split("."))} is a view. Please use ALTER VIEW instead.`, "42809");
      }
      await alterViewProperties(ctx, parts, set, unset, ifExists);
      return [];
    }
    if (isView) {
      throw ucError("EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE", `'ALTER VIEW ... TBLPROPERTIES' expects a view but ${printName(...s.key.split("."))} is a table. Please use ALTER TABLE instead.`, "42809");
    }
    if (unsetting && !ifExists) {
      const current = snapshotInfo(ctx, table)?.properties;
      const missing = current ? unset.filter((k) => !(k in current)) : [];
      if (missing.length > 0) throw unsetMissing(missing, s.key);
    }
    const op = unsetting ? "UNSET TBLPROPERTIES" : "SET TBLPROPERTIES";
    const params: Record<string, string> = unsetting ? { properties: JSON.stringify(unset), ifExists: String(ifExists) } : { properties: JSON.stringify(set) };
    await commitProperties(ctx, table, { set, unset }, op, params);
    await ctx.mutateMeta((d) => touch(resolveSecurable(ctx, d, "TABLE", parts).entry, ctx));
    return [];
  },
};

/** `ALTER { CATALOG | SCHEMA | DATABASE } x SET|UNSET DBPROPERTIES (...)` (also `SET PROPERTIES`). */
export const alterDbPropertiesStatement: StatementHandler = {
  name: "ALTER DBPROPERTIES",
  matches: (t) =>
    matchesAfterName(t, ["CATALOG", "SCHEMA", "DATABASE"], ["SET", "DBPROPERTIES"], ["UNSET", "DBPROPERTIES"], ["SET", "PROPERTIES"], ["UNSET", "PROPERTIES"]),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER");
    const type = readSecurableType(cur);
    const parts = cur.nameParts();
    const unsetting = cur.acceptOneOf("SET", "UNSET") === "UNSET";
    cur.acceptOneOf("DBPROPERTIES", "PROPERTIES");
    const set = unsetting ? {} : cur.propertyList();
    const unset = unsetting ? cur.keyList() : [];
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      const s = resolveSecurable(ctx, doc, type, parts);
      if (type === "SCHEMA") refuseInSharedCatalog(doc, s.key, "set schema properties");
      const entry = s.entry as CatalogEntry | SchemaEntry;
      Object.assign(entry.properties, set);
      for (const k of unset) delete entry.properties[k];
      touch(entry, ctx);
    });
    return [];
  },
};

/** `SHOW TBLPROPERTIES t [('key')]` → rows `key`, `value` (a missing key answers with an explanatory value). */
export const showTblPropertiesStatement: StatementHandler = {
  name: "SHOW TBLPROPERTIES",
  matches: (t) => startsWithWords(t, "SHOW", "TBLPROPERTIES"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "TBLPROPERTIES");
    const parts = cur.nameParts();
    const only = cur.isPunct("(") ? cur.keyList()[0] : undefined;
    cur.expectEnd();
    const q = ctx.qualify(parts);
    const entry = ctx.requireTable(q);
    const props = tablePropertiesOf(ctx, entry) ?? {};
    if (only !== undefined) {
      return [{ key: only, value: only in props ? props[only] : `Table ${q.catalog}.${q.schema}.${q.name} does not have property: ${only}` }];
    }
    return Object.keys(props).sort().map((key) => ({ key, value: props[key] }));
  },
};

export const propertyStatements: StatementHandler[] = [alterTblPropertiesStatement, alterDbPropertiesStatement, showTblPropertiesStatement];
