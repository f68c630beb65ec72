/**
 * CREATE/REPLACE TABLE ... [SHALLOW|DEEP] CLONE (reference §1). DEEP copies the source version's data
 * files the target lacks (a re-clone of the same source copies only new files; target-side edits are
 * removed); SHALLOW references the source's files. Either way the target gets one new Delta version
 * with operation CLONE and the six-column metrics row is returned.
 */
import * as fs from "fs";
import * as path from "path";
import type { Row } from "../row";
import type { EngineContext } from "../engineContext";
import type { StatementCursor } from "../frontEnd/statementCursor";
import type { QualifiedName } from "../engineContext";
import type { TableEntry } from "../metastore/model";
import { VIEW_TYPES } from "../metastore/model";
import { TableLog, removeAction, type AddFile, type DeltaMetadata } from "../delta/deltaLog";
import { displayName, errors } from "../errors/coreErrors";
import { parseTemporal } from "../frontEnd/temporalClause";
import { assertFilesExist, dataFilePath, purgeTableDirs, totalSize } from "../delta/tableData";
import { newTableEntry, publishTable } from "./tablePublishing";
import { randomUUID } from "crypto";
import { TEMP_PREFIX } from "../metastore/atomicFile";
import { cleanTableTemps } from "../metastore/interruptedWrites";
import { refuseCloneOfProtected } from "../governance/policyRefusals";

export interface CloneRequest {
  target: QualifiedName;
  mode: "create" | "ifNotExists" | "createOrReplace" | "replace";
  shallow: boolean;
}


/**
 * Test hook: UC_LOCAL_COPY_DELAY_MS pauses each file copy between writing its temp and renaming it, so
 * a test can kill a process in the middle of a deep clone.
 */
async function copyDelay(): Promise<void> {
  const ms = Number(process.env.UC_LOCAL_COPY_DELAY_MS ?? 0);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/**
 * Copies files with bounded parallelism, each via temp + rename so a crash leaves no torn file (the
 * temps of a killed copy are removed later: interruptedWrites.ts). On failure, removes its own temps.
 */
async function copyFiles(jobs: { from: string; to: string }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++];
      const tmp = path.join(path.dirname(j.to), `${TEMP_PREFIX}${process.pid}-${randomUUID()}`);
      try {
        await fs.promises.copyFile(j.from, tmp);
        await copyDelay();
        await fs.promises.rename(tmp, j.to);
      } catch (e) {
        await fs.promises.rm(tmp, { force: true });
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, jobs.length) }, worker));
}

