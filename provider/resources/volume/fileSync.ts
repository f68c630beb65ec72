/**
 * Which files of a managed volume to copy, leave or remove so the destination follows the source, by
 * size and modification time (pure; the handler does the I/O):
 * - a source file is in sync when the destination has a file at the same path with the same size and a
 *   modification time no older than the source's (a copy is written after the source file it copies;
 *   GUESS: source and destination storage clocks agree within the time between two runs);
 * - a file is this stack's while it is recorded as written by this stack (`copied`) AND still has the size
 *   and modification time recorded right after the write; a recorded file whose size or time changed was
 *   edited by someone else since: a conflict, like a file someone else put there;
 * - a source file not in sync is copied when the destination has no file there, or when the file there is
 *   still this stack's; a conflict is never overwritten: reported and left as it is (fail closed: an
 *   adopted volume's own files and a user's edits are never lost);
 * - a destination file with no source counterpart is removed only when it is still this stack's.
 */
import { createHash } from "crypto";
import type { VolumeFile } from "../../warehouse/volumeFiles";
import type { CopiedFile } from "./inputs";

export interface FileSyncPlan {
  /** Source files to copy (new, changed, or a copy of ours that drifted). */
  copy: VolumeFile[];
  /** Destination paths left alone: they differ from the source but were not written by this stack, or were changed since it wrote them. */
  conflicts: string[];
  /** Source files the destination still does not hold in sync after the plan (the conflicts among them). */
  outOfDate: number;
  /** Paths this stack wrote (unchanged since) whose source file is gone: removed. */
  remove: string[];
  /** Source files already in sync. */
  inSync: number;
}

/** Same path, same size, and the destination file is not older than the source file. */
export function fileInSync(source: VolumeFile, destination: VolumeFile | undefined): boolean {
  return destination !== undefined && destination.size === source.size && destination.modifiedMs >= source.modifiedMs;
}

/**
 * Whether a destination file is still the one this stack wrote: recorded, and with the recorded size and
 * modification time. An unconfirmed record (no size/time: the write's answer was lost) counts as this
 * stack's until the next sync confirms it.
 */
export function stillWrittenByStack(file: VolumeFile, record: CopiedFile | undefined): boolean {
  if (record === undefined) return false;
  if (record.size === undefined || record.modifiedMs === undefined) return true;
  return file.size === record.size && file.modifiedMs === record.modifiedMs;
}

/** The sync decision for one volume. `copied`: the files this stack wrote into the destination (recorded in its state). */
export function planFileSync(source: readonly VolumeFile[], destination: readonly VolumeFile[], copied: readonly CopiedFile[]): FileSyncPlan {
  const dest = new Map(destination.map((f) => [f.path, f]));
  const ours = new Map(copied.map((c) => [c.path, c]));
  const inSource = new Set(source.map((f) => f.path));
  const plan: FileSyncPlan = { copy: [], conflicts: [], outOfDate: 0, remove: [], inSync: 0 };
  for (const s of [...source].sort(byPath)) {
    const d = dest.get(s.path);
    const changedByOthers = d !== undefined && ours.has(s.path) && !stillWrittenByStack(d, ours.get(s.path));
    if (fileInSync(s, d)) {
      plan.inSync++;
      if (changedByOthers) plan.conflicts.push(s.path);
    } else if (d === undefined || (ours.has(s.path) && !changedByOthers)) plan.copy.push(s);
    else {
      plan.conflicts.push(s.path);
      plan.outOfDate++;
    }
  }
  for (const d of [...destination].sort(byPath)) {
    if (inSource.has(d.path) || !ours.has(d.path)) continue;
    if (stillWrittenByStack(d, ours.get(d.path))) plan.remove.push(d.path);
    else plan.conflicts.push(d.path);
  }
  plan.conflicts.sort();
  return plan;
}

/**
 * The records after a sync: every record of `copied` (plus `written`, the paths written this run), with
 * the size and time the destination `listing` shows for the paths written this run and for unconfirmed
 * records (a recorded file changed by someone else keeps its old stamp: it stays a conflict).
 */
export function recordCopied(copied: readonly CopiedFile[], written: Iterable<string>, removed: Iterable<string>, listing: readonly VolumeFile[] | undefined): CopiedFile[] {
  const records = new Map(copied.map((c) => [c.path, c]));
  const stamp = new Set<string>();
  for (const p of written) {
    records.set(p, { path: p });
    stamp.add(p);
  }
  for (const p of removed) records.delete(p);
  for (const c of records.values()) if (c.size === undefined || c.modifiedMs === undefined) stamp.add(c.path);
  for (const f of listing ?? []) if (stamp.has(f.path) && records.has(f.path)) records.set(f.path, { path: f.path, size: f.size, modifiedMs: f.modifiedMs });
  return [...records.values()].sort(byPath);
}

/**
 * How many source files the destination does not hold in sync, without knowing which files this stack
 * wrote: what discovery can tell at program time (preview shows it), and what the handler records after a
 * sync (the conflicts it left), so an up with nothing to copy plans no update.
 */
export function filesOutOfDate(source: readonly VolumeFile[], destination: readonly VolumeFile[]): number {
  const dest = new Map(destination.map((f) => [f.path, f]));
  return source.filter((s) => !fileInSync(s, dest.get(s.path))).length;
}

/** A fingerprint of a listing: count, bytes, and a digest over every path, size and modification time. */
export function filesFingerprint(files: readonly VolumeFile[]): { files: number; bytes: number; digest: string } {
  const h = createHash("sha256");
  for (const f of [...files].sort(byPath)) h.update(`${f.path}\t${f.size}\t${f.modifiedMs}\n`);
  return { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), digest: h.digest("hex").slice(0, 32) };
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
