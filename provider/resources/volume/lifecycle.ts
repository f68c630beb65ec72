/**
 * Lifecycle of a cloned volume (declared to the resource kit in handler.ts). Volumes cannot be cloned:
 * the volume is created (its CREATE VOLUME carries this stack's marker, a token in its COMMENT, DESIGN
 * §4.9) and, when MANAGED, its files are copied through the file-copy port (warehouse/volumeFiles.ts).
 * - An existing unmarked destination volume is adopted: never dropped. Files it holds are never written
 *   or deleted (fileSync.ts: a differing file there is a conflict, reported, left as it is), so destroy
 *   "restores" it by removing only the files this stack added; there is nothing else to put back.
 * - Each file this stack writes is recorded with the size and modification time listed right after the
 *   write; one whose size or time changed since was edited by someone: never overwritten or deleted
 *   (a conflict, listed). GUESS: a storage's modification time changes on every write (it does locally and
 *   for the Files API's last-modified); an edit in the instant between our write and our listing is missed.
 * - schemaOnly (the clone's "structure, no rows"): the managed volume is created empty; no source file is
 *   read or copied, and copies this stack made before (unchanged since) are removed, like files gone from
 *   the source.
 * - Another stack's volume (its token names another stack) is refused before any write.
 * - Delete drops a volume this stack created whose marker still names it, and only when it holds nothing
 *   but files this stack wrote (DESIGN §4.8: never cascade over others' objects); otherwise it stays.
 * - EXTERNAL volumes are created at their mapped location; their files are not copied (the location is
 *   storage managed outside this stack) and DROP VOLUME leaves an external volume's files in place.
 */
import { createVolume as createVolumeSql, dropVolume, findVolume, type VolumeLookupRow } from "../../sql/volume";
import { displayName, type ObjectName } from "../../sql/objectName";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { volumePath, volumeRoot, type VolumeFiles } from "../../warehouse/volumeFiles";
import { executeIdempotent, mayHaveRun, mayStillBeRunning, outcomeUnknown } from "../idempotentWrite";
import { commentWithToken, creationTokenOwner, outputsForExisting, ownershipOf, type Held } from "../ownership";
import { PartialStateError } from "../partialState";
import { processRuntime } from "../runtime";
import type { ConnectionRef } from "../connectionRef";
import { filesFingerprint, planFileSync, recordCopied, stillWrittenByStack } from "./fileSync";
import type { CopiedFile, VolumeInputs, VolumeOutputs } from "./inputs";

/** Error classes saying a file is not there (Files API, local engine). */
const FILE_NOT_FOUND = ["NOT_FOUND", "RESOURCE_DOES_NOT_EXIST", "HTTP_404"];

/** The destination volume as the metastore shows it; undefined when it does not exist. */
async function lookVolume(wh: Warehouse, name: ObjectName): Promise<VolumeLookupRow | undefined> {
  return ((await wh.execute(findVolume(name))) as unknown as VolumeLookupRow[])[0];
}

function filesOf(inputs: VolumeInputs): Promise<VolumeFiles> {
  return processRuntime().volumeFilesFor(inputs.connection as ConnectionRef | undefined);
}

/** Outputs before any file work: the inputs, how the volume is held, nothing copied this run. */
function baseOutputs(inputs: VolumeInputs, held: Held, copiedFiles: readonly CopiedFile[]): VolumeOutputs {
  return {
    ...inputs,
    ...held,
    copiedFiles: [...copiedFiles],
    conflicts: [],
    runCopiedFiles: 0,
    runCopiedBytes: 0,
    runRemovedFiles: 0,
    ranAt: new Date().toISOString(),
  };
}

/** Deletes a file; one already gone is fine (a re-run after a lost answer). */
async function deleteFile(files: VolumeFiles, path: string): Promise<void> {
  try {
    await files.delete(path);
  } catch (err) {
    if (!hasErrorClass(err, ...FILE_NOT_FOUND)) throw err;
  }
}

/**
 * Copies new and changed source files, removes this stack's copies of files gone from the source, and
 * leaves every other destination file alone (fileSync.ts); then lists the destination once more to record
 * the size and time of what it wrote. A failure part-way records what was copied so far (partial state):
 * the next up finishes, and destroy knows which files are this stack's. Under schemaOnly the source is not
 * even listed: it counts as empty, so nothing is copied and only this stack's unchanged copies go.
 */
