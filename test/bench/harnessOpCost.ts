/**
 * What one harness operation costs in CPU, the unit every end-to-end test and the demo pay: the program
 * and the dynamic-provider plugin (two Node processes, as the Pulumi CLI starts them) and the harness's own
 * work, for
 *   - `fixture`: the harness's files fixture declaring one trivial dynamic resource (no library code: the
 *     floor that @pulumi/pulumi and the two process starts set), and
 *   - `root`: the root program (examples/platform, compiled, as most end-to-end tests run it) cloning a
 *     one-table catalog.
 * Node's compile cache is on, as `npm test` turns it on (vitest.config.ts). Each is measured for a first `up` and a no-op `up`, a few times, and the median printed:
 *   {"scenario":"harness-op","program":"fixture"|"root","op":"up-first"|"up-no-op","wall_ms","children_cpu_ms","harness_cpu_ms","runs"}
 * children_cpu_ms is the CPU (user + system) of the processes the operation started, read from
 * /proc/self/stat (cutime + cstime: children the harness has reaped, so the bench waits until it has no
 * child left); harness_cpu_ms is this process's own CPU during the operation (process.cpuUsage).
 *
 *   npm run build && node dist/test/bench/harnessOpCost.js      # BENCH_OP_RUNS (default 5)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import { HarnessStack } from "pulumi-uc-clone-stack-harness";

const ROOT = path.resolve(__dirname, "../../..");
// As vitest.config.ts sets it for the tests and the processes they start (this figure is the tests' unit).
process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "pulumi-uc-clone-node-compile-cache");
const RUNS = Number(process.env.BENCH_OP_RUNS ?? 5);
/** Linux reports /proc times in USER_HZ, 100 per second on every architecture Node runs on. */
const TICK_MS = 10;

/** CPU (ms) of the reaped descendants a /proc/<pid>/stat text reports (cutime + cstime). */
export function reapedChildrenCpuMs(stat: string): number {
  // The command name, in parentheses, may hold spaces and parentheses: fields are counted after its last ")".
  // From there, state is the first field; cutime and cstime are the 14th and 15th (fields 16 and 17 of proc(5)).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  if (!Number.isInteger(cutime) || !Number.isInteger(cstime)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
  return (cutime + cstime) * TICK_MS;
}

const childrenCpuMs = () => reapedChildrenCpuMs(fs.readFileSync("/proc/self/stat", "utf8"));

/** Resolves once this process has no child process left (the plugin is stopped, not awaited, by the harness). */
async function noChildren(): Promise<void> {
  const children = () => fs.readFileSync(`/proc/self/task/${process.pid}/children`, "utf8").trim();
  for (let waited = 0; children() !== "" && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
}

export interface OpCost {
  scenario: "harness-op";
  program: "fixture" | "root";
  op: "up-first" | "up-no-op";
  wall_ms: number;
  children_cpu_ms: number;
  harness_cpu_ms: number;
  runs: number;
}

async function measureOp(stack: () => HarnessStack): Promise<{ wall_ms: number; children_cpu_ms: number; harness_cpu_ms: number }> {
  await noChildren();
  const children0 = childrenCpuMs();
  const own0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const summary = await stack().up();
  const wall_ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const own = process.cpuUsage(own0);
  await noChildren();
  if (summary.failed) throw new Error(`harness-op: up failed: ${summary.errors.join("\n")}`);
  return { wall_ms, children_cpu_ms: childrenCpuMs() - children0, harness_cpu_ms: Math.round((own.user + own.system) / 1000) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `first` then `noOp` RUNS times each (a fresh stack per run) and returns the medians. */
async function costOf(program: OpCost["program"], fresh: () => Promise<{ stack: () => HarnessStack; dispose: () => void }>): Promise<OpCost[]> {
  const runs: Record<OpCost["op"], { wall_ms: number; children_cpu_ms: number; harness_cpu_ms: number }[]> = { "up-first": [], "up-no-op": [] };
  for (let i = 0; i < RUNS; i++) {
    const { stack, dispose } = await fresh();
    try {
      runs["up-first"].push(await measureOp(stack));
      runs["up-no-op"].push(await measureOp(stack));
    } finally {
      dispose();
    }
  }
  return (Object.keys(runs) as OpCost["op"][]).map((op) => ({
    scenario: "harness-op",
    program,
    op,
    wall_ms: median(runs[op].map((r) => r.wall_ms)),
    children_cpu_ms: median(runs[op].map((r) => r.children_cpu_ms)),
    harness_cpu_ms: median(runs[op].map((r) => r.harness_cpu_ms)),
    runs: RUNS,
  }));
}

/** The harness's files fixture with one resource: a dynamic resource whose provider writes one small file. */
async function fixtureStack(): Promise<{ stack: () => HarnessStack; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-op-fixture-"));
  const stack = () =>
    new HarnessStack({
      entry: path.join(ROOT, "test", "harness", "fixtures", "files", "index.js"),
      project: "files",
      stack: "bench",
      config: { spec: JSON.stringify({ dir, resources: [{ name: "a", content: "a" }] }) },
      statePath: path.join(dir, "state.json"),
      passphrase: "bench",
      log: () => undefined,
    });
  return { stack, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The root program on a warehouse whose prod catalog holds one one-row table. */
async function rootStack(): Promise<{ stack: () => HarnessStack; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-op-root-"));
  const warehouseDir = path.join(dir, "warehouse");
  const wh = await LocalWarehouse.open(warehouseDir, { statementLog: false });
  for (const sql of ["CREATE CATALOG prod", "CREATE SCHEMA prod.a", "CREATE TABLE prod.a.t AS SELECT 1 AS id"]) await wh.execute(sql);
  await wh.close();
  const stack = () =>
    new HarnessStack({
      programDir: ROOT,
      entry: path.join(ROOT, "dist", "examples", "platform", "index.js"),
      runtimeOptions: { typescript: false },
      stack: "qa",
      config: { "catalog-clone:localPath": warehouseDir, "catalog-clone:sourceCatalog": "prod", "catalog-clone:destinationCatalog": "qa", "catalog-clone:cloneType": "DEEP" },
      statePath: path.join(dir, "qa.json"),
      log: () => undefined,
    });
  return { stack, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function harnessOpCost(emit: (line: OpCost) => void): Promise<void> {
  for (const line of await costOf("fixture", fixtureStack)) emit(line);
  for (const line of await costOf("root", rootStack)) emit(line);
}

if (require.main === module) {
  harnessOpCost((line) => process.stdout.write(JSON.stringify(line) + "\n")).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
