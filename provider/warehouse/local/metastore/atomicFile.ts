/**
 * Crash-safe file publication. A file is written under a temp name in the same directory, flushed,
 * then moved into place with rename (replace) or link (claim a name that must not exist yet), so a
 * process killed at any point leaves either the old state or the new one, never a torn file.
 * Temp names start with `.tmp-` so readers and VACUUM can recognise and ignore/clean them.
 */
import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";

/** Prefix of in-flight temp files; anything with it is ignored by readers. */
export const TEMP_PREFIX = ".tmp-";

/** Whether files are fsync'ed before publication (UC_LOCAL_FSYNC=0 turns it off for benchmarks of logic, not disks). */
const FSYNC = process.env.UC_LOCAL_FSYNC !== "0";

function writeTemp(dir: string, data: string | Buffer): string {
  const tmp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomUUID()}`);
  const fd = fs.openSync(tmp, "wx");
  try {
    fs.writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    if (FSYNC) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

/** Replaces `file` atomically with `data` (write temp + fsync + rename). */
export function replaceFileAtomic(file: string, data: string | Buffer): void {
  const tmp = writeTemp(path.dirname(file), data);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Publishes `data` as `file` only if no file has that name yet. Returns false when another writer
 * already claimed it (the Delta "put if absent" used to claim a commit version).
 */
export function createFileExclusive(file: string, data: string | Buffer): boolean {
  const tmp = writeTemp(path.dirname(file), data);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The pid a temp name records (`.tmp-<pid>-...`), or undefined. */
export function tempOwner(name: string): number | undefined {
  const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** When a temp left by an interrupted write may be removed (see isStaleTemp). */
export interface TempPolicy {
  /** A temp whose owner process is dead is removed once untouched this long (default 60 s). */
  deadOwnerGraceMs?: number;
  /** A temp untouched this long is removed whatever its pid says (pids are reused; default 24 h). */
  abandonedMs?: number;
}

export const DEAD_OWNER_GRACE_MS = 60_000;
export const ABANDONED_TEMP_MS = 24 * 3600_000;

/**
 * Whether no live process can still be writing the temp `name` last modified at `mtimeMs`: its owner
 * pid is dead and it has been untouched for the grace period (the grace covers a writer whose pid this
 * host cannot see, e.g. another container: a live copy keeps touching its file), or it has been
 * untouched for a day (a dead writer's pid may have been reused by a live process).
 */
export function isStaleTemp(name: string, mtimeMs: number, now = Date.now(), policy: TempPolicy = {}): boolean {
  const age = now - mtimeMs;
  if (age >= (policy.abandonedMs ?? ABANDONED_TEMP_MS)) return true;
  const pid = tempOwner(name);
  return pid !== undefined && age >= (policy.deadOwnerGraceMs ?? DEAD_OWNER_GRACE_MS) && !pidAlive(pid);
}

/**
 * Removes the temp files (or folders) in `dir` that writers killed mid-write left behind and no live
 * process can still be writing (isStaleTemp). A live writer's temps, this process's included, stay.
 * Returns how many were removed.
 */
export function cleanStaleTemps(dir: string, policy: TempPolicy = {}): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const now = Date.now();
  let removed = 0;
  for (const n of names) {
    if (!n.startsWith(TEMP_PREFIX)) continue;
    const p = path.join(dir, n);
    try {
      if (isStaleTemp(n, fs.lstatSync(p).mtimeMs, now, policy)) {
        fs.rmSync(p, { recursive: true, force: true });
        removed++;
      }
    } catch {
      /* raced with its owner or another cleaner */
    }
  }
  return removed;
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
