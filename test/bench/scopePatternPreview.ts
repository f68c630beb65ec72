/**
 * `npm run build && node dist/test/bench/scopePatternPreview.js`: `pulumi preview` (test harness, root
 * program, embedded engine) of a catalog holding one hostile table name, a's ending in "_x", with the
 * scope pattern `^(a+)+$` (issue 8 §4). A backtracking engine doubles its work per character of the
 * name (the issue measured 130 s at 35 characters); the linear-time engine leaves preview time flat.
 *
 * Prints one JSON line per name length: { nameLength, previewMs, tables } (progress on stderr).
 * Environment: BENCH_LENGTHS (default "35,70,140,255"), BENCH_RUNS (default 2; the fastest run counts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import { rootProgramStack } from "./rootProgramStack";

const LENGTHS = (process.env.BENCH_LENGTHS ?? "35,70,140,255").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);

async function previewMs(length: number): Promise<{ ms: number; tables: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-bench-"));
  try {
    const warehouseDir = path.join(dir, "warehouse");
    const wh = await LocalWarehouse.open(warehouseDir);
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.sales", "CREATE TABLE prod.sales.orders (id INT)", `CREATE TABLE prod.sales.${"a".repeat(length - 2)}_x (id INT)`]) {
      await wh.execute(s);
    }
    await wh.close();
    let best = { ms: Infinity, tables: 0 };
    for (let run = 0; run < RUNS; run++) {
      const stack = rootProgramStack(warehouseDir, path.join(dir, "qa.state.json"), { "catalog-clone:scope": { excludeTables: "^(a+)+$" } });
      const started = Date.now();
      const preview = await stack.preview();
      const ms = Date.now() - started;
      if (preview.errors.length > 0) throw new Error(preview.errors.join("\n"));
      if (ms < best.ms) best = { ms, tables: preview.steps.filter((s) => s.type.endsWith("catalog-clone:Table")).length };
    }
    return best;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const length of LENGTHS) {
    process.stderr.write(`preview with a ${length}-character hostile table name...\n`);
    const { ms, tables } = await previewMs(length);
    process.stdout.write(JSON.stringify({ nameLength: length, pattern: "^(a+)+$", previewMs: ms, tables }) + "\n");
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
