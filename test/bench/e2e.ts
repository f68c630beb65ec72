/**
 * The end-to-end bench (issue 13 "Bench output"): every operation of a stack of N small tables run as a
 * user runs it, through the harness CLI (`node test/harness/dist/cli.js <op> --stack … --cwd …`, a child
 * process) on the embedded engine: the real root program (examples/platform, ts-node) and the real
 * dynamic-provider plugin. Nothing runs in this process but the seeding and the measuring.
 *
 *   npm run build && node dist/test/bench/e2e.js           # N = 200 and 2000 (BENCH_E2E_TABLES=200,2000)
 *   BENCH_QUICK=1 node dist/test/bench/e2e.js              # smoke run: N = 10 and 40
 *
 * Per N: seed `prod` with N one-row tables in two schemas, then up-first, up-no-drift, (3 source tables
 * written) preview, up-drift-3, refresh, destroy. Prints JSON lines on stdout:
 *   {"scenario":"e2e","op",tables,wall_ms,statements,peak_rss_mb,program_rss_mb,plugin_rss_mb,harness_rss_mb}
 *     statements: lines the operation added to the workspace's statement log (program and plugin);
 *     peak_rss_mb: the larger peak resident set of the program and the plugin (the user's processes; the
 *     harness stands in for the Pulumi engine and is reported apart); null where the op runs neither.
 *   {"scenario":"e2e-growth","op",ratio}            wall(largest N) / wall(smallest N)
 *   {"scenario":"state-size","tables",bytes_per_table,…}   after up-first of the largest N (stateSize.ts)
 *   {"scenario":"drift-3-up","via":"e2e",tables,statements} and {"scenario":"first-up","via":"e2e",tables,statements_per_table}
 *     for the largest N.
 * Peak RSS: each process's VmHWM (/proc/<pid>/status, the kernel's high-water mark of its resident set),
 * sampled every 100 ms over the CLI's descendants; a process's last sample is at most 100 ms old when it
 * exits, and VmHWM only grows, so a peak is missed only if it is reached in those last 100 ms.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse, readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { measureState } from "./stateSize";
import { runPool } from "./runPool";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "test/harness/dist/cli.js");

/** The table counts measured, smallest first. */
export function e2eSizes(env: NodeJS.ProcessEnv = process.env): number[] {
  const raw = env.BENCH_E2E_TABLES ?? (env.BENCH_QUICK === "1" ? "10,40" : "200,2000");
  const sizes = raw.split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 4)) throw new Error(`BENCH_E2E_TABLES: expected table counts of at least 4 separated by commas, got "${raw}"`);
  return [...sizes].sort((a, b) => a - b);
}

export const E2E_OPS = ["up-first", "up-no-drift", "preview", "up-drift-3", "refresh", "destroy"] as const;
export type E2eOp = (typeof E2E_OPS)[number];

/** Peak resident set (MB) by role of the processes one CLI run started. */
export interface PeakRss {
  program: number | null;
  plugin: number | null;
  harness: number | null;
}

