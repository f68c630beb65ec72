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

/** Removes temp files left behind by processes that died mid-write (older than `minAgeMs`). */
export function cleanStaleTemps(dir: string, minAgeMs = 60_000): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    if (!n.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(/^\.tmp-(\d+)-/.exec(n)?.[1]);
    const p = path.join(dir, n);
    try {
      const st = fs.statSync(p);
      // a live writer (this process included) may still be using it
      if (now - st.mtimeMs >= minAgeMs && !(pid && pidAlive(pid))) fs.rmSync(p, { force: true });
    } catch {
      /* raced with its owner */
    }
  }
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
