/**
 * Harness cost of a no-drift `up` of the root program on N tables (issue 13), measured the way a user
 * runs it: the real program and plugin, the harness in this process.
 *
 *   npm run build && node dist/test/bench/noDriftBench.js              # N = 200 (BENCH_TABLES=2000 ...)
 *
 * Seeds a local warehouse like test/e2e/driftStatementLog.test.ts (prod with schemas a, b and N one-row
 * tables), runs a first `up` (sync: selective, DEEP), then BENCH_RUNS no-drift `up`s. Prints one JSON line
 * per `up` on stdout: wall time, harness CPU time (this process: state writes, diffs, gRPC), statements,
 * state writes (renames onto the state file, journal appends) and bytes written, state file size.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse, readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { rootProgramStack } from "./rootProgramStack";

const N = Number(process.env.BENCH_TABLES ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-nodrift-"));
  const warehouseDir = path.join(dir, "warehouse");
  const statePath = path.join(dir, "qa.json");
  try {
    const wh = await LocalWarehouse.open(warehouseDir);
    await wh.execute("CREATE CATALOG prod");
    for (const s of ["a", "b"]) await wh.execute(`CREATE SCHEMA prod.${s}`);
    for (let i = 0; i < N; i++) {
      const t = `prod.${i % 2 === 0 ? "a" : "b"}.t${String(i).padStart(4, "0")}`;
      await wh.execute(`CREATE TABLE ${t} (id INT)`);
      await wh.execute(`INSERT INTO ${t} VALUES (${i})`);
    }
    await wh.close();

    // Count what the harness writes to its state file (every write path goes through these two calls).
    let writes = 0;
    let bytes = 0;
    // The module object itself (`import * as` gives a read-only namespace), which the harness's fs calls go through.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require("fs") as Record<string, unknown>;
    const realWrite = fs.writeFileSync;
    const realRename = fs.renameSync;
    nodeFs.writeFileSync = (file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
      // The state's temp file (renamed onto it), not the lock file written beside it.
      if (file === `${statePath}.${process.pid}.tmp`) bytes += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
      return (realWrite as (...a: unknown[]) => void)(file, data, ...rest);
    };
    // Journal appends (one line per save, folded into the file at the end of the operation) count too.
    const realAppend = fs.appendFileSync;
    nodeFs.appendFileSync = (file: fs.PathOrFileDescriptor, data: string | Uint8Array, ...rest: unknown[]) => {
      if (file === `${statePath}.journal`) {
        writes++;
        bytes += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
      }
      return (realAppend as (...a: unknown[]) => void)(file, data, ...rest);
    };
    nodeFs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      if (to === statePath) writes++;
      return realRename(from, to);
    };

    const stack = rootProgramStack(warehouseDir, statePath, { "catalog-clone:sync": "selective" }); // parallel: the harness's default, 10
    for (let run = 0; run <= RUNS; run++) {
      const op = run === 0 ? "up-first" : "up-no-drift";
      writes = bytes = 0;
      const statementsBefore = readStatementLog(warehouseDir).length;
      const cpu = process.cpuUsage();
      const t0 = Date.now();
      const summary = await stack.up();
      const wallMs = Date.now() - t0;
      const used = process.cpuUsage(cpu);
      if (summary.failed) throw new Error(`${op} failed: ${summary.errors.join("\n")}`);
      console.log(
        JSON.stringify({
          scenario: "harness",
          op,
          tables: N,
          wall_ms: wallMs,
          harness_cpu_ms: Math.round((used.user + used.system) / 1000),
          statements: readStatementLog(warehouseDir).length - statementsBefore,
          state_writes: writes,
          state_bytes_written: bytes,
          state_file_bytes: fs.statSync(statePath).size,
          changed: summary.counts.create + summary.counts.update + summary.counts.replace + summary.counts.delete,
        }),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
