/**
 * Dynamic-provider methods of `catalog-clone:Table` (loaded at call time by shim.ts). Parses inputs
 * with the zod schemas, picks the pooled warehouse, and delegates to lifecycle.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Warehouse } from "../../warehouse/warehouse";
import type { ConnectionRef } from "../connectionRef";
import { processRuntime } from "../runtime";
import { announceWarehouseMove, warehouseMove } from "../warehouseChange";
import { containsUnknown } from "../checkFailures";
import { TableInputs, TableOutputs } from "./inputs";
import { createTable, deleteTable, diffTable, readTable, updateTable } from "./lifecycle";
import { PartialStateError } from "../partialState";
import { otherStackTable } from "./ownerCheck";
import { runInDeployment } from "./deploymentStep";

type Bag = Record<string, unknown>;

/** Drops undefined values (the plugin's Struct conversion rejects them) and non-JSON types. */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function parseInputs(bag: Bag): TableInputs {
  const r = TableInputs.safeParse(bag);
  if (!r.success) {
    throw new Error(`Invalid catalog-clone Table inputs: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return r.data;
}

function parseOutputs(bag: Bag): TableOutputs {
  const r = TableOutputs.safeParse(bag);
  if (!r.success) {
    throw new Error(
      `The recorded state of a catalog-clone Table is not readable (${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}). ` +
        "Run `pulumi refresh`, or remove the resource from state and run `pulumi up` to adopt the table again.",
    );
  }
  return r.data;
}

function wh(bag: { connection?: unknown }) {
  return processRuntime().warehouseFor(bag.connection as ConnectionRef | undefined);
}

/** The warehouse identity to record, after refusing a resource whose recorded one is elsewhere (warehouseChange.ts). */
function sameWarehouse(recorded: unknown, bag: { connection?: unknown }, id: string): string {
  return processRuntime().checkWarehouse(recorded, bag.connection as ConnectionRef | undefined, `Table ${id}`);
}

/**
 * A Warehouse that connects on its first statement: a no-drift diff runs none, so it should not even
 * open a session.
 */
function lazyWarehouse(bag: { connection?: unknown }): Warehouse {
  let opened: Promise<Warehouse> | undefined;
  const get = () => (opened ??= wh(bag));
  return {
    execute: async (sql) => (await get()).execute(sql),
    close: async () => undefined, // pooled: never closed by a handler
  };
}

/** Re-throws a PartialStateError with `__provider` (the plugin does not add it on the error path) and the warehouse identity. */
function withProvider(err: unknown, bag: Bag, warehouse: string): never {
  if (err instanceof PartialStateError) err.properties = plain({ ...err.properties, warehouse, __provider: bag.__provider });
  throw err;
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  processRuntime().configure(req.config);
}

export async function check(olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult> {
  if (containsUnknown(news)) return { inputs: news };
  const r = TableInputs.safeParse(news);
  if (!r.success) {
    return { failures: r.error.issues.map((i) => ({ property: String(i.path[0] ?? ""), reason: `${i.path.join(".")}: ${i.message}` })) };
  }
  // New to this stack's state over an existing destination table: another stack's table fails preview
  // here, as create would at up (ownerCheck.ts). No read for tables already in state.
  if (Object.keys(olds ?? {}).length === 0 && r.data.destinationFingerprint.exists) {
    const refused = await wh(r.data).then((w) => otherStackTable(w, r.data), () => undefined);
    if (refused) return { failures: [{ property: "destination", reason: refused.message }] };
  }
  // The deployment's identity is never an input (runtime.ts): dropped if an older program passes one.
  const { deploymentId: _notAnInput, ...checked } = { ...news, ...plain(r.data) };
  return { inputs: checked };
}

/**
 * The Node dynamic plugin sends no detailed diff, so besides the changed inputs (the fingerprints)
 * preview gets one line per table saying what will happen and why, on the provider's stderr (which
 * the Pulumi CLI passes through). Tables left alone for a reason worth knowing (kept edits, retained)
 * are reported the same way.
 */
function announce(id: string, d: Awaited<ReturnType<typeof diffTable>>): void {
  if (d.rebaseline) {
    process.stderr.write(`[catalog-clone] table ${id}: record baseline (${d.action.reason})\n`);
    return;
  }
  const what =
    d.replaces.length > 0
      ? "replace"
      : d.action.kind === "recreate"
        ? "drop and re-clone"
        : d.action.kind === "clone"
          ? d.action.label === "repaired"
            ? "repair"
            : "re-clone"
          : "keep";
  if (what === "keep" && /^(no drift|source pinned)/.test(d.action.reason)) return;
  process.stderr.write(`[catalog-clone] table ${id}: ${what} (${d.action.reason})\n`);
}

export async function diff(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.DiffResult> {
  if (containsUnknown(news)) return { changes: true };
  const outs = parseOutputs(olds);
  const current = sameWarehouse(outs.warehouse, news, id);
  const d = await diffTable(lazyWarehouse(news), outs, parseInputs(news));
  announce(id, d);
  // A moved baseline (maintenance only) is a change for Pulumi: update records it, writing no SQL; so is
  // a new warehouse address (its objects moved: warehouseChange.ts warehouseMove).
  const move = warehouseMove(outs.warehouse, current);
  if (move !== undefined) announceWarehouseMove(`table ${id}`, move);
  return { changes: d.changes || d.rebaseline || move !== undefined, replaces: d.replaces, deleteBeforeReplace: false };
}

export async function create(inputs: Bag): Promise<pulumi.dynamic.CreateResult> {
  const parsed = parseInputs(inputs);
  const warehouse = sameWarehouse(undefined, parsed, `${parsed.destination.catalog}.${parsed.destination.schema}.${parsed.destination.table}`);
  try {
    const r = await runInDeployment(parsed, undefined, () => wh(parsed), createTable);
    return { id: r.id, outs: plain({ ...r.outs, warehouse }) };
  } catch (err) {
    return withProvider(err, inputs, warehouse);
  }
}

export async function update(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.UpdateResult> {
  const parsed = parseInputs(news);
  const recorded = parseOutputs(olds);
  const warehouse = sameWarehouse(recorded.warehouse, parsed, id);
  try {
    const r = await runInDeployment(parsed, recorded, () => wh(parsed), async (w, inputs) => ({ id, outs: await updateTable(w, recorded, inputs) }));
    return { outs: plain({ ...r.outs, warehouse }) };
  } catch (err) {
    return withProvider(err, news, warehouse);
  }
}

export async function read(id: string, props: Bag): Promise<pulumi.dynamic.ReadResult> {
  const outs = parseOutputs(props);
  const warehouse = sameWarehouse(outs.warehouse, outs, id);
  const r = await readTable(await wh(outs), id, outs);
  return { id: r.id, props: plain({ ...r.props, warehouse, __provider: props.__provider }) };
}

async function deleteResource(id: string, props: Bag): Promise<void> {
  const outs = parseOutputs(props);
  sameWarehouse(outs.warehouse, outs, id);
  await deleteTable(await wh(outs), outs);
}
export { deleteResource as delete };
