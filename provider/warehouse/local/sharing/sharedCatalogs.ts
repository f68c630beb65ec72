/**
 * Catalogs over a Delta share (consumer side): `CREATE CATALOG [IF NOT EXISTS] c USING SHARE provider.share
 * [COMMENT '...']`. The catalog holds no tables of its own: each name `c.<schema>.<table>` resolves, at
 * every read, to the provider table the share exposes as `<schema>.<table>`, so readers see the
 * provider's CURRENT data; revoking the grant or removing the table makes it disappear. Shared catalogs
 * are read-only (the engine refuses writes on shared tables; metadata changes are refused by the
 * governance family).
 */
import * as path from "node:path";
import type { EngineContext, QualifiedName, StatementHandler } from "../engineContext";
import type { TableEntry } from "../metastore/model";
import { StatementCursor, startsWithWords, skipName, wordsAt } from "../frontEnd/statementCursor";
import { objectAlreadyExists, objectNotFound } from "../errors/governanceErrors";
import { newCatalogEntry } from "../metastore/metastoreStore";
import { requireProvider, sharingProviders, type SharingProvider } from "./providers";
import { TableLog } from "../delta/deltaLog";
import type { SharedTableResolver } from "../engineContext";
import type { StoredShareObject } from "./shares";

function matchesCreateUsingShare(t: readonly import("../frontEnd/lexer").Token[]): boolean {
  if (!startsWithWords(t, "CREATE", "CATALOG")) return false;
  let i = 2;
  if (wordsAt(t, i, "IF", "NOT", "EXISTS")) i += 3;
  const after = skipName(t, i);
  return after > i && wordsAt(t, after, "USING", "SHARE");
}

export const createCatalogUsingShareStatement: StatementHandler = {
  name: "CREATE CATALOG USING SHARE",
  matches: matchesCreateUsingShare,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("CREATE", "CATALOG");
    const ifNotExists = cur.acceptWords("IF", "NOT", "EXISTS");
    const name = cur.identifier().toLowerCase();
    cur.expectWords("USING", "SHARE");
    const providerName = cur.identifier().toLowerCase();
    cur.expectPunct(".");
    const shareName = cur.identifier().toLowerCase();
    const comment = cur.acceptWords("COMMENT") ? cur.string() : null;
    cur.expectEnd();
    const provider = requireProvider(ctx, providerName);
    if (!provider.shares.some((s) => s.name === shareName)) throw objectNotFound("SHARE", `${providerName}.${shareName}`);
    await ctx.mutateMeta((doc) => {
      if (doc.catalogs[name]) {
        if (ifNotExists) return;
        throw objectAlreadyExists("CATALOG", name);
      }
      const entry = newCatalogEntry(name, ctx.currentUser, Date.now());
      entry.comment = comment;
      entry.share = { provider: providerName, share: shareName };
      doc.catalogs[name] = entry;
    });
    return [];
  },
};

const SHAREABLE = new Set(["MANAGED", "EXTERNAL", "MANAGED_SHALLOW_CLONE", "EXTERNAL_SHALLOW_CLONE"]);

interface SharedTable {
  provider: SharingProvider;
  /** The provider's own entry. */
  table: TableEntry;
  sharedAs: string;
  withHistory: boolean;
}

/** Every table a shared catalog exposes now (provider entries with their shared names). */
function sharedTablesOf(ctx: EngineContext, catalog: string): SharedTable[] {
  const c = ctx.readMeta().catalogs[catalog];
  if (!c?.share) return [];
  const provider = sharingProviders(ctx).find((p) => p.name === c.share!.provider);
  const share = provider?.shares.find((s) => s.name === c.share!.share);
  if (!provider || !share) return [];
  const pdoc = provider.workspace.readMeta();
  const out: SharedTable[] = [];
  const seen = new Set<string>();
  for (const o of share.objects as StoredShareObject[]) {
    if (o.type === "SCHEMA") {
      // every current table of the schema (views and policy-protected tables are not shared)
      for (const t of Object.values(pdoc.tables)) {
        if (`${t.catalog}.${t.schema}` !== o.name || !SHAREABLE.has(t.type) || t.rowFilter || t.columnMasks.length > 0) continue;
        const sharedAs = `${o.sharedAs}.${t.name}`;
        if (!seen.has(sharedAs)) out.push({ provider, table: t, sharedAs, withHistory: o.withHistory });
        seen.add(sharedAs);
      }
      continue;
    }
    const table = pdoc.tables[o.name];
    if (table && !seen.has(o.sharedAs)) out.push({ provider, table, sharedAs: o.sharedAs, withHistory: o.withHistory });
    seen.add(o.sharedAs);
  }
  return out;
}

/** The engine's resolver for names inside shared catalogs (registered in statementFamilies.ts). */
export const sharedTableResolver: SharedTableResolver = (ctx, name: QualifiedName) => {
  const hit = sharedTablesOf(ctx, name.catalog).find((s) => s.sharedAs === `${name.schema}.${name.name}`);
  return hit ? { workspaceRoot: hit.provider.workspace.root, table: hit.table, withHistory: hit.withHistory } : undefined;
};

/**
 * The tables of a shared catalog as consumer-side entries (catalog/schema/name as the consumer sees
 * them, no tags or grants: Unity Catalog properties are not shared). `viewColumns` carries the current
 * provider schema and `lastAltered` the provider's last change (metadata or data commit), so
 * information_schema can list and fingerprint them without touching the provider's engine.
 */
export function sharedCatalogTables(ctx: EngineContext, catalog: string): TableEntry[] {
  return sharedTablesOf(ctx, catalog).map(({ provider, table, sharedAs }) => {
    const [schema, name] = sharedAs.split(".");
    const log = TableLog.of(path.join(provider.workspace.root, "tables", table.id));
    const snap = log.exists() ? log.latest() : undefined;
    return {
      ...table,
      catalog,
      schema,
      name,
      tags: {},
      grants: [],
      columnTags: {},
      rowFilter: null,
      columnMasks: [],
      viewColumns: snap ? snap.metadata.schema.map((f) => ({ name: f.name, type: f.type })) : table.viewColumns,
      lastAltered: Math.max(table.lastAltered, snap?.timestamp ?? 0),
    };
  });
}

export const sharedCatalogStatements: StatementHandler[] = [createCatalogUsingShareStatement];
