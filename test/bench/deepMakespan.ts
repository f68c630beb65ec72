/**
 * Initial DEEP clone makespan (issue 13): a skewed catalog (one table holding half the bytes, many small
 * ones) cloned into an empty destination with K warehouse slots, ours vs the reference tool's schedule,
 * in one run against one embedded warehouse whose test hooks model the work: each statement occupies one
 * of K slots (UC_LOCAL_SLOTS) for `latencyMsPerMb` per MB it copies (UC_LOCAL_LATENCY_MS_PER_MB), plus
 * the engine's own time.
 *
 *   ours       a first `up` of the root program (examples/platform) through the harness: the real
 *              program and dynamic-provider plugin, `catalog-clone:maxConcurrency` = K, harness
 *              `--parallel` BENCH_DEEP_PARALLEL (default 10, the harness's default).
 *   reference  the reference tool's documented initial clone (referenceInitialClone.ts): 4 schema
 *              workers, 1 table worker each, tables in name order, one CREATE TABLE IF NOT EXISTS … DEEP
 *              CLONE each, into another catalog of the same warehouse.
 *
 * wall_ms: from the start of the first CLONE to the end of the last (engine statement log), i.e. the clone
 * schedule's makespan; program start-up, discovery and container creation are outside it (up_wall_ms
 * is the whole `up`). lower_bound_ms: max(total work / K, largest table's work), the work of a clone
 * being the modelled latency of its bytes. The big table is named last, so name order starts it last.
 *
 *   npm run build && node dist/test/bench/deepMakespan.js    # BENCH_QUICK=1 for a small smoke run
 *
 * Environment: BENCH_DEEP_SLOTS (4), BENCH_DEEP_SMALL (50 small tables), BENCH_DEEP_SCHEMAS (5),
 * BENCH_DEEP_BIG_ROWS (2,000,000), BENCH_DEEP_BIG_MS (modelled work of the big table, 20,000),
 * BENCH_DEEP_PARALLEL (10).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clearStatementLog, LocalWarehouse, readStatementLog, type StatementLogEntry } from "pulumi-uc-clone-local-warehouse";
import { HarnessStack } from "pulumi-uc-clone-stack-harness";
import { openLocalDriver } from "../../provider/warehouse/localDriver";
import { referenceInitialClone } from "./referenceInitialClone";

const ROOT = path.resolve(__dirname, "../../..");
const QUICK = process.env.BENCH_QUICK === "1";
const num = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full));

export interface DeepMakespan {
  scenario: "deep-makespan";
  slots: number;
  wall_ms: number;
  lower_bound_ms: number;
  ratio: number;
  reference_ratio: number;
  reference_wall_ms: number;
  up_wall_ms: number;
  /** When the big table's clone started, ms after the first clone started (ours, reference). */
  big_start_ms: number;
  reference_big_start_ms: number;
  tables: number;
  big_share: number;
  latency_ms_per_mb: number;
  parallel: number;
}

