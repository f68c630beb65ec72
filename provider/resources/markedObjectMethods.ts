/**
 * The dynamic-provider methods of a marked container (catalog, schema): parse inputs, check the recorded
 * warehouse identity, call the kind's lifecycle function, and carry the identity (and `__provider` on the
 * partial-state error path) into the outputs. Each kind supplies only its schema, id and lifecycle.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Warehouse } from "../warehouse/warehouse";
import { checkFailures } from "./checkFailures";
import type { ConnectionRef } from "./connectionRef";
import { processRuntime } from "./runtime";
import { announceWarehouseMove, warehouseMove } from "./warehouseChange";
import { PartialStateError } from "./partialState";

type WithProvider<T> = T & { __provider?: unknown };

export interface MarkedObjectKind<I extends { connection?: ConnectionRef }, O extends I & { lastAction: string; warehouse?: string }> {
  /** `Catalog` / `Schema`, for messages. */
  label: string;
  inputs: z.ZodType<I>;
  idOf(inputs: I): string;
  diff(olds: Partial<O>, news: I): pulumi.dynamic.DiffResult;
  create(wh: Warehouse, inputs: I): Promise<O>;
  read(wh: Warehouse, props: O): Promise<O | undefined>;
  update(wh: Warehouse, olds: O, news: I): Promise<O>;
  /** Returns what destroy did (dropped, kept and why), printed for the user. */
  delete(wh: Warehouse, props: O): Promise<string>;
}

/** Re-throws a PartialStateError with `__provider` (the plugin does not add it on the error path) and the warehouse identity. */
function withProvider(err: unknown, bag: { __provider?: unknown }, warehouse: string): never {
  if (err instanceof PartialStateError) err.properties = JSON.parse(JSON.stringify({ ...err.properties, warehouse, __provider: bag.__provider }));
  throw err;
}

/** The provider methods shim.ts calls for one marked-object kind (export `delete` under that name). */
export function markedObjectMethods<I extends { connection?: ConnectionRef }, O extends I & { lastAction: string; warehouse?: string }>(kind: MarkedObjectKind<I, O>) {
  const what = (id: string) => `${kind.label} ${id}`;
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      processRuntime().configure(req.config);
    },

    async check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      return checkFailures(kind.inputs, news);
    },

    async diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      const parsed = kind.inputs.parse(news);
      const current = processRuntime().checkWarehouse(olds.warehouse, parsed.connection, what(id));
      const d = kind.diff(olds, parsed);
      const move = warehouseMove(olds.warehouse, current);
      if (move === undefined) return d;
      announceWarehouseMove(`${kind.label.toLowerCase()} ${id}`, move);
      return { ...d, changes: true };
    },

    async create(inputs: WithProvider<I>): Promise<pulumi.dynamic.CreateResult> {
      const parsed = kind.inputs.parse(inputs);
      const id = kind.idOf(parsed);
      const warehouse = processRuntime().checkWarehouse(undefined, parsed.connection, what(id));
      try {
        const outs = await kind.create(await processRuntime().warehouseFor(parsed.connection), parsed);
        return { id, outs: { ...outs, warehouse } };
      } catch (err) {
        return withProvider(err, inputs, warehouse);
      }
    },

    async read(id: string, props: O): Promise<pulumi.dynamic.ReadResult> {
      const warehouse = processRuntime().checkWarehouse(props.warehouse, props.connection, what(id));
      const outs = await kind.read(await processRuntime().warehouseFor(props.connection), props);
      return outs ? { id, props: { ...outs, warehouse } } : {};
    },

    async update(id: string, olds: O, news: WithProvider<I>): Promise<pulumi.dynamic.UpdateResult> {
      const parsed = kind.inputs.parse(news);
      const warehouse = processRuntime().checkWarehouse(olds.warehouse, parsed.connection, what(id));
      try {
        const outs = await kind.update(await processRuntime().warehouseFor(parsed.connection), olds, parsed);
        const move = warehouseMove(olds.warehouse, warehouse);
        return { outs: { ...outs, ...(move ? { lastAction: `${outs.lastAction}; ${move}` } : {}), warehouse } };
      } catch (err) {
        return withProvider(err, news, warehouse);
      }
    },

    async delete(id: string, props: O): Promise<void> {
      processRuntime().checkWarehouse(props.warehouse, props.connection, what(id));
      const outcome = await kind.delete(await processRuntime().warehouseFor(props.connection), props);
      // The provider's stderr is shown by the Pulumi CLI (and the harness): destroy says what it kept and why.
      process.stderr.write(`[catalog-clone] ${outcome}\n`);
    },
  };
}
