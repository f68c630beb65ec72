/**
 * Which files of a managed volume to copy, leave or remove so the destination follows the source, by
 * size and modification time (pure; the handler does the I/O):
 * - a source file is in sync when the destination has a file at the same path with the same size and a
 *   modification time no older than the source's (a copy is written after the source file it copies;
 *   GUESS: source and destination storage clocks agree within the time between two runs);
 * - a source file not in sync is copied when the destination has no file there, or when the file there is
 *   one this stack wrote (`copied`); a file someone else put there is never overwritten: it is a conflict,
 *   reported and left as it is (fail closed: an adopted volume's own files are never lost);
 * - a destination file with no source counterpart is removed only when this stack wrote it.
 */
import { createHash } from "crypto";
import type { VolumeFile } from "../../warehouse/volumeFiles";

export interface FileSyncPlan {
  /** Source files to copy (new, changed, or a copy of ours that drifted). */
  copy: VolumeFile[];
  /** Paths in the destination that this stack did not write and that differ from the source: left alone. */
  conflicts: string[];
  /** Paths this stack wrote whose source file is gone: removed. */
  remove: string[];
  /** Source files already in sync. */
  inSync: number;
}

/** Same path, same size, and the destination file is not older than the source file. */
export function fileInSync(source: VolumeFile, destination: VolumeFile | undefined): boolean {
  return destination !== undefined && destination.size === source.size && destination.modifiedMs >= source.modifiedMs;
}

/** The sync decision for one volume. `copied`: paths this stack wrote into the destination (recorded in its state). */
export function planFileSync(source: readonly VolumeFile[], destination: readonly VolumeFile[], copied: ReadonlySet<string>): FileSyncPlan {
  const dest = new Map(destination.map((f) => [f.path, f]));
  const inSource = new Set(source.map((f) => f.path));
  const plan: FileSyncPlan = { copy: [], conflicts: [], remove: [], inSync: 0 };
  for (const s of [...source].sort(byPath)) {
    const d = dest.get(s.path);
    if (fileInSync(s, d)) plan.inSync++;
    else if (d === undefined || copied.has(s.path)) plan.copy.push(s);
    else plan.conflicts.push(s.path);
  }
  for (const d of [...destination].sort(byPath)) {
    if (!inSource.has(d.path) && copied.has(d.path)) plan.remove.push(d.path);
  }
  return plan;
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

function byPath(a: VolumeFile, b: VolumeFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
