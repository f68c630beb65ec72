/**
 * The dynamic-provider methods of a resource kind (what `<kind>/handler.ts` exports and shim.ts calls),
 * made from its declaration (resourceKind.ts). The glue every kind needs is here, once:
 * - inputs are parsed with the kind's schema (defaults applied); problems name the field and the fix
 *   (provider/inputProblems.ts), as check failures at preview and as errors later; state records them
 *   without the top-level fields at their default;
 * - inputs still unknown at preview are not validated, and their diff is a change that plans no
 *   replacement (it cannot know one);
 * - recorded outputs are upgraded to this code's state version and parsed (stateVersion.ts), and
 *   recorded with it, holding only the fields the outputs schema declares;
 * - a kind holding a warehouse object records the warehouse's identity and refuses to work through
 *   another warehouse (warehouseChange.ts checkWarehouse), following a declared move;
 * - a PartialStateError gets `__provider` and the identity (the plugin does not add them on the error
 *   path), so the engine records what is really there.
 */
import type * as pulumi from "@pulumi/pulumi";
import { inputProblems, problemsText } from "../../inputProblems";
import type { ConnectionRef } from "../connectionRef";
import { processRuntime } from "../runtime";
import { announceWarehouseMove, warehouseMove } from "../warehouseChange";
import { PartialStateError } from "../partialState";
import { inputChanges } from "./inputChanges";
import { lazyWarehouse } from "./lazyWarehouse";
import { asJob } from "../../warehouse/statementPriority";
import { containsUnknown } from "./previewUnknowns";
import type { Bag, ResourceKind } from "./resourceKind";
import { recordedOutputs, versioned } from "./stateVersion";

/** How problems of the inputs as a whole (no field) are named. */
const WHOLE = "(inputs)";

/** Drops undefined values (the plugin's Struct conversion rejects them) and non-JSON types. */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export interface ProviderMethods {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Bag): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Bag): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Bag, news: Bag): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Bag): Promise<void>;
}

