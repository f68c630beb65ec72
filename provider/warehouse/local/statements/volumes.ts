/**
 * Volumes (reference §4.6): `CREATE [EXTERNAL] VOLUME [IF NOT EXISTS] c.s.v [LOCATION '...'] [COMMENT '...']`,
 * `DROP VOLUME [IF EXISTS] v` (a managed volume's files go with it; an external volume's stay),
 * `SHOW VOLUMES [{IN|FROM} [c.]s] [[LIKE] 'pattern']` (columns `database`, `volume_name`) and
 * `DESCRIBE VOLUME v`. File content goes through volumeFiles.ts (no SQL).
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import type { StatementHandler } from "../engineContext";
import type { VolumeEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { qualifyObject, qualifySchema, refuseInSharedCatalog, requireSchemaIn } from "../governance/securables";
import { invalidParameter, objectAlreadyExists, objectNotFound } from "../errors/governanceErrors";
import { showPatternMatcher } from "./functions";
import { volumeDirectory } from "./volumeStorage";

export const createVolumeStatement: StatementHandler = {
  name: "CREATE VOLUME",
  matches: (t) => startsWithWords(t, "CREATE", "VOLUME") || startsWithWords(t, "CREATE", "EXTERNAL", "VOLUME"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("CREATE");
    const external = cur.acceptWords("EXTERNAL");
    cur.expectWords("VOLUME");
    const ifNotExists = cur.acceptWords("IF", "NOT", "EXISTS");
    const q = qualifyObject(ctx, cur.nameParts());
    let location: string | null = null;
    let comment: string | null = null;
    for (;;) {
      if (cur.acceptWords("LOCATION")) location = cur.string();
      else if (cur.acceptWords("COMMENT")) comment = cur.string();
      else break;
    }
    cur.expectEnd();
    if (external && location === null) throw invalidParameter(`External volume ${q.key} needs a LOCATION 'path'.`);
    if (!external && location !== null) throw invalidParameter(`Managed volume ${q.key} cannot have a LOCATION; use CREATE EXTERNAL VOLUME.`);
    await ctx.mutateMeta((doc) => {
      requireSchemaIn(doc, q.catalog, q.schema);
      refuseInSharedCatalog(doc, q.key, "create a volume");
      if (doc.volumes[q.key]) {
        if (ifNotExists) return;
        throw objectAlreadyExists("VOLUME", q.key);
      }
      const now = Date.now();
      const entry: VolumeEntry = {
        id: randomUUID(),
        catalog: q.catalog,
        schema: q.schema,
        name: q.name,
        type: external ? "EXTERNAL" : "MANAGED",
        storageLocation: location,
        owner: ctx.currentUser,
        comment,
        tags: {},
        grants: [],
        createdAt: now,
        createdBy: ctx.currentUser,
        lastAltered: now,
        lastAlteredBy: ctx.currentUser,
      };
      doc.volumes[q.key] = entry;
    });
    return [];
  },
};

export const dropVolumeStatement: StatementHandler = {
  name: "DROP VOLUME",
  matches: (t) => startsWithWords(t, "DROP", "VOLUME"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("DROP", "VOLUME");
    const ifExists = cur.acceptWords("IF", "EXISTS");
    const q = qualifyObject(ctx, cur.nameParts());
    cur.expectEnd();
    const dropped = await ctx.mutateMeta((doc) => {
      const v = doc.volumes[q.key];
      if (!v) {
        if (ifExists) return undefined;
        requireSchemaIn(doc, q.catalog, q.schema);
        throw objectNotFound("VOLUME", q.key);
      }
      refuseInSharedCatalog(doc, q.key, "drop a volume");
      delete doc.volumes[q.key];
      return v;
    });
    // Databricks purges a managed volume's files after a retention window; locally they go at once.
    if (dropped && dropped.type === "MANAGED") await rm(volumeDirectory(ctx, dropped), { recursive: true, force: true });
    return [];
  },
};

export const showVolumesStatement: StatementHandler = {
  name: "SHOW VOLUMES",
  matches: (t) => startsWithWords(t, "SHOW", "VOLUMES"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "VOLUMES");
    let schema = { catalog: ctx.session.catalog.toLowerCase(), schema: ctx.session.schema.toLowerCase() };
    if (cur.acceptOneOf("IN", "FROM")) schema = qualifySchema(ctx, cur.nameParts());
    cur.acceptWords("LIKE");
    const match = showPatternMatcher(cur.atEnd() ? undefined : cur.string());
    cur.expectEnd();
    const doc = ctx.readMeta();
    requireSchemaIn(doc, schema.catalog, schema.schema);
    return Object.values(doc.volumes)
      .filter((v) => v.catalog === schema.catalog && v.schema === schema.schema && match(v.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => ({ database: v.schema, volume_name: v.name }));
  },
};

/** `DESCRIBE VOLUME v` → one row: name, catalog, database, owner, storage_location, volume_type, comment. */
export const describeVolumeStatement: StatementHandler = {
  name: "DESCRIBE VOLUME",
  matches: (t) => startsWithWords(t, "DESCRIBE", "VOLUME") || startsWithWords(t, "DESC", "VOLUME"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.acceptOneOf("DESCRIBE", "DESC");
    cur.expectWords("VOLUME");
    const q = qualifyObject(ctx, cur.nameParts());
    cur.expectEnd();
    const doc = ctx.readMeta();
    const v = doc.volumes[q.key];
    if (!v) {
      requireSchemaIn(doc, q.catalog, q.schema);
      throw objectNotFound("VOLUME", q.key);
    }
    return [
      {
        name: v.name,
        catalog: v.catalog,
        database: v.schema,
        owner: v.owner,
        storage_location: v.storageLocation ?? volumeDirectory(ctx, v),
        volume_type: v.type,
        comment: v.comment,
      },
    ];
  },
};

export const volumeStatements: StatementHandler[] = [createVolumeStatement, dropVolumeStatement, showVolumesStatement, describeVolumeStatement];
