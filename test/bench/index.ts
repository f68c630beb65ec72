/**
 * `npm run bench`: drift detection cost on a large catalog, ours vs the reference tool's documented
 * algorithm, measured in ONE run against the embedded engine with a warehouse latency model
 * (default 50 ms per statement, 8 concurrent slots: LocalWarehouse test hooks).
 *
 * Prints one JSON line per scenario on stdout (progress goes to stderr):
 *   no-drift-up            our `up` with nothing changed (discovery + statement-free diffs)
 *   drift-3-up             our `up` after 3 source tables were written
 *   reference-no-drift-up  the reference's selective sync with nothing changed
 *   reference-drift-3-up   the reference's selective sync after the same 3 writes
 *   e2e, e2e-growth        every operation (up-first, up-no-drift, preview, up-drift-3, refresh, destroy)
 *                          through the harness CLI, the real program and plugin, at 200 and 2,000 tables:
 *                          wall time, statements, peak RSS, and growth 200 -> 2,000 (e2e.ts, which also
 *                          runs alone; BENCH_E2E_TABLES, BENCH_QUICK=1 for 10 and 40 tables)
 *   state-size             state bytes per table after the e2e first `up` of its largest N,
 *                          `__provider` bytes per resource broken out (stateSize.ts measures)
 *   drift-3-up, first-up   (via "e2e") statements of the e2e drift-3 up and first up per table, largest N
 *   deep-makespan          a skewed first DEEP clone through the harness vs the reference's schedule,
 *                          against the lower bound (deepMakespan.ts, which also runs alone)
 *   harness-op             CPU of one harness operation (program + plugin processes, and the harness's own),
 *                          first and no-op `up`, for a one-resource fixture and the root program on one table
 *                          (harnessOpCost.ts, which also runs alone)
 * Fields: scenario, algorithm, tables, statements, wall_ms, recloned, latency_ms, slots (+ ratios on
 * the reference lines; state-size has its own: StateSize in stateSize.ts). Our side drives the table resource's diff/update directly (catalogSync.ts);
 * Pulumi engine overhead is not part of the measurement, warehouse work is.
 *
 * Environment: BENCH_TABLES (default 2000), BENCH_SCHEMAS (20), BENCH_LATENCY_MS (50), BENCH_SLOTS (8); e2e.ts and deepMakespan.ts list theirs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openLocalDriver, type LocalDriver } from "../../provider/warehouse/localDriver";
import type { Row, Warehouse } from "../../provider/warehouse/warehouse";
import type { TableOutputs } from "../../provider/resources/table/inputs";
import { catalogSync, type SyncOptions } from "./catalogSync";
import { referenceSelectiveSync } from "./referenceSelectiveSync";
import { runPool } from "./runPool";
import { runE2eBench } from "./e2e";
import { deepMakespan } from "./deepMakespan";
import { harnessOpCost } from "./harnessOpCost";

const TABLES = Number(process.env.BENCH_TABLES ?? 2000);
const SCHEMAS = Number(process.env.BENCH_SCHEMAS ?? 20);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);

/** Counts the statements sent through it. */
class CountingWarehouse implements Warehouse {
  count = 0;
  constructor(private readonly inner: Warehouse) {}
  execute(sql: string): Promise<Row[]> {
    this.count++;
    return this.inner.execute(sql);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const progress = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function tableName(i: number): { schema: string; table: string } {
  return { schema: `s${String(i % SCHEMAS).padStart(2, "0")}`, table: `t${String(i).padStart(4, "0")}` };
}

async function measure<T>(wh: CountingWarehouse, fn: () => Promise<T>): Promise<{ result: T; statements: number; wall_ms: number }> {
  const before = wh.count;
  const started = process.hrtime.bigint();
  const result = await fn();
  return { result, statements: wh.count - before, wall_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-bench-"));
  try {
    // --- set-up without latency: seed the source, then a first up that clones everything.
    const fast = await openLocalDriver(dir, { statementLog: false, hooks: { latencyMs: 0, slots: 0, faults: [] } });
    const t0 = Date.now();
    await fast.execute("CREATE CATALOG prod");
    for (let s = 0; s < SCHEMAS; s++) await fast.execute(`CREATE SCHEMA prod.${tableName(s).schema}`);
    await runPool(
      Array.from({ length: TABLES }, (_, i) => i),
      8,
      async (i) => {
        const n = tableName(i);
        await fast.execute(`CREATE TABLE prod.${n.schema}.${n.table} AS SELECT ${i} AS id, 'row ${i}' AS v`);
      },
    );
    await fast.execute("CREATE CATALOG qa");
    for (let s = 0; s < SCHEMAS; s++) await fast.execute(`CREATE SCHEMA qa.${tableName(s).schema}`);
    progress(`seeded ${TABLES} source tables in ${SCHEMAS} schemas (${Date.now() - t0} ms)`);

    const state = new Map<string, TableOutputs>();
    const opts = (deploymentId: string): SyncOptions => ({
      owner: "catalog-clone/bench",
      source: "prod",
      destination: "qa",
      sync: "selective",
      deploymentId,
      parallel: 10,
    });
    const t1 = Date.now();
    const first = await catalogSync(fast, { ...opts("setup"), parallel: 50 }, state);
    progress(`first up cloned ${first.created} tables (${Date.now() - t1} ms, no latency)`);
    await fast.close();

    // --- measured runs: latency model on.
    const slow = await openLocalDriver(dir, { statementLog: false, hooks: { latencyMs: LATENCY_MS, slots: SLOTS, faults: [] } });
    const wh = new CountingWarehouse(slow);
    const model = { latency_ms: LATENCY_MS, slots: SLOTS, tables: TABLES };
    const drifted = [7, Math.floor(TABLES / 2), TABLES - 3].map(tableName);
    const writeDrift = async (round: number) => {
      await new Promise((r) => setTimeout(r, 20)); // distinct last_altered
      for (const d of drifted) await slow.execute(`INSERT INTO prod.${d.schema}.${d.table} VALUES (${-round}, 'drift')`);
    };
    const lines: Record<string, { statements: number; wall_ms: number }> = {};
    const emit = (scenario: string, algorithm: string, m: { statements: number; wall_ms: number }, recloned: number, extra: object = {}, ours?: string) => {
      lines[scenario] = m;
      if (ours) extra = { ...extra, ...ratio(ours, scenario) };
      process.stdout.write(JSON.stringify({ scenario, algorithm, ...model, statements: m.statements, wall_ms: m.wall_ms, recloned, ...extra }) + "\n");
    };
    const ratio = (ours: string, ref: string) => ({
      statements_ratio: Math.round((lines[ref].statements / Math.max(1, lines[ours].statements)) * 10) / 10,
      wall_ratio: Math.round((lines[ref].wall_ms / Math.max(1, lines[ours].wall_ms)) * 10) / 10,
    });

    progress("no-drift-up (ours)");
    const a = await measure(wh, () => catalogSync(wh, opts("d1"), state));
    emit("no-drift-up", "ours", a, a.result.updated.length);

    progress("reference-no-drift-up (4 schema workers x 1 table worker, DESCRIBE HISTORY per table per side)");
    const b = await measure(wh, () => referenceSelectiveSync(wh, "prod", "qa", { schemaWorkers: 4, tableWorkers: 1 }));
    emit("reference-no-drift-up", "reference", b, b.result.recloned.length, {}, "no-drift-up");

    await writeDrift(1);
    progress("drift-3-up (ours)");
    const c = await measure(wh, () => catalogSync(wh, opts("d2"), state));
    emit("drift-3-up", "ours", c, c.result.updated.length, { updated: c.result.updated });

    await writeDrift(2);
    progress("reference-drift-3-up");
    const d = await measure(wh, () => referenceSelectiveSync(wh, "prod", "qa", { schemaWorkers: 4, tableWorkers: 1 }));
    emit("reference-drift-3-up", "reference", d, d.result.recloned.length, { updated: d.result.recloned }, "drift-3-up");
    await slow.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Every operation through the harness CLI, program and plugin at 200 and 2,000 tables; state-size too (e2e.ts).
  await runE2eBench(undefined, progress);

  // Skewed first DEEP clone through the harness vs the reference's schedule (deepMakespan.ts).
  process.stdout.write(JSON.stringify(await deepMakespan(progress)) + "\n");

  // CPU of one harness operation, the unit of every end-to-end test (harnessOpCost.ts).
  progress("harness-op: CPU of one operation (files fixture, root program)");
  await harnessOpCost((line) => process.stdout.write(JSON.stringify(line) + "\n"));
}

main().catch((err) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
