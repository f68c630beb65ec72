/**
 * The statement log of a local workspace: one JSON line per statement, appended by every process
 * that uses the directory (tests count round trips, including the provider plugin's).
 */
import * as fs from "fs";
import * as path from "path";

export const STATEMENT_LOG_FILE = "statements.log";

/** One executed statement. */
export interface StatementLogEntry {
  /** ISO time the statement started. */
  time: string;
  pid: number;
  statement: string;
  /** Wall time including injected latency and slot waits. */
  ms: number;
  /** Error class when it failed, else null. */
  errorClass: string | null;
}

export function appendStatementLog(root: string, e: StatementLogEntry): void {
  // One write(2) with O_APPEND per line keeps lines from different processes whole.
  fs.appendFileSync(path.join(root, STATEMENT_LOG_FILE), JSON.stringify(e) + "\n");
}

/** Every statement logged in the workspace directory `dir`, oldest first (torn last lines skipped). */
export function readStatementLog(dir: string): StatementLogEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, STATEMENT_LOG_FILE), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: StatementLogEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as StatementLogEntry);
    } catch {
      /* a line being written right now */
    }
  }
  return out;
}

/** Empties the statement log (e.g. between phases of a test). */
export function clearStatementLog(dir: string): void {
  fs.rmSync(path.join(dir, STATEMENT_LOG_FILE), { force: true });
}
