/**
 * Delta Sharing, provider side (reference §5): `CREATE SHARE [IF NOT EXISTS] s [COMMENT '...']`,
 * `ALTER SHARE s ADD [TABLE] c.s.t [COMMENT '...'] [AS schema.table] [WITH|WITHOUT HISTORY]`,
 * `ALTER SHARE s REMOVE [TABLE] name`, `DROP SHARE [IF EXISTS] s`, `SHOW SHARES [[LIKE] 'p']`
 * (name, comment), `SHOW ALL IN SHARE s` (name, type, shared_object, added_at, added_by, comment,
 * partitions) and `DESCRIBE SHARE s`. Grants to recipients are in grants.ts.
 */
import type { Row } from "../row";
import type { EngineContext, StatementHandler } from "../engineContext";
import type { ShareEntry, ShareObject, TableEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { qualifyObject, qualifySchema, requireSchemaIn, resolveSecurable, touch } from "../governance/securables";
import { invalidParameter, objectAlreadyExists, objectNotFound, ucError } from "../errors/governanceErrors";
import { showPatternMatcher } from "../statements/functions";

/**
 * A share object with who added it and its kind (kept in the document next to the model's fields).
 * A SCHEMA object (`name` = `catalog.schema`, `sharedAs` = `schema`) shares every current and future
 * table of the schema.
 */
export type StoredShareObject = ShareObject & { addedBy?: string; comment?: string | null; type?: "TABLE" | "SCHEMA" };

export const createShareStatement: StatementHandler = {
  name: "CREATE SHARE",
  matches: (t) => startsWithWords(t, "CREATE", "SHARE"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("CREATE", "SHARE");
    const ifNotExists = cur.acceptWords("IF", "NOT", "EXISTS");
    const name = cur.identifier().toLowerCase();
    const comment = cur.acceptWords("COMMENT") ? cur.string() : null;
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      if (doc.shares[name]) {
        if (ifNotExists) return;
        throw objectAlreadyExists("SHARE", name);
      }
      const now = Date.now();
      const entry: ShareEntry = {
        name, objects: [], owner: ctx.currentUser, comment, tags: {}, grants: [],
        createdAt: now, createdBy: ctx.currentUser, lastAltered: now, lastAlteredBy: ctx.currentUser,
      };
      doc.shares[name] = entry;
    });
    return [];
  },
};

export const alterShareStatement: StatementHandler = {
  name: "ALTER SHARE",
  matches: (t) => startsWithWords(t, "ALTER", "SHARE") && t.some((x, i) => i > 2 && x.kind === "word" && (x.value === "ADD" || x.value === "REMOVE")),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER", "SHARE");
    const shareName = cur.identifier().toLowerCase();
    const adding = cur.acceptOneOf("ADD", "REMOVE") === "ADD";
    const kind = cur.acceptOneOf("TABLE", "VIEW", "SCHEMA", "VOLUME", "MODEL", "MATERIALIZED");
    if (kind && kind !== "TABLE" && kind !== "SCHEMA") {
      throw ucError("UNSUPPORTED_FEATURE.LOCAL_ENGINE", `The local engine shares tables and schemas only (ALTER SHARE ... ${adding ? "ADD" : "REMOVE"} ${kind}).`, "0A000");
    }
    if (kind === "SCHEMA") return alterShareSchema(ctx, shareName, adding, cur);
    const parts = cur.nameParts();
    let comment: string | null = null;
    let alias: string[] | null = null;
    let withHistory = false; // GUESS: history sharing is off unless asked (Terraform default DISABLED)
    if (adding) {
      for (;;) {
        if (cur.acceptWords("COMMENT")) comment = cur.string();
        else if (cur.acceptWords("AS")) alias = cur.nameParts();
        else if (cur.acceptWords("WITH", "HISTORY")) withHistory = true;
        else if (cur.acceptWords("WITHOUT", "HISTORY")) withHistory = false;
        else if (cur.isWords("PARTITION")) throw ucError("UNSUPPORTED_FEATURE.LOCAL_ENGINE", "The local engine does not share partitions of tables.", "0A000");
        else break;
      }
    }
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      const share = doc.shares[shareName];
      if (!share) throw objectNotFound("SHARE", shareName);
      if (!adding) {
        const key = parts.length === 2 ? null : qualifyObject(ctx, parts).key;
        const asAlias = parts.map((p) => p.toLowerCase()).join(".");
        const idx = (share.objects as StoredShareObject[]).findIndex((o) => o.type !== "SCHEMA" && (o.name === key || o.sharedAs === asAlias));
        if (idx < 0) throw invalidParameter(`Table ${parts.join(".")} is not in share ${shareName}.`);
        share.objects.splice(idx, 1);
        touch(share, ctx);
        return;
      }
      const s = resolveSecurable(ctx, doc, "TABLE", parts);
      const table = s.entry as TableEntry;
      if (doc.catalogs[table.catalog]?.share) throw invalidParameter(`Table ${s.key} belongs to a shared catalog and cannot be re-shared.`);
      if (table.type === "VIEW" || table.type === "MATERIALIZED_VIEW" || table.type === "STREAMING_TABLE") {
        throw invalidParameter(`${s.key} is a ${table.type}; ALTER SHARE ... ADD TABLE accepts tables only.`);
      }
      // GUESS (reference §5): tables protected by a row filter or column mask cannot be shared.
      if (table.rowFilter || table.columnMasks.length > 0) {
        throw invalidParameter(`Table ${s.key} has a row filter or column mask; tables with row filters or column masks cannot be added to a share. Drop the policy first.`);
      }
      if (share.objects.some((o) => o.name === s.key)) throw invalidParameter(`Table ${s.key} is already in share ${shareName}; the same table cannot be added twice.`);
      const sharedAs = alias ? alias.map((p) => p.toLowerCase()).join(".") : `${table.schema}.${table.name}`;
      if (sharedAs.split(".").length !== 2) throw invalidParameter(`The alias '${sharedAs}' must be a two-part name <schema>.<table>.`);
      if (share.objects.some((o) => o.sharedAs === sharedAs)) throw invalidParameter(`Share ${shareName} already exposes a table as ${sharedAs}; choose another alias with AS.`);
      const obj: StoredShareObject = { name: s.key, sharedAs, withHistory, addedAt: Date.now(), addedBy: ctx.currentUser, comment };
      share.objects.push(obj);
      touch(share, ctx);
    });
    return [];
  },
};