export async function runClone(core: EngineContext, c: StatementCursor, req: CloneRequest): Promise<Row[]> {
  const srcName = core.qualify(c.storedName());
  const temporal = parseTemporal(c);
  let overrides: Record<string, string> = {};
  let location: string | null = null;
  while (!c.atEnd()) {
    if (c.acceptWords("TBLPROPERTIES")) overrides = { ...overrides, ...c.propertyList() };
    else if (c.acceptWords("LOCATION")) location = c.string();
    else throw c.fail();
  }
  const kind = req.shallow ? "SHALLOW" : "DEEP";
  const src = core.resolveTable(srcName);
  const srcDisplay = `${srcName.catalog}.${srcName.schema}.${srcName.name}`;
  // GUESS (reference §1.6/§1.8): views, MVs and streaming tables are refused with DELTA_CLONE_UNSUPPORTED_SOURCE.
  if (VIEW_TYPES.has(src.entry.type) || src.entry.type === "FOREIGN") throw errors.cloneUnsupportedSource(`${kind} ${srcDisplay}`, src.entry.type);
  // Databricks refuses DEEP and SHALLOW CLONE of a source with a row filter or column mask (policyRefusals.ts).
  if (!src.shared) refuseCloneOfProtected(src.entry, srcDisplay);
  if (req.shallow && src.shared) throw errors.cloneUnsupportedSource(`SHALLOW ${srcDisplay}`, "DELTASHARING");
  if (req.shallow && src.entry.format && src.entry.format !== "DELTA") throw errors.cloneUnsupportedSource(`SHALLOW ${srcDisplay}`, src.entry.format);
  const snap = core.snapshotOf(src, temporal);
  const srcFiles = [...snap.files.values()];
  assertFilesExist(src.dir, srcFiles);

  const t = req.target;
  core.requireSchema(t.catalog, t.schema);
  const targetDisplay = displayName(t.catalog, t.schema, t.name);
  const existing = core.readMeta().tables[`${t.catalog}.${t.schema}.${t.name}`];
  if (existing) {
    if (req.mode === "ifNotExists") return []; // GUESS (reference §1.1): no metrics row when ignored
    if (req.mode === "create") throw errors.tableAlreadyExists(targetDisplay);
    if (VIEW_TYPES.has(existing.type)) throw errors.expectTableNotView(`${kind} CLONE`, targetDisplay);
    if (!src.shared && existing.id === src.entry.id) throw errors.cloneReplaceSameTable(targetDisplay);
  } else if (req.mode === "replace") {
    throw errors.cannotReplaceMissing(targetDisplay);
  }

  const entry: TableEntry = existing
    ? { ...existing, lastAltered: Date.now(), lastAlteredBy: core.currentUser }
    : newTableEntry(core, t, "MANAGED", "DELTA");
  entry.type = req.shallow ? (location ? "EXTERNAL_SHALLOW_CLONE" : "MANAGED_SHALLOW_CLONE") : location ? "EXTERNAL" : "MANAGED";
  entry.format = "DELTA";
  entry.location = location;
  entry.viewDefinition = null;
  entry.viewColumns = null;
  const dir = core.tableDirOf(entry);
  fs.mkdirSync(dir, { recursive: true });
  // an earlier clone into this table killed mid-copy left temps behind: remove those of dead writers
  if (existing) cleanTableTemps(dir);
  const log = TableLog.of(dir);
  const prev = existing && log.exists() ? log.latest() : undefined;
  const prevFiles = prev ? [...prev.files.values()] : [];
  const prevByAbs = new Map(prevFiles.map((f) => [dataFilePath(dir, f), f]));

  const add: AddFile[] = [];
  const copies: { from: string; to: string }[] = [];
  let copiedBytes = 0;
  const keep = new Set<string>();
  for (const f of srcFiles) {
    const abs = dataFilePath(src.dir, f);
    if (req.shallow) {
      keep.add(abs);
      const rel = path.relative(dir, abs);
      add.push({ ...f, path: rel, dataChange: true });
      continue;
    }
    const name = path.basename(f.path);
    const dest = path.join(dir, name);
    keep.add(dest);
    const already = prevByAbs.get(dest);
    if (already && already.size === f.size) {
      add.push({ ...f, path: name, dataChange: true });
      continue;
    }
    let present = false;
    try {
      present = fs.statSync(dest).size === f.size;
    } catch {
      present = false;
    }
    if (!present) {
      copies.push({ from: abs, to: dest });
      copiedBytes += f.size;
    }
    add.push({ ...f, path: name, dataChange: true });
  }
  try {
    await copyFiles(copies);
  } catch (e) {
    // a new table's folder holds nothing but this clone's copies: do not leave them behind
    if (!existing) purgeTableDirs([dir]);
    throw e;
  }
  core.noteCopiedBytes(copiedBytes);

  // Files of the previous target version that the new version keeps are not re-added nor removed.
  const keptPaths = new Set<string>();
  const finalAdd: AddFile[] = [];
  for (const a of add) {
    const abs = dataFilePath(dir, a);
    const p = prevByAbs.get(abs);
    if (p && p.size === a.size) keptPaths.add(p.path);
    else finalAdd.push(a);
  }
  const removed = prevFiles.filter((f) => !keptPaths.has(f.path));
  const now = Date.now();
  const meta: DeltaMetadata = {
    id: prev?.metadata.id ?? randomUUID(),
    format: "DELTA",
    schema: snap.metadata.schema.map((f) => ({ ...f })),
    partitionColumns: [...snap.metadata.partitionColumns],
    properties: { ...snap.metadata.properties, ...overrides },
    createdTime: prev?.metadata.createdTime ?? now,
  };
  const sourceSize = totalSize(srcFiles);
  const removedSize = totalSize(removed);
  const metrics = {
    source_table_size: sourceSize,
    source_num_of_files: srcFiles.length,
    num_removed_files: removed.length,
    num_copied_files: req.shallow ? 0 : copies.length,
    removed_files_size: removedSize,
    copied_files_size: req.shallow ? 0 : copiedBytes,
  };
  log.commit({
    readVersion: prev ? prev.version : null,
    blindAppend: false,
    readFiles: new Set(prevFiles.map((f) => f.path)),
    commitInfo: {
      userId: core.currentUser,
      userName: core.currentUser,
      operation: "CLONE",
      isolationLevel: "Serializable",
      // GUESS (reference §1.3): isShallow is reported by Databricks but not documented.
      operationParameters: { source: srcDisplay, sourceVersion: String(snap.version), isShallow: String(req.shallow) },
      operationMetrics: {
        sourceTableSize: String(metrics.source_table_size),
        sourceNumOfFiles: String(metrics.source_num_of_files),
        numRemovedFiles: String(metrics.num_removed_files),
        numCopiedFiles: String(metrics.num_copied_files),
        removedFilesSize: String(metrics.removed_files_size),
        copiedFilesSize: String(metrics.copied_files_size),
      },
    },
    protocol: prev ? undefined : { minReaderVersion: 1, minWriterVersion: 2 },
    metaData: meta,
    add: finalAdd,
    remove: removed.map((f) => removeAction(f, now)),
  });
  const ok = await publishTable(core, entry, prev || existing ? "replace" : "create").catch((e) => {
    if (!existing) purgeTableDirs([dir]);
    throw e;
  });
  if (!ok && !existing) purgeTableDirs([dir]);
  return [metrics];
}
