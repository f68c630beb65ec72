/**
 * A Delta-like transaction log per table: `<tableDir>/_delta_log/<20-digit version>.json`, one JSON
 * action per line (commitInfo, protocol, metaData, add, remove) over immutable Parquet data files.
 * A writer claims version N with a put-if-absent (link), so concurrent writers across processes
 * serialise on the file system; the loser either rebases (blind appends) or fails with the
 * `DELTA_CONCURRENT_*` class Delta reports. Committed log files are immutable, so parsed commits are
 * cached per table and only versions newer than the cached ones are read.
 */
import * as fs from "fs";
import * as path from "path";
import { createFileExclusive } from "../metastore/atomicFile";
import type { EngineError } from "../errors/engineError";
import { engineError } from "../errors/coreErrors";
import type { DataSourceFormat } from "../metastore/model";

/** One column of a table schema, with the Spark type as Databricks prints it. */
export interface DeltaField {
  name: string;
  type: string;
  nullable: boolean;
  comment: string | null;
}

/** The table metadata Delta keeps in its log (`metaData` action). */
export interface DeltaMetadata {
  /** Delta table id (differs from the source's after a clone). */
  id: string;
  format: DataSourceFormat;
  schema: DeltaField[];
  partitionColumns: string[];
  /** TBLPROPERTIES. */
  properties: Record<string, string>;
  createdTime: number;
}

/** A data file of the table (`add` action). `path` is relative to the table directory. */
export interface AddFile {
  path: string;
  size: number;
  rows: number;
  modificationTime: number;
  dataChange: boolean;
  /** Columns physically present in the file (older files lack columns added later). */
  columns: string[];
}

export interface RemoveFile {
  path: string;
  size: number;
  rows: number;
  deletionTimestamp: number;
  dataChange: boolean;
}

/** The `remove` action retiring live file `f` at `deletionTimestamp`. */
export function removeAction(f: AddFile, deletionTimestamp: number, dataChange = true): RemoveFile {
  return { path: f.path, size: f.size, rows: f.rows, deletionTimestamp, dataChange };
}

/** `commitInfo`, the row DESCRIBE HISTORY shows for this version. */
export interface CommitInfo {
  timestamp: number;
  userId: string;
  userName: string;
  operation: string;
  operationParameters: Record<string, string>;
  operationMetrics: Record<string, string>;
  readVersion: number | null;
  isolationLevel: string;
  isBlindAppend: boolean;
  engineInfo: string;
  userMetadata: string | null;
}

export interface Commit {
  version: number;
  commitInfo: CommitInfo;
  metaData?: DeltaMetadata;
  protocol?: { minReaderVersion: number; minWriterVersion: number };
  add: AddFile[];
  remove: RemoveFile[];
}

/** The table as of one version. */
export interface Snapshot {
  version: number;
  timestamp: number;
  metadata: DeltaMetadata;
  protocol: { minReaderVersion: number; minWriterVersion: number };
  /** Live files keyed by path. */
  files: Map<string, AddFile>;
  /** Timestamp of the first commit (DESCRIBE DETAIL createdAt). */
  createdAt: number;
}

export const ENGINE_INFO = "uc-local/0.1 (DuckDB 1.5)";

/**
 * Test hook: UC_LOCAL_COMMIT_DELAY_MS pauses a writer between reading its snapshot and claiming
 * its version, so tests can make concurrent writers (also in other processes) overlap for sure.
 */