async function syncFiles(outs: VolumeOutputs): Promise<VolumeOutputs> {
  const id = displayName(outs.destination);
  const files = await filesOf(outs);
  const sourceRoot = volumeRoot(outs.source);
  const destRoot = volumeRoot(outs.destination);
  const source = outs.schemaOnly ? [] : await files.listTree(sourceRoot);
  const destination = await files.listTree(destRoot);
  const plan = planFileSync(source, destination, outs.copiedFiles);
  const written: string[] = [];
  const removedPaths: string[] = [];
  let n = 0;
  let bytes = 0;
  let removed = 0;
  // Stamps what was written from a fresh listing; if that listing fails, the records stay unconfirmed (next sync stamps them).
  const records = async () => {
    const listing = written.length > 0 ? await files.listTree(destRoot).catch(() => undefined) : destination;
    return recordCopied(outs.copiedFiles, written, removedPaths, listing);
  };
  try {
    for (const f of plan.copy) {
      // Recorded as this stack's before the write: a write whose answer is lost may still have landed.
      written.push(f.path);
      await files.write(volumePath(destRoot, f.path), await files.read(volumePath(sourceRoot, f.path)));
      n++;
      bytes += f.size;
    }
    for (const p of plan.remove) {
      await deleteFile(files, volumePath(destRoot, p));
      removedPaths.push(p);
      removed++;
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialStateError(`Volume ${id}: copying files stopped after ${n} file(s): ${message}`, id, {
      ...outs,
      copiedFiles: await records(),
      runCopiedFiles: n,
      runCopiedBytes: bytes,
      runRemovedFiles: removed,
      unfinished: true,
      lastAction: `unfinished: ${n} of ${plan.copy.length} file(s) copied; the next pulumi up finishes it`,
    });
  }
  const left = plan.conflicts.length > 0 ? `, ${plan.conflicts.length} left as they are (not written by this stack, or changed since it wrote them)` : "";
  const copiedFiles = await records();
  if (outs.schemaOnly) {
    return { ...outs, copiedFiles, conflicts: plan.conflicts, runRemovedFiles: removed, lastAction: `${outs.lastAction}; schemaOnly: no file copied, ${removed} earlier copies removed${left}` };
  }
  return {
    ...outs,
    sourceFiles: filesFingerprint(source),
    // What discovery will count next time: the conflicts stay out of date, so they alone plan no update.
    destinationOutOfDate: plan.outOfDate,
    copiedFiles,
    conflicts: plan.conflicts,
    runCopiedFiles: n,
    runCopiedBytes: bytes,
    runRemovedFiles: removed,
    lastAction: `${outs.lastAction}; files: ${n} copied (${bytes} bytes), ${removed} removed, ${plan.inSync} already in sync${left}`,
  };
}

/** Creates (or adopts, or takes back) the destination volume, then copies a managed volume's files. */
export async function createVolume(wh: Warehouse, inputs: VolumeInputs, copiedBefore: readonly CopiedFile[] = []): Promise<VolumeOutputs> {
  const id = displayName(inputs.destination);
  let found = await lookVolume(wh, inputs.destination);
  if (inputs.retainedBecause) {
    if (!found) return baseOutputs(inputs, { adopted: false, createdByStack: false, lastAction: `not created (${inputs.retainedBecause})` }, []);
    const held = outputsForExisting(creationTokenOwner(found.comment), inputs.owner, "Volume", id);
    return baseOutputs(inputs, { ...held, lastAction: `kept as it is (${inputs.retainedBecause})` }, copiedBefore);
  }
  let held: Held | undefined;
  if (!found) {
    try {
      await wh.execute(
        createVolumeSql({
          name: inputs.destination,
          ifNotExists: false,
          location: inputs.volumeType === "EXTERNAL" ? inputs.location : undefined,
          comment: commentWithToken(inputs.comment, inputs.owner),
        }),
      );
      held = { adopted: false, createdByStack: true, lastAction: "created" };
    } catch (err) {
      // Someone created it after our look, or our CREATE ran although its answer was lost: its comment says whose it is.
      if (!mayHaveRun(err) && !hasErrorClass(err, "VOLUME_ALREADY_EXISTS", "RESOURCE_ALREADY_EXISTS")) throw err;
      if (mayStillBeRunning(err)) throw outcomeUnknown(`Volume ${id}: CREATE VOLUME`, err);
      found = await lookVolume(wh, inputs.destination);
      if (!found) throw err;
    }
  }
  if (found) {
    held = outputsForExisting(creationTokenOwner(found.comment), inputs.owner, "Volume", id);
    const type = String(found.volume_type).toUpperCase();
    if (type !== inputs.volumeType) {
      throw new Error(
        `Volume ${id} exists in the destination as ${type} but the source volume is ${inputs.volumeType}; nothing was written. ` +
          "Drop or rename the destination volume, or leave its schema out of the scope.",
      );
    }
  }
  const outs = baseOutputs(inputs, held!, copiedBefore);
  if (inputs.volumeType === "EXTERNAL") {
    const at = found?.storage_location && found.storage_location !== inputs.location ? ` (it stays at its own location ${found.storage_location})` : "";
    return { ...outs, lastAction: `${outs.lastAction}${at}; files are not copied into an external volume` };
  }
  return syncFiles(outs);
}

/** Refresh: a volume gone from the destination disappears from state (the next up creates it again). */
export async function readVolume(wh: Warehouse, props: VolumeOutputs): Promise<VolumeOutputs | undefined> {
  if (!props.createdByStack && !props.adopted) return props; // recorded only (retained, never created)
  return (await lookVolume(wh, props.destination)) ? props : undefined;
}

/** A changed source (files) or destination (files out of date): sync the files again. */
export async function updateVolume(wh: Warehouse, olds: VolumeOutputs, news: VolumeInputs): Promise<VolumeOutputs> {
  const wasRecordedOnly = !olds.createdByStack && !olds.adopted;
  if (olds.unfinished || (wasRecordedOnly && !news.retainedBecause)) return createVolume(wh, news, olds.copiedFiles);
  const held: Held = { adopted: olds.adopted, createdByStack: olds.createdByStack, lastAction: "unchanged" };
  const outs = baseOutputs(news, held, olds.copiedFiles);
  if (news.retainedBecause) return { ...outs, conflicts: olds.conflicts, lastAction: `kept as it is (${news.retainedBecause}); nothing written` };
  if (news.volumeType === "EXTERNAL") return { ...outs, lastAction: "unchanged (external volume: files are not copied)" };
  // Dropped out of band since: created again, and every file copied again.
  if (!(await lookVolume(wh, news.destination))) return createVolume(wh, news, []);
  return syncFiles({ ...outs, lastAction: news.schemaOnly ? "checked" : "files synced" });
}

/**
 * Destroy. A volume this stack created is dropped when its marker still names this stack and it holds
 * only files this stack wrote; an adopted one keeps everything it held before, and loses the files this
 * stack added. Returns what happened.
 */
export async function deleteVolume(wh: Warehouse, props: VolumeOutputs): Promise<string> {
  const id = displayName(props.destination);
  if (!props.createdByStack && !props.adopted) return `nothing to remove: volume ${id} was only recorded (${props.retainedBecause ?? "never created"})`;
  const found = await lookVolume(wh, props.destination);
  if (!found) return `already gone: volume ${id}`;
  const dest = volumeRoot(props.destination);
  const ours = new Map(props.copiedFiles.map((c) => [c.path, c]));
  if (!props.createdByStack) {
    if (props.volumeType !== "MANAGED" || props.copiedFiles.length === 0) return `left in place: volume ${id} was adopted, not created by this stack`;
    const files = await filesOf(props);
    const present = (await files.listTree(dest)).filter((f) => ours.has(f.path));
    const mine = present.filter((f) => stillWrittenByStack(f, ours.get(f.path)));
    const changed = present.filter((f) => !stillWrittenByStack(f, ours.get(f.path))).map((f) => f.path);
    for (const f of mine) await deleteFile(files, volumePath(dest, f.path));
    const kept = changed.length > 0 ? `; ${changed.length} it copied were changed since and are kept (${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", ..." : ""})` : "";
    return `left in place: volume ${id} was adopted; the ${mine.length} file(s) this stack copied into it were removed${kept}, the files it held before were never written`;
  }
  const owner = ownershipOf(creationTokenOwner(found.comment), props.owner);
  if (owner.kind !== "this") return `left in place: volume ${id} no longer carries this stack's marker (${owner.kind === "other" ? owner.owner : "none"})`;
  if (String(found.volume_type).toUpperCase() === "MANAGED") {
    const others = (await (await filesOf(props)).listTree(dest)).filter((f) => !stillWrittenByStack(f, ours.get(f.path)));
    if (others.length > 0) {
      return (
        `left in place: volume ${id} holds ${others.length} file(s) this stack did not write or that were changed since (${others.slice(0, 3).map((f) => f.path).join(", ")}` +
        `${others.length > 3 ? ", ..." : ""}); move or delete them, then drop the volume by hand`
      );
    }
  }
  await executeIdempotent(wh, dropVolume(props.destination, { ifExists: true }));
  return `dropped: volume ${id}`;
}