/** The VmHWM line of a /proc/<pid>/status text, in MB (null when absent: a zombie, a kernel thread). */
export function vmHwmMb(status: string): number | null {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

/** What a process is, from its command line: the program (cmd/run), the plugin (cmd/dynamic-provider) or other. */
export function processRole(cmdline: string): "program" | "plugin" | "other" {
  if (/[\\/]cmd[\\/]run([\\/]|\s|\0|$)/.test(cmdline)) return "program";
  if (/[\\/]cmd[\\/]dynamic-provider([\\/]|\s|\0|$)/.test(cmdline)) return "plugin";
  return "other";
}

const readOr = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/** Samples the VmHWM of `root` and its descendants until stopped (see the file comment). */
function sampleRss(root: number): { stop: () => PeakRss } {
  const peak: PeakRss = { program: null, plugin: null, harness: null };
  const roles = new Map<number, "program" | "plugin" | "other">();
  const raise = (role: keyof PeakRss, mb: number | null) => {
    if (mb !== null && (peak[role] === null || mb > peak[role]!)) peak[role] = mb;
  };
  const sample = () => {
    // Parent of every process: children of `root`, transitively (no /proc/<pid>/task/*/children here).
    const parent = new Map<number, number>();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readOr(`/proc/${name}/stat`);
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = stat ? Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) : NaN;
      if (Number.isInteger(ppid)) parent.set(Number(name), ppid);
    }
    const isDescendant = (pid: number): boolean => {
      for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 16; p = parent.get(p), hops++) if (p === root) return true;
      return false;
    };
    raise("harness", vmHwmMb(readOr(`/proc/${root}/status`) ?? ""));
    for (const pid of parent.keys()) {
      if (pid === root || !isDescendant(pid)) continue;
      let role = roles.get(pid);
      // Only a known role is kept: a process seen between fork and exec still shows its parent's command line.
      if (role === undefined) {
        role = processRole(readOr(`/proc/${pid}/cmdline`) ?? "");
        if (role !== "other") roles.set(pid, role);
      }
      if (role !== "other") raise(role, vmHwmMb(readOr(`/proc/${pid}/status`) ?? ""));
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Runs one harness CLI operation as a child process; resolves with its wall time and peak RSS. */
export async function runCli(op: "up" | "preview" | "refresh" | "destroy", projectDir: string, statePath: string): Promise<{ wall_ms: number; rss: PeakRss }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, op, "--stack", "bench", "--cwd", projectDir, "--state", statePath], {
    cwd: projectDir,
    env: { ...process.env, UC_LOCAL_STATEMENT_LOG: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const sampler = sampleRss(child.pid!);
  // An interrupted bench takes its run down with it (the CLI's program and plugin stop when the CLI does).
  const stopChild = () => child.kill("SIGTERM");
  process.once("exit", stopChild);
  // Only the tail is kept (the summary of 2,000 tables is long): enough to say why a run failed.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const rss = sampler.stop();
  process.removeListener("exit", stopChild);
  if (code !== 0) throw new Error(`harness ${op} exited ${code}:\n${tail}`);
  return { wall_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6), rss };
}

/** The project the CLI runs: the repository's Pulumi.yaml with `main` made absolute, and a stack file for the local warehouse. */
export function writeProject(projectDir: string, warehouseDir: string): void {
  const project = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
  const main = /^main:\s*(\S+)\s*$/m.exec(project);
  if (!main) throw new Error(`${ROOT}/Pulumi.yaml: no main`);
  fs.mkdirSync(projectDir, { recursive: true });
  fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), project.replace(main[0], `main: ${path.join(ROOT, main[1])}`));
  const config = {
    "catalog-clone:localPath": warehouseDir,
    "catalog-clone:sourceCatalog": "prod",
    "catalog-clone:destinationCatalog": "qa",
    "catalog-clone:cloneType": "DEEP",
    "catalog-clone:sync": "selective",
  };
  fs.writeFileSync(path.join(projectDir, "Pulumi.bench.yaml"), `config:\n${Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`);
}

export const tableName = (i: number) => `prod.${i % 2 === 0 ? "a" : "b"}.t${String(i).padStart(4, "0")}`;

export interface E2eLine {
  scenario: "e2e";
  op: E2eOp;
  tables: number;
  wall_ms: number;
  statements: number;
  peak_rss_mb: number | null;
  program_rss_mb: number | null;
  plugin_rss_mb: number | null;
  harness_rss_mb: number | null;
}