/** `ALTER SHARE s ADD SCHEMA c.s [COMMENT '...'] [WITH|WITHOUT HISTORY]` / `REMOVE SCHEMA c.s`. */
async function alterShareSchema(ctx: EngineContext, shareName: string, adding: boolean, cur: StatementCursor): Promise<Row[]> {
  const { catalog, schema } = qualifySchema(ctx, cur.nameParts());
  let comment: string | null = null;
  let withHistory = false;
  while (adding) {
    if (cur.acceptWords("COMMENT")) comment = cur.string();
    else if (cur.acceptWords("WITH", "HISTORY")) withHistory = true;
    else if (cur.acceptWords("WITHOUT", "HISTORY")) withHistory = false;
    else break;
  }
  cur.expectEnd();
  const key = `${catalog}.${schema}`;
  await ctx.mutateMeta((doc) => {
    const share = doc.shares[shareName];
    if (!share) throw objectNotFound("SHARE", shareName);
    const objects = share.objects as StoredShareObject[];
    const idx = objects.findIndex((o) => o.type === "SCHEMA" && o.name === key);
    if (!adding) {
      if (idx < 0) throw invalidParameter(`Schema ${key} is not in share ${shareName}.`);
      objects.splice(idx, 1);
    } else {
      requireSchemaIn(doc, catalog, schema);
      if (doc.catalogs[catalog]?.share) throw invalidParameter(`Schema ${key} belongs to a shared catalog and cannot be re-shared.`);
      if (idx >= 0) throw invalidParameter(`Schema ${key} is already in share ${shareName}.`);
      if (objects.some((o) => o.type === "SCHEMA" && o.sharedAs === schema)) throw invalidParameter(`Share ${shareName} already exposes a schema named ${schema}.`);
      objects.push({ name: key, sharedAs: schema, withHistory, addedAt: Date.now(), addedBy: ctx.currentUser, comment, type: "SCHEMA" });
    }
    touch(share, ctx);
  });
  return [];
}

export const dropShareStatement: StatementHandler = {
  name: "DROP SHARE",
  matches: (t) => startsWithWords(t, "DROP", "SHARE"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("DROP", "SHARE");
    const ifExists = cur.acceptWords("IF", "EXISTS");
    const name = cur.identifier().toLowerCase();
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      if (!doc.shares[name]) {
        if (ifExists) return;
        throw objectNotFound("SHARE", name);
      }
      delete doc.shares[name];
      doc.shareGrants = doc.shareGrants.filter((g) => g.share !== name);
    });
    return [];
  },
};

export const showSharesStatement: StatementHandler = {
  name: "SHOW SHARES",
  matches: (t) => startsWithWords(t, "SHOW", "SHARES") && !t.some((x) => x.kind === "word" && x.value === "PROVIDER"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "SHARES");
    cur.acceptWords("LIKE");
    const match = showPatternMatcher(cur.atEnd() ? undefined : cur.string());
    cur.expectEnd();
    return Object.values(ctx.readMeta().shares)
      .filter((s) => match(s.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => ({ name: s.name, comment: s.comment }));
  },
};

export const showAllInShareStatement: StatementHandler = {
  name: "SHOW ALL IN SHARE",
  matches: (t) => startsWithWords(t, "SHOW", "ALL", "IN", "SHARE"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "ALL", "IN", "SHARE");
    const name = cur.identifier().toLowerCase();
    cur.expectEnd();
    const share = resolveSecurable(ctx, ctx.readMeta(), "SHARE", [name]).entry as ShareEntry;
    return [...(share.objects as StoredShareObject[])]
      .sort((a, b) => a.sharedAs.localeCompare(b.sharedAs))
      .map((o) => ({
        name: o.sharedAs,
        type: o.type ?? "TABLE",
        shared_object: o.name,
        added_at: new Date(o.addedAt),
        added_by: o.addedBy ?? share.owner,
        comment: o.comment ?? null,
        partitions: null,
      }));
  },
};

/** `DESCRIBE SHARE s` → one row: name, owner, created_at, created_by, comment (GUESS: exact columns). */
export const describeShareStatement: StatementHandler = {
  name: "DESCRIBE SHARE",
  matches: (t) => startsWithWords(t, "DESCRIBE", "SHARE") || startsWithWords(t, "DESC", "SHARE"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.acceptOneOf("DESCRIBE", "DESC");
    cur.expectWords("SHARE");
    const name = cur.identifier().toLowerCase();
    cur.expectEnd();
    const s = resolveSecurable(ctx, ctx.readMeta(), "SHARE", [name]).entry as ShareEntry;
    return [{ name: s.name, owner: s.owner, created_at: new Date(s.createdAt), created_by: s.createdBy, comment: s.comment }];
  },
};

export const shareStatements: StatementHandler[] = [
  createShareStatement, alterShareStatement, dropShareStatement, showSharesStatement, showAllInShareStatement, describeShareStatement,
];
