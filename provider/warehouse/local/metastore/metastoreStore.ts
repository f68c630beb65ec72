/**
 * The workspace's metastore document on disk, multi-process safe and cheap per statement:
 *   - `metastore.json`: a base snapshot `{format: 2, journal: <id>, doc}` replaced atomically
 *     (write temp + fsync + rename) under the workspace lock;
 *   - `metastore.<id>.journal`: JSON lines appended (and fsync'ed) by mutate(), each holding only the
 *     entries that changed, so a write costs O(change) instead of rewriting a 2,000-table document;
 *     compacted into a new base every COMPACT_LINES lines.
 * Readers keep the parsed document keyed by the base file's identity and the journal offset they
 * consumed; a statement costs two stat() calls when nothing changed and applies only new lines
 * otherwise. A torn journal tail (writer killed mid-append) is ignored by readers and truncated by the
 * next writer, which holds the lock.
 */
import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";
import { replaceFileAtomic } from "./atomicFile";
import { withFileLock } from "./fileLock";
import type { CatalogEntry, MetastoreDocument, SchemaEntry } from "./model";

const FILE = "metastore.json";
const LOCK = "metastore.lock";
const COMPACT_LINES = 1000;
const FSYNC = process.env.UC_LOCAL_FSYNC !== "0";

/** Keyed collections of the document; changes to them are journaled per entry. */
const COLLECTIONS = ["catalogs", "schemas", "tables", "functions", "volumes", "shares", "recipients"] as const;
type Collection = (typeof COLLECTIONS)[number];

interface JournalLine {
  rev: number;
  /** [collection, key, value | null (deleted)] */
  c: [Collection, string, unknown][];
  /** Other top-level fields replaced whole. */
  s: Record<string, unknown>;
}

interface BaseFile {
  format: 2;
  journal: string;
  doc: MetastoreDocument;
}

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

