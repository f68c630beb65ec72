/**
 * State bytes per table: a first `up` of the root program (examples/platform, through the harness: the
 * real program and dynamic-provider plugin) that clones N one-row tables, then the state file measured.
 * The serialized provider (`__provider`) is broken out per resource kind, because every dynamic resource
 * carries it: the harness state holds it once per resource (ResourceState.provider), a Pulumi
 * checkpoint twice (in inputs and in outputs).
 *
 *   npm run build && node dist/test/bench/stateSize.js      # BENCH_STATE_TABLES=2000 for the size
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import type { HarnessState } from "pulumi-uc-clone-stack-harness";
import { rootProgramStack } from "./rootProgramStack";

/** How many tables the scenario clones: state size grows linearly with them, and each one clones through the plugin. */
export const STATE_TABLES = Number(process.env.BENCH_STATE_TABLES ?? 200);

/** What one state measured (bytes as the state file stores them: JSON text, UTF-8). */
export interface StateSize {
  tables: number;
  resources: number;
  state_file_bytes: number;
  /** The state file's size over the number of tables (catalog, schemas, gate and stack included). */
  state_bytes_per_table: number;
  /** One table resource's entry in the state file, on average. */
  table_entry_bytes: number;
  /** JSON size of one `__provider` copy, per resource kind (type name). */
  provider_bytes_per_resource: Record<string, number>;
  /** The share of the harness state file that is `__provider` text. */
  provider_share: number;
  /** The same state as a Pulumi checkpoint would hold it: the harness file plus the second `__provider` copy of each resource. */
  checkpoint_bytes_per_table: number;
}

const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** Measures a harness state file (see {@link StateSize}). */
export function measureState(statePath: string, tables: number): StateSize {
  const fileBytes = fs.statSync(statePath).size;
  const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as HarnessState;
  const providerBytes: Record<string, number> = {};
  let providerTotal = 0;
  let tableEntries = 0;
  let tableEntryBytes = 0;
  for (const r of state.resources) {
    if (r.provider === undefined) continue;
    const kind = r.type.split(":").pop()!;
    const bytes = jsonBytes(r.provider);
    providerBytes[kind] = Math.max(providerBytes[kind] ?? 0, bytes);
    providerTotal += bytes;
    if (kind === "Table") {
      tableEntries++;
      tableEntryBytes += jsonBytes(r);
    }
  }
  if (tableEntries !== tables) throw new Error(`expected ${tables} table resources in state, found ${tableEntries}`);
  return {
    tables,
    resources: state.resources.length,
    state_file_bytes: fileBytes,
    state_bytes_per_table: Math.round(fileBytes / tables),
    table_entry_bytes: Math.round(tableEntryBytes / tableEntries),
    provider_bytes_per_resource: providerBytes,
    provider_share: Math.round((providerTotal / fileBytes) * 100) / 100,
    checkpoint_bytes_per_table: Math.round((fileBytes + providerTotal) / tables),
  };
}

/** Seeds `prod` with `tables` one-row tables in two schemas, runs one `up` through the harness, and measures its state. */
export async function stateSizeAfterUp(tables: number): Promise<StateSize> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-state-size-"));
  const warehouseDir = path.join(dir, "warehouse");
  const statePath = path.join(dir, "qa.json");
  try {
    const wh = await LocalWarehouse.open(warehouseDir, { statementLog: false });
    await wh.execute("CREATE CATALOG prod");
    for (const s of ["a", "b"]) await wh.execute(`CREATE SCHEMA prod.${s}`);
    for (let i = 0; i < tables; i++) {
      await wh.execute(`CREATE TABLE prod.${i % 2 === 0 ? "a" : "b"}.t${String(i).padStart(4, "0")} AS SELECT ${i} AS id`);
    }
    await wh.close();
    const stack = rootProgramStack(warehouseDir, statePath);
    const summary = await stack.up();
    if (summary.failed) throw new Error(`up failed: ${summary.errors.join("\n")}`);
    return measureState(statePath, tables);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  stateSizeAfterUp(STATE_TABLES).then(
    (size) => process.stdout.write(JSON.stringify({ scenario: "state-size", ...size }) + "\n"),
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
