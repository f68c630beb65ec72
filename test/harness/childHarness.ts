/**
 * Test support: the harness in a child process (as a user runs it, so a test can kill it), and the
 * processes a harness started, found by a marker variable in their environment.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { HarnessStackOptions } from "./harnessStack";
import type { Operation } from "./deployment";

/** The harness package's folder (tests run from the sources; the child runs the compiled harness in its dist/). */
const PACKAGE_DIR = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
/** The repository root, the children's working directory. */
const REPO_ROOT = path.resolve(PACKAGE_DIR, "..", "..");
/** The compiled harness the child runs; HARNESS_TEST_DIST names another build (e.g. an older one, to watch a test fail). */
const DIST_HARNESS = process.env.HARNESS_TEST_DIST ?? path.join(PACKAGE_DIR, "dist");

function requireBuilt(): void {
  if (!fs.existsSync(path.join(DIST_HARNESS, "harnessStack.js"))) throw new Error("these tests run the compiled harness: npm run build first");
}

/** A harness process: its log lines (stderr) as they come, its stdout, and its end. */
export interface HarnessChild {
  child: ChildProcess;
  lines: string[];
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function track(child: ChildProcess): HarnessChild {
  const lines: string[] = [];
  let out = "";
  let buffered = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stdout: () => out, exited };
}

/**
 * `new HarnessStack(options)[operation]()` in a child node process (compiled harness), its log on
 * stderr, the summary as JSON on stdout.
 */
export function harnessInChild(operation: Operation, options: Omit<HarnessStackOptions, "log">): HarnessChild {
  requireBuilt();
  const script = `
    const { HarnessStack } = require(${JSON.stringify(path.join(DIST_HARNESS, "harnessStack.js"))});
    const stack = new HarnessStack({ ...JSON.parse(process.argv[1]), log: (l) => process.stderr.write(l + "\\n") });
    stack[${JSON.stringify(operation)}]().then(
      (s) => process.stdout.write(JSON.stringify(s), () => process.exit(s.failed ? 1 : 0)),
      (e) => { process.stderr.write(String(e && e.stack || e) + "\\n"); process.exit(2); },
    );`;
  return track(spawn(process.execPath, ["-e", script, JSON.stringify(options)], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] }));
}

/** The harness CLI (`node test/harness/dist/cli.js <args>`) in a child process. */
export function harnessCli(args: string[], env: NodeJS.ProcessEnv = process.env): HarnessChild {
  requireBuilt();
  return track(spawn(process.execPath, [path.join(DIST_HARNESS, "cli.js"), ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] }));
}

/**
 * The harness CLI with its stdout into a real pipe, as in `node cli.js up ... | less` (node's own
 * child stdio is a socket pair, which buffers more). Its exit code comes last on stderr as `exit=<code>`.
 */
export function harnessCliPiped(args: string[]): HarnessChild {
  requireBuilt();
  const script = '{ "$0" "$@"; echo "exit=$?" >&2; } | cat';
  return track(spawn("sh", ["-c", script, process.execPath, path.join(DIST_HARNESS, "cli.js"), ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] }));
}

/** Live processes whose environment holds `HARNESS_TEST_MARKER=<marker>` (Linux /proc), with their command lines. */
export function markedProcesses(marker: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8");
      if (!environ.split("\0").includes(`HARNESS_TEST_MARKER=${marker}`)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue; // exited, not reaped yet
      out.push({ pid: Number(entry), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim() });
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

/** Kills (SIGKILL, by pid) what is left of the processes carrying `marker`: a failing test's cleanup. */
export function killMarked(marker: string): void {
  for (const p of markedProcesses(marker)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` every 25 ms until it holds (resolves true) or `timeoutMs` passes (false). */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}