function commitDelay(): void {
  const ms = Number(process.env.UC_LOCAL_COMMIT_DELAY_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function versionFile(dir: string, v: number): string {
  return path.join(dir, "_delta_log", `${String(v).padStart(20, "0")}.json`);
}

function serialize(c: Commit): string {
  const lines: string[] = [JSON.stringify({ commitInfo: c.commitInfo })];
  if (c.protocol) lines.push(JSON.stringify({ protocol: c.protocol }));
  if (c.metaData) lines.push(JSON.stringify({ metaData: c.metaData }));
  for (const r of c.remove) lines.push(JSON.stringify({ remove: r }));
  for (const a of c.add) lines.push(JSON.stringify({ add: a }));
  return lines.join("\n") + "\n";
}

function parse(version: number, text: string): Commit {
  const c: Commit = { version, commitInfo: undefined as unknown as CommitInfo, add: [], remove: [] };
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    if (a.commitInfo) c.commitInfo = a.commitInfo;
    else if (a.protocol) c.protocol = a.protocol;
    else if (a.metaData) c.metaData = a.metaData;
    else if (a.add) c.add.push(a.add);
    else if (a.remove) c.remove.push(a.remove);
  }
  return c;
}

function applyCommit(prev: Snapshot | undefined, c: Commit): Snapshot {
  const files = new Map(prev?.files ?? []);
  for (const r of c.remove) files.delete(r.path);
  for (const a of c.add) files.set(a.path, a);
  const metadata = c.metaData ?? prev?.metadata;
  if (!metadata) throw new Error(`Delta log version ${c.version} has no metaData and no predecessor`);
  return {
    version: c.version,
    timestamp: c.commitInfo.timestamp,
    metadata,
    protocol: c.protocol ?? prev?.protocol ?? { minReaderVersion: 1, minWriterVersion: 2 },
    files,
    createdAt: prev?.createdAt ?? c.commitInfo.timestamp,
  };
}

function concurrencyError(errorClass: string, text: string, winner: Commit): EngineError {
  const ci = winner.commitInfo;
  const conflicting = JSON.stringify({ version: winner.version, timestamp: new Date(ci.timestamp).toISOString(), userName: ci.userName, operation: ci.operation, operationParameters: ci.operationParameters });
  const body = `${text} Please try the operation again.\nConflicting commit: ${conflicting}\nRefer to https://docs.databricks.com/delta/concurrency-control.html for more details.`;
  return engineError(errorClass, body, "2D521");
}

/** What a writer intends to commit on top of the snapshot it read. */
export interface Transaction {
  readVersion: number | null;
  /** Appends that read nothing of the table may be rebased onto concurrent commits. */
  blindAppend: boolean;
  /** Files the operation read (a concurrent removal of one of them is a conflict). */
  readFiles: ReadonlySet<string>;
  /** Compaction (OPTIMIZE) does not conflict with concurrent appends. */
  allowConcurrentAppends?: boolean;
  commitInfo: Omit<CommitInfo, "readVersion" | "isBlindAppend" | "timestamp" | "engineInfo" | "userMetadata" | "isolationLevel"> & { isolationLevel?: string };
  metaData?: DeltaMetadata;
  protocol?: Commit["protocol"];
  add: AddFile[];
  remove: RemoveFile[];
}

/** The log of one table directory; obtain with `TableLog.of(dir)` (shared per process). */
export class TableLog {
  private static readonly all = new Map<string, TableLog>();
  private commits: Commit[] = [];
  private latestSnap: Snapshot | undefined;
  private loaded = false;

  private constructor(readonly dir: string) {}

  static of(dir: string): TableLog {
    const key = path.resolve(dir);
    let log = TableLog.all.get(key);
    if (!log) {
      log = new TableLog(key);
      TableLog.all.set(key, log);
    }
    return log;
  }

  /** Forgets cached state (the table directory was deleted). */
  static forget(dir: string): void {
    TableLog.all.delete(path.resolve(dir));
  }

  /** Reads versions committed since the last look (one failed open when nothing changed). */
  refresh(): void {
    if (!this.loaded) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(path.join(this.dir, "_delta_log"));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      const versions = names.filter((n) => /^\d{20}\.json$/.test(n)).map((n) => Number(n.slice(0, 20))).sort((a, b) => a - b);
      for (const v of versions) {
        if (v !== this.commits.length) break;
        this.append(parse(v, fs.readFileSync(versionFile(this.dir, v), "utf8")));
      }
      this.loaded = true;
    }
    for (;;) {
      const v = this.commits.length;
      let text: string;
      try {
        text = fs.readFileSync(versionFile(this.dir, v), "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
      this.append(parse(v, text));
    }
  }

  private append(c: Commit): void {
    this.commits.push(c);
    this.latestSnap = applyCommit(this.latestSnap, c);
  }

  /** True when the table has at least one committed version. */
  exists(): boolean {
    this.refresh();
    return this.commits.length > 0;
  }

  /** All commits, oldest first (refreshed). */
  history(): readonly Commit[] {
    this.refresh();
    return this.commits;
  }

  /** The latest snapshot; throws when the log is empty. */
  latest(): Snapshot {
    this.refresh();
    if (!this.latestSnap) throw new Error(`No Delta log at ${this.dir}`);
    return this.latestSnap;
  }

  /** The last version committed at or before `timestamp` (0 when none; callers validate the range first). */
  versionAsOf(timestamp: number): number {
    let v = 0;
    for (const c of this.history()) if (c.commitInfo.timestamp <= timestamp) v = c.version;
    return v;
  }

  /** The snapshot as of `version` (callers validate the range first). */
  at(version: number): Snapshot {
    const latest = this.latest();
    if (version === latest.version) return latest;
    let snap: Snapshot | undefined;
    for (const c of this.commits.slice(0, version + 1)) snap = applyCommit(snap, c);
    return snap!;
  }

  /** Commits `tx`, rebasing blind appends past concurrent commits. Returns the new version. */
  commit(tx: Transaction): Commit {
    let readVersion = tx.readVersion;
    let attempt = readVersion === null ? 0 : readVersion + 1;
    fs.mkdirSync(path.join(this.dir, "_delta_log"), { recursive: true });
    commitDelay();
    for (;;) {
      const commit: Commit = {
        version: attempt,
        commitInfo: {
          timestamp: Date.now(),
          userId: tx.commitInfo.userId,
          userName: tx.commitInfo.userName,
          operation: tx.commitInfo.operation,
          operationParameters: tx.commitInfo.operationParameters,
          operationMetrics: tx.commitInfo.operationMetrics,
          readVersion,
          isolationLevel: tx.commitInfo.isolationLevel ?? "WriteSerializable",
          isBlindAppend: tx.blindAppend,
          engineInfo: ENGINE_INFO,
          userMetadata: null,
        },
        metaData: tx.metaData,
        protocol: tx.protocol,
        add: tx.add,
        remove: tx.remove,
      };
      // Timestamps must grow with versions (time travel by timestamp relies on it).
      const prevTs = this.commits[attempt - 1]?.commitInfo.timestamp;
      if (prevTs !== undefined && commit.commitInfo.timestamp <= prevTs) commit.commitInfo.timestamp = prevTs + 1;
      if (createFileExclusive(versionFile(this.dir, attempt), serialize(commit))) {
        this.refresh();
        return this.commits[attempt] ?? commit;
      }
      this.refresh();
      if (readVersion === null) {
        throw engineError("DELTA_TABLE_ALREADY_EXISTS", `Table ${this.dir} already exists.`, "42P07");
      }
      for (const w of this.commits.slice(attempt)) this.checkConflict(tx, w);
      readVersion = this.commits.length - 1;
      attempt = this.commits.length;
    }
  }

  private checkConflict(tx: Transaction, winner: Commit): void {
    const ourRemoves = new Set(tx.remove.map((r) => r.path));
    for (const r of winner.remove) {
      if (ourRemoves.has(r.path)) {
        throw concurrencyError("DELTA_CONCURRENT_DELETE_DELETE", `ConcurrentDeleteDeleteException: This transaction attempted to delete one or more files that were deleted (for example ${r.path}) by a concurrent update.`, winner);
      }
      if (tx.readFiles.has(r.path)) {
        throw concurrencyError("DELTA_CONCURRENT_DELETE_READ", `ConcurrentDeleteReadException: This transaction attempted to read one or more files that were deleted (for example ${r.path}) by a concurrent update.`, winner);
      }
    }
    if (winner.metaData || winner.protocol) {
      throw concurrencyError("DELTA_METADATA_CHANGED", "MetadataChangedException: The metadata of the Delta table has been changed by a concurrent update.", winner);
    }
    if (!tx.blindAppend && !tx.allowConcurrentAppends && winner.add.some((a) => a.dataChange)) {
      throw concurrencyError("DELTA_CONCURRENT_APPEND", "ConcurrentAppendException: Files were added to the root of the table by a concurrent update.", winner);
    }
  }
}
