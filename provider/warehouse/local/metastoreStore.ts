/**
 * The workspace's metastore document on disk: one JSON file replaced atomically under the workspace
 * lock. Readers keep the parsed document keyed by the file's identity (inode, mtime, size), so a
 * statement costs one stat() when nothing changed, and a writer's own publication is cached directly.
 */
import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";
import { replaceFileAtomic } from "./atomicFile";
import { withFileLock } from "./fileLock";
import type { CatalogEntry, MetastoreDocument, SchemaEntry } from "./model";

const FILE = "metastore.json";
const LOCK = "metastore.lock";

function identity(st: fs.Stats): string {
  return `${st.ino}:${st.mtimeMs}:${st.size}`;
}

/** A fresh catalog entry with Unity Catalog defaults. */
export function newCatalogEntry(name: string, user: string, now: number): CatalogEntry {
  return {
    name, owner: user, comment: null, tags: {}, grants: [], createdAt: now, createdBy: user,
    lastAltered: now, lastAlteredBy: user, properties: {}, managedLocation: null, share: null,
  };
}

/** A fresh schema entry with Unity Catalog defaults. */
export function newSchemaEntry(catalog: string, name: string, user: string, now: number): SchemaEntry {
  return {
    catalog, name, owner: user, comment: null, tags: {}, grants: [], createdAt: now, createdBy: user,
    lastAltered: now, lastAlteredBy: user, properties: {}, managedLocation: null,
  };
}

/** Adds a catalog with the schemas Unity Catalog creates with it (`default`, `information_schema`). */
export function addCatalog(doc: MetastoreDocument, entry: CatalogEntry): void {
  doc.catalogs[entry.name] = entry;
  for (const s of ["default", "information_schema"]) {
    const se = newSchemaEntry(entry.name, s, entry.owner, entry.createdAt);
    if (s === "information_schema") {
      se.owner = "System user";
      se.comment = "Information schema (auto-created)";
    }
    doc.schemas[`${entry.name}.${s}`] = se;
  }
}

export class MetastoreStore {
  private cached: { id: string; doc: MetastoreDocument } | undefined;
  readonly file: string;
  readonly lockFile: string;

  constructor(readonly root: string) {
    this.file = path.join(root, FILE);
    this.lockFile = path.join(root, LOCK);
  }

  /** Creates the document on first use of the directory (random metastore id, a `main` catalog). */
  async init(user: string, defaultCatalog: string): Promise<void> {
    if (fs.existsSync(this.file)) return;
    await withFileLock(this.lockFile, () => {
      if (fs.existsSync(this.file)) return;
      const now = Date.now();
      const doc: MetastoreDocument = {
        revision: 0,
        metastoreId: randomUUID(),
        workspaceName: path.basename(this.root),
        catalogs: {}, schemas: {}, tables: {}, functions: {}, volumes: {},
        shares: {}, recipients: {}, shareGrants: [], metastoreGrants: [],
      };
      addCatalog(doc, newCatalogEntry(defaultCatalog, user, now));
      this.publish(doc);
    });
  }

  /** The latest committed document (do not mutate it). */
  read(): MetastoreDocument {
    const st = fs.statSync(this.file);
    const id = identity(st);
    if (this.cached?.id === id) return this.cached.doc;
    const doc = JSON.parse(fs.readFileSync(this.file, "utf8")) as MetastoreDocument;
    // the file may have been replaced between stat and read; key by what we actually read
    const after = identity(fs.statSync(this.file));
    this.cached = { id: after === id ? id : "stale", doc };
    return doc;
  }

  /** Applies `fn` to a private copy under the workspace lock and publishes the result atomically. */
  async mutate<T>(fn: (doc: MetastoreDocument) => T): Promise<T> {
    return withFileLock(this.lockFile, () => {
      const doc = JSON.parse(fs.readFileSync(this.file, "utf8")) as MetastoreDocument;
      const before = doc.revision;
      const result = fn(doc);
      if (result instanceof Promise) throw new Error("mutateMeta callbacks must be synchronous");
      doc.revision = before + 1;
      this.publish(doc);
      return result;
    });
  }

  private publish(doc: MetastoreDocument): void {
    replaceFileAtomic(this.file, JSON.stringify(doc));
    this.cached = { id: identity(fs.statSync(this.file)), doc };
  }
}
