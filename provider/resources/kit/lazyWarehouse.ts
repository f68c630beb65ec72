/**
 * The warehouse a lifecycle function gets: it connects on its first statement, so a statement-free call
 * (a no-drift diff, a gate with nothing to roll back) opens no session. Connections are pooled per
 * process (runtime.ts), so nothing here closes one.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import type { ConnectionRef } from "../connectionRef";
import { processRuntime } from "../runtime";

export interface LazyWarehouse extends Warehouse {
  /** The connection itself (opened now if not yet), for code that must see a connection failure where it happens. */
  open(): Promise<Warehouse>;
}

/** A warehouse for `connection` (a resource's `connection` input) that connects when first used. */
export function lazyWarehouse(connection: unknown): LazyWarehouse {
  let opened: Promise<Warehouse> | undefined;
  const open = () => (opened ??= processRuntime().warehouseFor(connection as ConnectionRef | undefined));
  return {
    open,
    execute: async (sql) => (await open()).execute(sql),
    close: async () => undefined, // pooled: never closed by a handler
  };
}
