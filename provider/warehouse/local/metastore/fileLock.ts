/**
 * Cross-process mutual exclusion with an exclusive-create lockfile holding the owner's pid. A lock
 * whose owner process is dead (e.g. SIGKILLed while holding it) is stale and broken by the next
 * waiter. Waiting is bounded; a timeout surfaces as a transient warehouse error.
 */
import * as fs from "fs";
import { pidAlive } from "./atomicFile";
import { EngineError } from "../errors/engineError";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the lockfile if absent (holding our pid); false when someone holds it. */
export function tryAcquire(file: string): boolean {
  try {
    const fd = fs.openSync(file, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  }
}

/** Breaks the lock at `file` if its owner is dead. Returns true when the lock was broken. */
export function breakIfStale(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return true; // vanished: released meanwhile
  }
  const pid = Number(text);
  if (text === "" ) {
    // owner died between create and write, or is writing right now: judge by age
    try {
      if (Date.now() - fs.statSync(file).mtimeMs < 2000) return false;
    } catch {
      return true;
    }
  } else if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) {
    return false;
  }
  // Rename first so two breakers cannot both delete a lock a third process just took.
  const grave = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, grave);
    const again = fs.readFileSync(grave, "utf8");
    if (again !== text) {
      // we grabbed a fresh lock by mistake: put it back if nobody took the name since
      try { fs.linkSync(grave, file); } catch { /* a new owner exists; theirs wins */ }
    }
    fs.rmSync(grave, { force: true });
  } catch {
    /* someone else broke it */
  }
  return true;
}

/**
 * Runs `fn` while holding the lock `file`. Waits up to `timeoutMs` (polling with backoff), breaking
 * stale locks of dead processes.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  // Holders in this process queue on a promise chain; the lockfile arbitrates between processes.
  const prev = inProcess.get(file) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  inProcess.set(file, chained);
  await prev;
  try {
    return await withFileLockAcrossProcesses(file, fn, timeoutMs);
  } finally {
    release();
    if (inProcess.get(file) === chained) inProcess.delete(file);
  }
}

const inProcess = new Map<string, Promise<void>>();

async function withFileLockAcrossProcesses<T>(file: string, fn: () => Promise<T> | T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    if (tryAcquire(file)) break;
    if (breakIfStale(file)) continue;
    if (Date.now() > deadline) {
      const msg = EngineError.format(
        "TEMPORARILY_UNAVAILABLE",
        `Timed out after ${timeoutMs} ms waiting for the lock ${file}.`,
        "08000",
      );
      throw new EngineError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: msg, sqlState: "08000" });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    try {
      if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  }
}
