/**
 * The order tables are registered in, so that a first DEEP clone of many tables finishes near the lower
 * bound max(total bytes / slots, largest table): largest first (longest-processing-time-first), and each
 * schema before the next ordered by its largest table. Pulumi starts ready operations in registration
 * order (a table waits only for its schema), and the provider's per-warehouse slots go to the operations
 * started first (provider/warehouse/statementPriority.ts), so the largest clone starts at once and the
 * small ones fill the other slots around it. In name order a large table named last starts last, and the
 * deployment waits for it alone at the end.
 *
 * Sizes cost one read-only statement per 200 tables to create, on `up` only (a preview or a run that
 * creates no more DEEP clones than the warehouse runs at once pays nothing: order cannot matter then).
 * A warehouse that refuses the batched read (tableSizes.ts GUESS) keeps name order, with a warning:
 * the order is an optimisation, never a reason to fail.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { resolveWarehouseConnection } from "../../provider/warehouse/connectionConfig";
import { connectionArgs } from "../../provider/resources/connectionRef";
import { processRuntime, type ConfigSource } from "../../provider/resources/runtime";
import type { ResolvedCatalogCloneArgs } from "./args";
import { WarehouseError } from "../../provider/warehouse/warehouse";
import { tableSizes } from "../../provider/sql/tableSizes";
import type { ClonePlan, PlannedSchema, PlannedTable } from "./plan";

/** Tables per size statement. */
const BATCH = 200;

/** Bytes per `schema.table` (lower case); tables without a known size are absent. */
export type TableSizes = ReadonlyMap<string, number>;

const key = (schema: string, table: string) => `${schema}.${table}`.toLowerCase();

/** The planned tables a DEEP clone will create (not in the destination yet) whose size can be read (Delta). */
export function tablesToSize(tables: readonly PlannedTable[], cloneType: string): PlannedTable[] {
  if (cloneType !== "DEEP") return [];
  return tables.filter((t) => t.destination === undefined && (t.source.format ?? "DELTA").toUpperCase() === "DELTA");
}

/**
 * The sizes of `tables` of `catalog` (see tablesToSize), or an empty map when there are no more of them
 * than `concurrency` (all start at once) or the warehouse refuses the read (then `warn` says so).
 */
export async function discoverTableSizes(
  wh: Warehouse,
  catalog: string,
  tables: readonly PlannedTable[],
  concurrency: number,
  warn: (message: string) => void,
): Promise<TableSizes> {
  const sizes = new Map<string, number>();
  if (tables.length <= concurrency) return sizes;
  try {
    for (let i = 0; i < tables.length; i += BATCH) {
      const batch = tables.slice(i, i + BATCH).map((t) => ({ catalog, schema: t.schema, name: t.table }));
      for (const r of await wh.execute(tableSizes(batch))) {
        const n = Number(r.size_in_bytes);
        if (Number.isFinite(n)) sizes.set(key(String(r.table_schema), String(r.table_name)), n);
      }
    }
  } catch (err) {
    if (!(err instanceof WarehouseError)) throw err;
    warn(`Tables are cloned in name order: their sizes could not be read in one statement (${err.errorClass}).`);
    return new Map();
  }
  return sizes;
}

/**
 * `tables` largest first (unknown sizes count as 0; ties keep their order), and `schemas` ordered by the
 * largest table each holds (ties, and schemas without one, keep their order).
 */
export function largestFirst<S extends Pick<PlannedSchema, "name">, T extends Pick<PlannedTable, "schema" | "table">>(
  schemas: readonly S[],
  tables: readonly T[],
  sizes: TableSizes,
): { schemas: S[]; tables: T[] } {
  if (sizes.size === 0) return { schemas: [...schemas], tables: [...tables] };
  const size = (t: T) => sizes.get(key(t.schema, t.table)) ?? 0;
  const orderedTables = tables.map((t, i) => ({ t, i, s: size(t) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.t);
  const largest = new Map<string, number>();
  for (const t of tables) largest.set(t.schema, Math.max(largest.get(t.schema) ?? 0, size(t)));
  const orderedSchemas = schemas
    .map((s, i) => ({ s, i, n: largest.get(s.name) ?? 0 }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.s);
  return { schemas: orderedSchemas, tables: orderedTables };
}

/**
 * The order to register `plan`'s schemas and tables in (see the top of this file): largest first on an
 * `up` that creates more DEEP clones than the warehouse's concurrency limit, else the plan's (name) order.
 */
export async function registrationOrder(
  args: ResolvedCatalogCloneArgs,
  plan: Pick<ClonePlan, "schemas" | "tables">,
  config: ConfigSource,
  warn: (message: string) => void,
): Promise<{ schemas: PlannedSchema[]; tables: PlannedTable[] }> {
  const toSize = pulumi.runtime.isDryRun() ? [] : tablesToSize(plan.tables, args.cloneType);
  if (toSize.length === 0) return largestFirst(plan.schemas, plan.tables, new Map());
  const getter = (k: string) => config.get(k);
  const { maxConcurrency } = resolveWarehouseConnection(connectionArgs(args.connection), getter, process.env);
  if (toSize.length <= maxConcurrency) return largestFirst(plan.schemas, plan.tables, new Map());
  const sizes = await processRuntime().discovering(async () =>
    discoverTableSizes(await processRuntime().warehouseFor(args.connection, config), args.source.catalog, toSize, maxConcurrency, warn),
  );
  return largestFirst(plan.schemas, plan.tables, sizes);
}