export function providerMethods<I extends { connection?: unknown }, O extends object>(kind: ResourceKind<I, O>): ProviderMethods {
  const label = (id: string) => `${kind.typeName} ${id}`;

  /** The program's inputs without `__provider` and the keys that are never inputs. */
  function inputsOnly(bag: Bag): Bag {
    const rest: Bag = { ...bag };
    for (const k of ["__provider", ...(kind.notInputs ?? [])]) delete rest[k];
    return rest;
  }

  function withoutNotInputs(bag: Bag): Bag {
    const rest: Bag = { ...bag };
    for (const k of kind.notInputs ?? []) delete rest[k];
    return rest;
  }

  function parseInputs(bag: Bag): I {
    const rest = inputsOnly(bag);
    const r = kind.inputs.safeParse(rest);
    if (r.success) return r.data;
    throw new Error(`Invalid catalog-clone:${kind.typeName} inputs: ${problemsText(inputProblems(r.error, rest, kind.inputs, WHOLE))}`);
  }

  /** The identity of the warehouse to record (undefined for kinds holding no object), after refusing another warehouse. */
  function sameWarehouse(recorded: unknown, connection: unknown, id: string): string | undefined {
    return kind.holdsObject ? processRuntime().checkWarehouse(recorded, connection as ConnectionRef | undefined, label(id)) : undefined;
  }

  const recordedWarehouse = (outs: O) => (outs as { warehouse?: unknown }).warehouse;
  const connectionOf = (outs: O) => (outs as { connection?: unknown }).connection;

  /**
   * The outputs to return: the fields the kind's outputs schema declares (a lifecycle builds them from its
   * inputs, but state stores them per resource, and whatever the schema does not declare no reader gets:
   * parsing drops it), versioned, with the warehouse identity (kinds holding an object).
   */
  function recordable(outs: O, warehouse: string | undefined, extra: Bag = {}): Bag {
    return plain({ ...versioned(kind, declaredOnly(outs as Bag) as O), ...(warehouse !== undefined ? { warehouse } : {}), ...extra });
  }

  /** Top-level inputs with a schema default, and that default as JSON. */
  const inputDefaults: [string, string][] =
    "shape" in kind.inputs
      ? Object.entries((kind.inputs as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }> }).shape).flatMap(([k, field]) => {
          const r = field.safeParse(undefined);
          return r.success && r.data !== undefined ? [[k, JSON.stringify(r.data)] as [string, string]] : [];
        })
      : [];

  const declared = "shape" in kind.outputs ? new Set(Object.keys((kind.outputs as unknown as { shape: object }).shape)) : undefined;
  function declaredOnly(outs: Bag): Bag {
    return declared ? Object.fromEntries(Object.entries(outs).filter(([k]) => declared.has(k))) : outs;
  }

  /** Re-throws a PartialStateError with `__provider` and the identity (the plugin does not add them on the error path). */
  function withProvider(err: unknown, bag: Bag, warehouse: string | undefined): never {
    if (err instanceof PartialStateError) {
      err.properties = recordable(err.properties as O, warehouse, { __provider: bag.__provider });
    }
    throw err;
  }

  return {
    async configure(req) {
      processRuntime().configure(req.config);
    },

    async check(olds, news) {
      const checked = withoutNotInputs(news);
      const rest = inputsOnly(news);
      if (containsUnknown(rest)) return { inputs: checked };
      const r = kind.inputs.safeParse(rest);
      if (!r.success) {
        return {
          failures: inputProblems(r.error, rest, kind.inputs, WHOLE).map((p) => ({
            property: p.field === WHOLE ? "" : p.field.split(/[.[]/)[0],
            reason: `${p.field}: ${p.message}`,
          })),
        };
      }
      const failures = kind.lifecycle.check ? await kind.lifecycle.check(lazyWarehouse(r.data.connection), r.data, olds ?? {}) : [];
      if (failures.length > 0) return { failures };
      // The parsed inputs are what state records, but for a field at its schema default (every method parses
      // the inputs again, which puts it back: state stores inputs per resource); `__provider` stays as the
      // plugin sent it. Derived inputs replace whatever the program passed under their names (undefined: left out).
      const derived = kind.lifecycle.derive ? kind.lifecycle.derive(r.data, olds ?? {}) : {};
      const inputs: Bag = { ...checked, ...plain(r.data) };
      for (const [k, d] of inputDefaults) if (k in inputs && JSON.stringify(inputs[k]) === d) delete inputs[k];
      for (const [k, v] of Object.entries(derived)) {
        if (v === undefined) delete inputs[k];
        else inputs[k] = plain(v);
      }
      return { inputs };
    },

    async diff(id, olds, news) {
      if (containsUnknown(inputsOnly(news))) return { changes: true };
      const recorded = recordedOutputs(kind, olds, id);
      const parsed = parseInputs(news);
      const current = sameWarehouse(recordedWarehouse(recorded), parsed.connection, id);
      const d = kind.lifecycle.diff ? await kind.lifecycle.diff(lazyWarehouse(parsed.connection), id, recorded, parsed) : inputChanges(kind, recorded, parsed);
      const move = current === undefined ? undefined : warehouseMove(recordedWarehouse(recorded), current);
      if (move === undefined) return d;
      // Its objects moved with the warehouse: update records the new address, writing no SQL.
      announceWarehouseMove(`${kind.typeName.toLowerCase()} ${id}`, move);
      return { ...d, changes: true };
    },

    async create(inputs) {
      const parsed = parseInputs(inputs);
      const id = kind.idOf(parsed);
      const warehouse = sameWarehouse(undefined, parsed.connection, id);
      try {
        // One job per operation (statementPriority.ts): the operations Pulumi started first (registered
        // first: the largest tables, cloneOrder.ts) take free warehouse slots before later ones.
        const r = await asJob(() => kind.lifecycle.create(lazyWarehouse(parsed.connection), parsed));
        return { id: r.id ?? id, outs: recordable(r.outs, warehouse) };
      } catch (err) {
        return withProvider(err, inputs, warehouse);
      }
    },

    async read(id, props) {
      const recorded = recordedOutputs(kind, props, id);
      const warehouse = sameWarehouse(recordedWarehouse(recorded), connectionOf(recorded), id);
      const outs = kind.lifecycle.read ? await kind.lifecycle.read(lazyWarehouse(connectionOf(recorded)), id, recorded) : recorded;
      // Gone: the engine drops the resource from state.
      return outs ? { id, props: recordable(outs as O, warehouse, { __provider: props.__provider }) } : {};
    },

    async update(id, olds, news) {
      const parsed = parseInputs(news);
      const recorded = recordedOutputs(kind, olds, id);
      const warehouse = sameWarehouse(recordedWarehouse(recorded), parsed.connection, id);
      try {
        let outs: O = await asJob(() => kind.lifecycle.update(lazyWarehouse(parsed.connection), id, recorded, parsed));
        const move = warehouse === undefined ? undefined : warehouseMove(recordedWarehouse(recorded), warehouse);
        if (move !== undefined && kind.noteMove) outs = kind.noteMove(outs, move);
        return { outs: recordable(outs, warehouse) };
      } catch (err) {
        return withProvider(err, news, warehouse);
      }
    },

    async delete(id, props) {
      // A kind holding nothing has nothing to remove: its state is not even read, so destroy never fails on it.
      if (!kind.lifecycle.delete) return;
      const recorded = recordedOutputs(kind, props, id);
      sameWarehouse(recordedWarehouse(recorded), connectionOf(recorded), id);
      const outcome = await asJob(() => kind.lifecycle.delete!(lazyWarehouse(connectionOf(recorded)), recorded));
      // The provider's stderr is shown by the Pulumi CLI (and the harness): destroy says what it kept and why.
      if (outcome) process.stderr.write(`[catalog-clone] ${outcome}\n`);
    },
  };
}
