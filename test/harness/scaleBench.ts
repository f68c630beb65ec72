/**
 * The harness's own cost per operation as the stack grows (issue 13: every operation ≤ 12× wall time
 * from 200 to 2,000 tables). The engine half (Deployment: registrations, diffs, state writes, delete
 * order) runs in this process against a provider that answers at once, so what is timed is the
 * harness alone, not the program, the plugin or the warehouse (`npm run bench` times those, through the
 * real program and plugin). A stack shaped like the root program's: a component, a catalog, two
 * schemas, N tables (each ~2 KB of inputs and the ~2.3 KB serialized provider shim, a secret among its
 * outputs), a validation gate depending on every table, component outputs listing every table.
 *
 *   npm run build && node test/harness/dist/scaleBench.js      # BENCH_TABLES="200,2000" (default)
 *
 * One JSON line per operation and size, then the 2,000/200 ratio per operation.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Deployment, Operation } from "./deployment";
import type { DynamicProviderPlugin } from "./dynamicProviderPlugin";
import { StateStore } from "./harnessState";
import { PropertyBag, makeSecret } from "./propertyValues";
import { Registration } from "./resourceMonitor";

const project = "bench";
const stack = "qa";
const providerText = "exports.handler = () => " + JSON.stringify({ kind: "table", code: "x".repeat(2300) });

/** A provider answering every call at once (the next turn of the event loop): the harness's cost only. */
function instantPlugin(): DynamicProviderPlugin {
  const later = <T>(v: T) => new Promise<T>((resolve) => setImmediate(() => resolve(v)));
  let ids = 0;
  return {
    configure: () => later(undefined),
    check: (_urn: string, _olds: PropertyBag, news: PropertyBag) => later({ inputs: news, failures: [] }),
    diff: (_id: string, _urn: string, olds: PropertyBag, news: PropertyBag) =>
      later({ changes: olds.content === news.content ? "none" : "some", replaces: [], deleteBeforeReplace: false }),
    create: (_urn: string, inputs: PropertyBag) => later({ id: `id-${++ids}`, outputs: { ...inputs, token: makeSecret("s3cr3t"), version: 1 } }),
    update: (_id: string, _urn: string, _olds: PropertyBag, news: PropertyBag) => later({ ...news, token: makeSecret("s3cr3t"), version: 2 }),
    delete: () => later(undefined),
    read: (id: string, _urn: string, olds: PropertyBag) => later({ id, outputs: olds }),
    close: () => undefined,
  } as unknown as DynamicProviderPlugin;
}

function registration(type: string, name: string, parent: string, custom: boolean, inputs: PropertyBag, deps: string[] = []): Registration {
  return {
    type,
    name,
    parent,
    custom,
    inputs: custom ? { ...inputs, __provider: providerText } : inputs,
    dependencies: deps,
    propertyDependencies: deps.length ? { deps } : {},
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    hideDiffs: [],
    additionalSecretOutputs: [],
    aliasUrns: [],
    deletedWith: "",
    provider: "",
    importId: "",
  };
}

/** The program's registrations, as the root program makes them (tables in parallel, like its Promise.all). */
async function runProgram(d: Deployment, tables: number, drifted: Set<number>): Promise<void> {
  const stackUrn = (await d.registerResource(registration("pulumi:pulumi:Stack", `${project}-${stack}`, "", false, {}))).urn;
  const comp = (await d.registerResource(registration("catalog-clone:index:CatalogClone", stack, stackUrn, false, {}))).urn;
  const dyn = "pulumi-nodejs:dynamic:Resource";
  const catalog = (await d.registerResource(registration(dyn, `${stack}-catalog`, comp, true, { name: stack, content: "c" }))).urn;
  const schemas = await Promise.all(["a", "b"].map((s) => d.registerResource(registration(dyn, `${stack}-${s}`, comp, true, { name: s, content: "s" }, [catalog]))));
  const tableUrns = await Promise.all(
    Array.from({ length: tables }, async (_, i) => {
      const schema = schemas[i % 2].urn;
      const columns = Array.from({ length: 8 }, (__, c) => ({ name: `col_${c}`, type: "STRING", comment: "a column of the bench table" }));
      const inputs = { name: `t${i}`, columns, properties: { "delta.minReaderVersion": "1", owner: "data_eng" }, content: drifted.has(i) ? "v2" : "v1" };
      return (await d.registerResource(registration(dyn, `${stack}-t${i}`, comp, true, inputs, [schema]))).urn;
    }),
  );
  await d.registerResource(registration(dyn, `${stack}-gate`, comp, true, { content: "g", tables: tableUrns.length }, tableUrns));
  await d.registerResourceOutputs(comp, { tables: tableUrns.map((u) => ({ urn: u, rows: 1 })) });
  await d.registerResourceOutputs(stackUrn, { tables: tableUrns.length });
}

async function operation(op: Operation, store: () => StateStore, tables: number, drifted = new Set<number>()): Promise<number> {
  const d = new Deployment(op, {
    project,
    stack,
    config: {},
    parallel: 10,
    store: store(),
    startPlugin: async () => instantPlugin(),
    log: () => undefined,
  });
  const t0 = process.hrtime.bigint();
  if (op === "up" || op === "preview") {
    await runProgram(d, tables, drifted);
    await d.finishProgram(0);
  } else if (op === "refresh") await d.refresh();
  else await d.destroy();
  await d.flush();
  await d.close();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const s = d.summary();
  if (s.failed) throw new Error(`${op} failed: ${s.errors.join("; ")}`);
  return ms;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_TABLES ?? "200,2000").split(",").map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const wall: Record<string, Record<number, number>> = {};
  // A warm-up pass first (JIT, module loading), then the fastest of `runs` passes per operation and size:
  // the machine is shared, and the figure compared is the harness's own cost.
  for (const n of [Math.min(...sizes), ...sizes]) {
    const warmUp = wall["up-first"] === undefined;
    const best: Record<string, { ms: number; bytes: number }> = {};
    for (let run = 0; run < (warmUp ? 1 : runs); run++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-scale-"));
      const statePath = path.join(dir, "state.json");
      const store = () => new StateStore(statePath, "p");
      try {
        const ops: [string, () => Promise<number>][] = [
          ["up-first", () => operation("up", store, n)],
          ["up-no-drift", () => operation("up", store, n)],
          ["preview", () => operation("preview", store, n, new Set([1, 2, 3]))],
          ["up-drift-3", () => operation("up", store, n, new Set([1, 2, 3]))],
          ["refresh", () => operation("refresh", store, n)],
          ["destroy", () => operation("destroy", store, n)],
        ];
        for (const [op, run] of ops) {
          const ms = await run();
          const bytes = fs.existsSync(statePath) ? fs.statSync(statePath).size : 0;
          if (!best[op] || ms < best[op].ms) best[op] = { ms, bytes };
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const [op, { ms, bytes }] of Object.entries(best)) {
      (wall[op] ??= {})[n] = ms;
      if (!warmUp) console.log(JSON.stringify({ scenario: "harness-scale", op, tables: n, wall_ms: Math.round(ms), state_file_bytes: bytes }));
    }
  }
  if (sizes.length >= 2) {
    const [small, large] = [sizes[0], sizes[sizes.length - 1]];
    for (const [op, byN] of Object.entries(wall)) {
      console.log(JSON.stringify({ scenario: "harness-scale-growth", op, tables: [small, large], ratio: Number((byN[large] / byN[small]).toFixed(2)) }));
    }
  }
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
