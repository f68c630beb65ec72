import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Who holds a stack's lock: the lock file's content. */
export interface LockHolder {
  /** `<project>/<stack>`. */
  stack: string;
  operation: string;
  pid: number;
  host: string;
  user: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /** Linux: the boot the holder ran in, and its process start time (clock ticks since boot), to tell pid reuse. */
  bootId?: string;
  pidStart?: string;
  /** Unique per acquisition: release removes only the lock it took. */
  token: string;
}

/** The update could not start: another one holds the stack's lock. */
export class StackLockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message);
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  return readOrUndefined("/proc/sys/kernel/random/boot_id")?.trim();
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or undefined where there is no /proc. */
function processStart(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is parenthesised and may contain spaces: count from the last ')'.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? String(process.getuid?.() ?? "unknown"); // no passwd entry (containers)
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/**
 * Whether the holder is certainly gone: on this host, and from an earlier boot, or its pid is not
 * running, or the pid now belongs to a process started at another time (reused). A holder on another
 * host cannot be checked and is never judged gone.
 */
export function holderGone(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return false;
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return true;
  if (!Number.isInteger(h.pid) || h.pid <= 0 || !pidAlive(h.pid)) return true;
  if (h.pidStart) {
    const start = processStart(h.pid);
    if (start !== undefined && start !== h.pidStart) return true;
  }
  return false;
}

/** Lock files held by this process, removed if it exits while holding them (process.exit from a signal handler). */
const held = new Map<string, string>();
let exitHookInstalled = false;

function releaseAllOnExit(): void {
  for (const [file, token] of held) releaseFile(file, token);
}

function releaseFile(file: string, token: string): void {
  const text = readOrUndefined(file);
  if (text === undefined) return;
  try {
    if ((JSON.parse(text) as LockHolder).token === token) fs.rmSync(file, { force: true });
  } catch {
    /* not ours to judge */
  }
}

/**
 * A per-stack lock as Pulumi backends hold one for up, refresh and destroy: the file `<state>.lock`,
 * created atomically (written in full to a temp file, then hard-linked to its name, which fails if it
 * exists). A second update of the stack fails at once naming the holder. A lock whose holder is gone
 * (killed, crashed; see {@link holderGone}) is broken: renamed away, and deleted only if what was
 * renamed is still that same stale lock, so two processes breaking it at once cannot remove a lock a
 * third one just took.
 */
export class StackLock {
  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {}

  /** The lock file of a state file. */
  static fileFor(statePath: string): string {
    return `${statePath}.lock`;
  }

  /**
   * Takes the lock of `stack` (`<project>/<stack>`) whose state is `statePath`, or throws
   * {@link StackLockedError}. `log` hears about stale locks broken.
   */
  static acquire(statePath: string, stack: string, operation: string, log: (line: string) => void): StackLock {
    const file = StackLock.fileFor(statePath);
    const holder: LockHolder = {
      stack,
      operation,
      pid: process.pid,
      host: os.hostname(),
      user: userName(),
      startedAt: new Date().toISOString(),
      bootId: bootId(),
      pidStart: processStart(process.pid),
      token: crypto.randomBytes(12).toString("hex"),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${holder.token}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(holder) + "\n");
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          fs.linkSync(tmp, file);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        const text = readOrUndefined(file);
        if (text === undefined) continue; // released meanwhile
        let other: LockHolder;
        try {
          other = JSON.parse(text) as LockHolder;
        } catch {
          // Lock files are linked complete, so this is not a holder mid-write: someone else's file.
          throw new Error(`[harness] ${file} is not a lock the harness wrote; remove it if no update of stack ${stack} is running`);
        }
        if (attempt >= 5 || !holderGone(other)) throw new StackLockedError(lockedMessage(stack, file, other), other);
        if (StackLock.breakStale(file, text)) {
          log(
            `[harness] broke the stale lock of stack ${stack}: ${other.operation} by pid ${other.pid} on ${other.host}, started ` +
              `${other.startedAt}, is no longer running`,
          );
        }
      }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    held.set(file, holder.token);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on("exit", releaseAllOnExit);
    }
    return new StackLock(file, holder);
  }

  /** Removes `file` if it still holds exactly `staleText`; true when this call removed it. */
  private static breakStale(file: string, staleText: string): boolean {
    const grave = `${file}.stale-${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
    try {
      fs.renameSync(file, grave);
    } catch {
      return false; // someone else broke it
    }
    if (readOrUndefined(grave) === staleText) {
      fs.rmSync(grave, { force: true });
      return true;
    }
    // A live lock was taken between our read and the rename: put it back (unless yet another exists).
    try {
      fs.linkSync(grave, file);
    } catch {
      /* a newer holder has the name */
    }
    fs.rmSync(grave, { force: true });
    return false;
  }

  /** Releases the lock (only if the file is still this acquisition's). */
  release(): void {
    releaseFile(this.file, this.holder.token);
    held.delete(this.file);
  }
}

function lockedMessage(stack: string, file: string, h: LockHolder): string {
  const sameHost = h.host === os.hostname();
  return (
    `[harness] the stack ${stack} is currently locked by another update: ${h.operation} by pid ${h.pid} on host ${h.host} ` +
    `(user ${h.user}), started ${h.startedAt}. Only one update of a stack may run at a time; wait for it to end. ` +
    (sameHost
      ? "The harness breaks the lock by itself once that process is gone."
      : `The harness cannot check a process on another host: if it is gone, delete ${file}.`)
  );
}