/** The CLONE statements into `catalog` in `log`: their makespan (first start to last end), and when the one into `last` started and ended (ms after the first start). */
function cloneSchedule(log: StatementLogEntry[], catalog: string, last: string): { makespan: number; bigStart: number; bigEnd: number } {
  const clones = log.filter((e) => e.errorClass === null && new RegExp(`^CREATE (OR REPLACE )?TABLE (IF NOT EXISTS )?\`${catalog}\`\\.\\S+ (DEEP )?CLONE`, "i").test(e.statement));
  if (clones.length === 0) throw new Error(`no CLONE into ${catalog} in the statement log`);
  const start = Math.min(...clones.map((e) => Date.parse(e.time)));
  const end = Math.max(...clones.map((e) => Date.parse(e.time) + e.ms));
  const big = clones.find((e) => e.statement.includes(`\`${last}\` `));
  const bigStart = big ? Date.parse(big.time) - start : NaN;
  return { makespan: end - start, bigStart, bigEnd: big ? bigStart + big.ms : NaN };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function deepMakespan(progress: (m: string) => void = () => undefined): Promise<DeepMakespan> {
  const slots = num("BENCH_DEEP_SLOTS", 4, 4);
  const small = num("BENCH_DEEP_SMALL", 50, 20);
  const schemas = num("BENCH_DEEP_SCHEMAS", 5, 4);
  const bigRows = num("BENCH_DEEP_BIG_ROWS", 2_000_000, 200_000);
  const bigMs = num("BENCH_DEEP_BIG_MS", 20_000, 3_000);
  const parallel = num("BENCH_DEEP_PARALLEL", 10, 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-deep-makespan-"));
  const warehouseDir = path.join(dir, "warehouse");
  try {
    // --- seed, no hooks: s0..s{n-1}, small tables t00.. round-robin, the big one last by name (s{n-1}.t_big).
    const seed = await LocalWarehouse.open(warehouseDir, { statementLog: false, hooks: { latencyMs: 0, latencyMsPerMb: 0, slots: 0, faults: [] } });
    const fill = async (table: string, rows: number) => {
      await seed.execute(`CREATE TABLE ${table} (id BIGINT, name STRING, amount DOUBLE)`);
      await seed.execute(`INSERT INTO ${table} SELECT r.range AS id, 'name-' || r.range AS name, r.range * 0.5 AS amount FROM range(${rows}) AS r`);
    };
    await seed.execute("CREATE CATALOG prod");
    const schemaNames = Array.from({ length: schemas }, (_, i) => `s${i}`);
    for (const s of schemaNames) await seed.execute(`CREATE SCHEMA prod.${s}`);
    const names: string[] = [];
    for (let i = 0; i < small; i++) names.push(`prod.${schemaNames[i % schemas]}.t${String(i).padStart(2, "0")}`);
    for (const t of names) await fill(t, Math.round(bigRows / small));
    const big = `prod.${schemaNames[schemas - 1]}.t_big`;
    await fill(big, bigRows);
    names.push(big);
    const bytes = new Map<string, number>();
    for (const t of names) bytes.set(t, Number((await seed.execute(`DESCRIBE DETAIL ${t}`))[0].sizeInBytes));
    // The reference's destination and its schemas exist before its clock starts (its catalog and schema stages).
    await seed.execute("CREATE CATALOG ref");
    for (const s of schemaNames) await seed.execute(`CREATE SCHEMA ref.${s}`);
    await seed.close();

    const mb = (b: number) => b / (1024 * 1024);
    const latencyMsPerMb = bigMs / mb(bytes.get(big)!);
    const work = [...bytes.values()].map((b) => latencyMsPerMb * mb(b));
    const total = work.reduce((a, b) => a + b, 0);
    const lowerBound = Math.max(total / slots, Math.max(...work));
    progress(`deep-makespan: ${names.length} tables, big share ${round2(bytes.get(big)! / [...bytes.values()].reduce((a, b) => a + b, 0))}, K=${slots}, lower bound ${Math.round(lowerBound)} ms`);

    // --- ours: a first up through the harness.
    const hooksEnv = { UC_LOCAL_LATENCY_MS: "0", UC_LOCAL_LATENCY_MS_PER_MB: String(latencyMsPerMb), UC_LOCAL_SLOTS: String(slots), UC_LOCAL_FAULTS: undefined, UC_LOCAL_STATEMENT_LOG: "1" };
    clearStatementLog(warehouseDir);
    const stack = new HarnessStack({
      programDir: ROOT,
      stack: "deep_makespan",
      config: {
        "catalog-clone:localPath": warehouseDir,
        "catalog-clone:sourceCatalog": "prod",
        "catalog-clone:destinationCatalog": "qa",
        "catalog-clone:cloneType": "DEEP",
        "catalog-clone:maxConcurrency": slots,
      },
      statePath: path.join(dir, "state.json"),
      env: hooksEnv,
      parallel,
      log: () => undefined,
    });
    const t0 = Date.now();
    const up = await stack.up();
    const upWall = Date.now() - t0;
    if (up.failed) throw new Error(`up failed: ${up.errors.join("\n")}`);
    const oursLog = cloneSchedule(readStatementLog(warehouseDir), "qa", "t_big");
    const ours = oursLog.makespan;
    progress(`deep-makespan: ours ${ours} ms, the big clone from ${oursLog.bigStart} to ${oursLog.bigEnd} ms (up ${upWall} ms)`);

    // --- the reference's schedule, same warehouse model.
    clearStatementLog(warehouseDir);
    const wh = await openLocalDriver(warehouseDir, { statementLog: true, hooks: { latencyMs: 0, latencyMsPerMb, slots, faults: [] } });
    try {
      await referenceInitialClone(wh, "prod", "ref", { schemaWorkers: 4, tableWorkers: 1 });
    } finally {
      await wh.close();
    }
    const refLog = cloneSchedule(readStatementLog(warehouseDir), "ref", "t_big");
    const reference = refLog.makespan;
    progress(`deep-makespan: reference ${reference} ms, the big clone from ${refLog.bigStart} to ${refLog.bigEnd} ms`);

    return {
      scenario: "deep-makespan",
      slots,
      wall_ms: ours,
      lower_bound_ms: Math.round(lowerBound),
      ratio: round2(ours / lowerBound),
      reference_ratio: round2(reference / lowerBound),
      reference_wall_ms: reference,
      up_wall_ms: upWall,
      big_start_ms: oursLog.bigStart,
      reference_big_start_ms: refLog.bigStart,
      tables: names.length,
      big_share: round2(bytes.get(big)! / [...bytes.values()].reduce((a, b) => a + b, 0)),
      latency_ms_per_mb: round2(latencyMsPerMb),
      parallel,
    };
  } finally {
    if (process.env.BENCH_KEEP === "1") progress(`deep-makespan: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  deepMakespan((m) => process.stderr.write(`[bench] ${m}\n`)).then(
    (r) => process.stdout.write(JSON.stringify(r) + "\n"),
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