const hasOwn = (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A copy-on-write view of one collection: entries are cloned when first read, writes and deletes
 * are recorded in `touched` (undefined = deleted). Iteration works (and clones what it visits).
 */
function draftCollection(orig: Record<string, unknown>, touched: Map<string, unknown>): Record<string, unknown> {
  const live = (k: string) => (touched.has(k) ? touched.get(k) !== undefined : hasOwn(orig, k));
  const get = (k: string) => {
    if (touched.has(k)) return touched.get(k);
    if (!hasOwn(orig, k)) return undefined;
    const copy = structuredClone(orig[k]);
    touched.set(k, copy);
    return copy;
  };
  return new Proxy({} as Record<string, unknown>, {
    get: (_t, k) => (typeof k === "string" ? get(k) : undefined),
    set: (_t, k, v) => {
      touched.set(String(k), v);
      return true;
    },
    deleteProperty: (_t, k) => {
      touched.set(String(k), undefined);
      return true;
    },
    has: (_t, k) => typeof k === "string" && live(k),
    ownKeys: () => {
      const keys = Object.keys(orig).filter(live);
      for (const [k, v] of touched) if (v !== undefined && !hasOwn(orig, k)) keys.push(k);
      return keys;
    },
    getOwnPropertyDescriptor: (_t, k) =>
      typeof k === "string" && live(k) ? { value: get(k), writable: true, enumerable: true, configurable: true } : undefined,
  });
}

function applyLine(doc: MetastoreDocument, line: JournalLine): MetastoreDocument {
  const next: MetastoreDocument = { ...doc, ...(line.s as Partial<MetastoreDocument>), revision: line.rev };
  const copied = new Set<Collection>();
  for (const [coll, key, value] of line.c) {
    if (!copied.has(coll)) {
      (next as unknown as Record<string, unknown>)[coll] = { ...(doc[coll] as Record<string, unknown>) };
      copied.add(coll);
    }
    const target = next[coll] as Record<string, unknown>;
    if (value === null) delete target[key];
    else target[key] = value;
  }
  return next;
}

export class MetastoreStore {
  private cache: { baseId: string; journal: string; offset: number; lines: number; doc: MetastoreDocument } | undefined;
  readonly file: string;
  readonly lockFile: string;

  constructor(readonly root: string) {
    this.file = path.join(root, FILE);
    this.lockFile = path.join(root, LOCK);
  }

  private journalFile(id: string): string {
    return path.join(this.root, `metastore.${id}.journal`);
  }

  /** Creates the document on first use of the directory (random metastore id, a default catalog). */
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
      this.writeBase(doc);
    });
  }

  /** The latest committed document (do not mutate it). */
  read(): MetastoreDocument {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.readOnce();
      } catch (e) {
        // the base was compacted between our stat and our journal read: reload
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw e;
        this.cache = undefined;
      }
    }
  }

  private readOnce(): MetastoreDocument {
    const baseId = identity(fs.statSync(this.file));
    if (this.cache?.baseId !== baseId) {
      const text = fs.readFileSync(this.file, "utf8");
      const parsed = JSON.parse(text) as BaseFile | MetastoreDocument;
      const base: BaseFile = "format" in parsed && (parsed as BaseFile).format === 2 ? (parsed as BaseFile) : { format: 2, journal: "", doc: parsed as MetastoreDocument };
      this.cache = { baseId, journal: base.journal, offset: 0, lines: 0, doc: base.doc };
    }
    const c = this.cache;
    if (!c.journal) return c.doc;
    const fd = fs.openSync(this.journalFile(c.journal), "r");
    try {
      const size = fs.fstatSync(fd).size;
      if (size > c.offset) {
        const buf = Buffer.alloc(size - c.offset);
        fs.readSync(fd, buf, 0, buf.length, c.offset);
        const end = buf.lastIndexOf(0x0a);
        if (end >= 0) {
          for (const line of buf.subarray(0, end).toString("utf8").split("\n")) {
            if (!line) continue;
            c.doc = applyLine(c.doc, JSON.parse(line) as JournalLine);
            c.lines++;
          }
          c.offset += end + 1;
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return c.doc;
  }

  /**
   * Applies `fn` to a copy-on-write draft under the workspace lock and publishes only what changed
   * (one journal line). `fn` must be synchronous; throwing aborts without writing.
   */
  async mutate<T>(fn: (doc: MetastoreDocument) => T): Promise<T> {
    return withFileLock(this.lockFile, () => {
      const doc = this.read();
      const c = this.cache!;
      const touched = new Map<Collection, Map<string, unknown>>();
      const draft = { ...doc } as unknown as Record<string, unknown>;
      const proxies = new Map<Collection, unknown>();
      for (const coll of COLLECTIONS) {
        const t = new Map<string, unknown>();
        touched.set(coll, t);
        const p = draftCollection((doc[coll] ?? {}) as Record<string, unknown>, t);
        proxies.set(coll, p);
        draft[coll] = p;
      }
      for (const k of Object.keys(doc)) if (!(COLLECTIONS as readonly string[]).includes(k)) draft[k] = structuredClone((doc as unknown as Record<string, unknown>)[k]);
      const result = fn(draft as unknown as MetastoreDocument);
      if (result instanceof Promise) throw new Error("mutateMeta callbacks must be synchronous");

      const line: JournalLine = { rev: doc.revision + 1, c: [], s: {} };
      for (const coll of COLLECTIONS) {
        const orig = (doc[coll] ?? {}) as Record<string, unknown>;
        const now = draft[coll];
        if (now !== proxies.get(coll)) {
          // the whole collection was reassigned: diff every key
          const next = (now ?? {}) as Record<string, unknown>;
          for (const k of new Set([...Object.keys(orig), ...Object.keys(next)])) {
            if (!hasOwn(next, k)) line.c.push([coll, k, null]);
            else if (JSON.stringify(next[k]) !== JSON.stringify(orig[k])) line.c.push([coll, k, JSON.parse(JSON.stringify(next[k]))]);
          }
          continue;
        }
        for (const [k, v] of touched.get(coll)!) {
          if (v === undefined) {
            if (hasOwn(orig, k)) line.c.push([coll, k, null]);
          } else if (!hasOwn(orig, k) || JSON.stringify(v) !== JSON.stringify(orig[k])) {
            line.c.push([coll, k, JSON.parse(JSON.stringify(v))]);
          }
        }
      }
      for (const k of Object.keys(draft)) {
        if ((COLLECTIONS as readonly string[]).includes(k) || k === "revision") continue;
        const before = JSON.stringify((doc as unknown as Record<string, unknown>)[k]);
        const after = JSON.stringify(draft[k]);
        if (before !== after) line.s[k] = after === undefined ? null : JSON.parse(after);
      }
      if (line.c.length === 0 && Object.keys(line.s).length === 0) return result;

      if (!c.journal || c.lines >= COMPACT_LINES) {
        this.writeBase(applyLine(doc, line));
        return result;
      }
      const jf = this.journalFile(c.journal);
      const fd = fs.openSync(jf, "r+");
      try {
        // drop a torn tail left by a writer killed mid-append (we hold the lock)
        if (fs.fstatSync(fd).size !== c.offset) fs.ftruncateSync(fd, c.offset);
        const bytes = Buffer.from(JSON.stringify(line) + "\n");
        fs.writeSync(fd, bytes, 0, bytes.length, c.offset);
        if (FSYNC) fs.fsyncSync(fd);
        c.offset += bytes.length;
        c.lines++;
        c.doc = applyLine(doc, line);
      } finally {
        fs.closeSync(fd);
      }
      return result;
    });
  }

  /** Publishes `doc` as a new base with a fresh, empty journal; removes the old journal. */
  private writeBase(doc: MetastoreDocument): void {
    const old = this.cache?.journal;
    const journal = randomUUID();
    fs.writeFileSync(this.journalFile(journal), "");
    replaceFileAtomic(this.file, JSON.stringify({ format: 2, journal, doc } satisfies BaseFile));
    this.cache = { baseId: identity(fs.statSync(this.file)), journal, offset: 0, lines: 0, doc };
    if (old) fs.rmSync(this.journalFile(old), { force: true });
  }
}