/** Every operation on a stack of `tables` tables; `emit` gets each line as it is measured. */
async function benchSize(tables: number, emit: (line: object) => void, progress: (msg: string) => void): Promise<{ lines: E2eLine[]; stateBytesPerTable: object }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-e2e-bench-"));
  const warehouseDir = path.join(dir, "warehouse");
  const projectDir = path.join(dir, "project");
  const statePath = path.join(dir, "bench.json");
  try {
    const t0 = Date.now();
    const wh = await LocalWarehouse.open(warehouseDir, { statementLog: false });
    await wh.execute("CREATE CATALOG prod");
    for (const s of ["a", "b"]) await wh.execute(`CREATE SCHEMA prod.${s}`);
    await runPool(
      Array.from({ length: tables }, (_, i) => i),
      4,
      (i) => wh.execute(`CREATE TABLE ${tableName(i)} AS SELECT ${i} AS id`).then(() => undefined),
    );
    await wh.close();
    writeProject(projectDir, warehouseDir);
    progress(`e2e: seeded ${tables} tables (${Date.now() - t0} ms)`);

    const lines: E2eLine[] = [];
    let stateSize: object = {};
    const measure = async (op: E2eOp) => {
      progress(`e2e: ${op} on ${tables} tables`);
      const before = readStatementLog(warehouseDir).length;
      const cliOp = op === "preview" || op === "refresh" || op === "destroy" ? op : "up";
      const { wall_ms, rss } = await runCli(cliOp, projectDir, statePath);
      const peaks = [rss.program, rss.plugin].filter((v): v is number => v !== null);
      const line: E2eLine = {
        scenario: "e2e",
        op,
        tables,
        wall_ms,
        statements: readStatementLog(warehouseDir).length - before,
        peak_rss_mb: peaks.length > 0 ? Math.max(...peaks) : null,
        program_rss_mb: rss.program,
        plugin_rss_mb: rss.plugin,
        harness_rss_mb: rss.harness,
      };
      lines.push(line);
      emit(line);
    };
    await measure("up-first");
    stateSize = measureState(statePath, tables);
    await measure("up-no-drift");
    // Three source tables written (first, middle, last), each after the clock moved on.
    await new Promise((r) => setTimeout(r, 20));
    const writer = await LocalWarehouse.open(warehouseDir, { statementLog: false });
    for (const i of [0, Math.floor(tables / 2), tables - 1]) await writer.execute(`INSERT INTO ${tableName(i)} VALUES (${-i - 1})`);
    await writer.close();
    await measure("preview");
    await measure("up-drift-3");
    await measure("refresh");
    await measure("destroy");
    return { lines, stateBytesPerTable: stateSize };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the e2e bench for every size (e2eSizes) and prints its JSON lines (see the file comment). */
export async function runE2eBench(
  emit: (line: object) => void = (l) => process.stdout.write(JSON.stringify(l) + "\n"),
  progress: (msg: string) => void = (m) => process.stderr.write(`[bench] ${m}\n`),
): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const sizes = e2eSizes();
  const runs: { tables: number; lines: E2eLine[]; state: object }[] = [];
  for (const n of sizes) {
    const r = await benchSize(n, emit, progress);
    runs.push({ tables: n, lines: r.lines, state: r.stateBytesPerTable });
  }
  const small = runs[0];
  const large = runs[runs.length - 1];
  if (runs.length > 1) {
    for (const op of E2E_OPS) {
      const a = small.lines.find((l) => l.op === op)!;
      const b = large.lines.find((l) => l.op === op)!;
      emit({ scenario: "e2e-growth", op, tables: [small.tables, large.tables], ratio: Math.round((b.wall_ms / Math.max(1, a.wall_ms)) * 10) / 10 });
    }
  }
  const st = large.state as { state_bytes_per_table: number };
  emit({ scenario: "state-size", ...large.state, bytes_per_table: st.state_bytes_per_table });
  emit({ scenario: "drift-3-up", via: "e2e", tables: large.tables, statements: large.lines.find((l) => l.op === "up-drift-3")!.statements });
  const first = large.lines.find((l) => l.op === "up-first")!;
  emit({ scenario: "first-up", via: "e2e", tables: large.tables, statements: first.statements, statements_per_table: Math.round((first.statements / large.tables) * 100) / 100 });
}

if (require.main === module) {
  // Ctrl-C: leave through process.exit, so the "exit" handlers stop the CLI in flight.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  runE2eBench().catch((err) => {
    process.stderr.write(`[bench] e2e failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
