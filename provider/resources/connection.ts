/**
 * Which warehouse a resource talks to. The reference is a NON-secret resource input (it lands in
 * state); credentials never do: they come from stack config handed to `configure`, or from the
 * environment read inside handler methods (DESIGN §4.5).
 */
import * as path from "path";
import { z } from "zod";
import type { Warehouse } from "../warehouse/warehouse";

/** Non-secret selection of the warehouse: a local embedded workspace directory, or a Databricks SQL warehouse. */
export const connectionRefSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      /** The embedded local engine (the default backend when nothing is configured). */
      kind: z.literal("local"),
      /** Directory of the local workspace (created when missing). */
      path: z.string().min(1, { error: "connection.path must be a non-empty directory path." }),
    }),
    z.strictObject({
      /** A Databricks SQL warehouse; the token comes from `databricks:token` (secret stack config) or DATABRICKS_TOKEN. */
      kind: z.literal("databricks"),
      /** Workspace host, e.g. `https://dbc-123.cloud.databricks.com` (or without the scheme). */
      host: z
        .string()
        .regex(/^(https:\/\/)?[A-Za-z0-9.-]+(:[0-9]+)?\/?$/, {
          error: "connection.host must be a workspace host such as https://dbc-1234.cloud.databricks.com (no path, no credentials).",
        }),
      /** SQL warehouse id (the last segment of its HTTP path `/sql/1.0/warehouses/<id>`). */
      warehouseId: z
        .string()
        .regex(/^[A-Za-z0-9]+$/, { error: "connection.warehouseId must be the warehouse id (letters and digits only)." }),
    }),
  ],
  { error: 'connection.kind must be "local" or "databricks".' },
);

/** Non-secret selection of the warehouse a resource uses. Absent: stack config / environment decide. */
export type ConnectionRef = z.infer<typeof connectionRefSchema>;


/** Where configuration comes from: the Config handed to `configure` (plugin) or the program's stack config. */
export interface ConfigSource {
  /** Value of a namespaced key such as `databricks:host` or `catalog-clone:warehouse`; undefined when unset. */
  get(key: string): string | undefined;
}

/** A fully resolved warehouse target. Holds the token only in memory, never in state or messages. */
export type WarehouseTarget =
  | { kind: "local"; path: string }
  | { kind: "databricks"; host: string; warehouseId: string; token: string | undefined };

/** The Config stored by `configure` (module state of the plugin process; never serialized). */
let providerConfig: ConfigSource | undefined;

/** Called from each handler's `configure`: keeps the stack config for later warehouse lookups. */
export function configureConnection(config: ConfigSource): void {
  providerConfig = config;
}

/** Default directory of the embedded local workspace, relative to the project directory. */
export const DEFAULT_LOCAL_PATH = ".catalog-clone/warehouse";

/**
 * Resolves the target from (in order) the resource's ConnectionRef, stack config, then the environment
 * (the Databricks SDK's unified-auth variables). Reads secrets here, at call time, never earlier.
 */
export function resolveTarget(ref: ConnectionRef | undefined, config: ConfigSource | undefined = providerConfig): WarehouseTarget {
  const get = (key: string): string | undefined => {
    const v = config?.get(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const env = (key: string): string | undefined => (process.env[key] === "" ? undefined : process.env[key]);
  const kind = ref?.kind ?? get("catalog-clone:warehouse") ?? env("CATALOG_CLONE_WAREHOUSE") ?? "local";
  if (kind === "local") {
    const p = (ref?.kind === "local" ? ref.path : undefined) ?? get("catalog-clone:localPath") ?? env("CATALOG_CLONE_LOCAL_PATH") ?? DEFAULT_LOCAL_PATH;
    return { kind: "local", path: path.resolve(process.cwd(), p) };
  }
  if (kind === "databricks") {
    const host = (ref?.kind === "databricks" ? ref.host : undefined) ?? get("databricks:host") ?? env("DATABRICKS_HOST");
    const warehouseId =
      (ref?.kind === "databricks" ? ref.warehouseId : undefined) ?? get("catalog-clone:warehouseId") ?? env("DATABRICKS_WAREHOUSE_ID");
    if (!host) throw new Error("No Databricks host: set `pulumi config set databricks:host https://<workspace>` or DATABRICKS_HOST.");
    if (!warehouseId) throw new Error("No SQL warehouse id: set `pulumi config set catalog-clone:warehouseId <id>` or DATABRICKS_WAREHOUSE_ID.");
    return { kind: "databricks", host, warehouseId, token: get("databricks:token") ?? env("DATABRICKS_TOKEN") };
  }
  throw new Error(`catalog-clone:warehouse must be "local" or "databricks", got "${kind}".`);
}

/** Pool key of a target: never includes the token. */
function targetKey(t: WarehouseTarget): string {
  return t.kind === "local" ? `local:${t.path}` : `databricks:${t.host}/${t.warehouseId}`;
}

const pool = new Map<string, Promise<Warehouse>>();

/**
 * Registers an already-open Warehouse for a ConnectionRef in this process, so `warehouseFor(ref)`
 * returns it (custom drivers, instrumented warehouses in tests). Program-side only: the provider plugin
 * is another process.
 */
export function useWarehouse(ref: ConnectionRef, warehouse: Warehouse): void {
  pool.set(targetKey(resolveTarget(ref, undefined)), Promise.resolve(warehouse));
}

/** Opens a warehouse for a resolved target. Drivers load lazily so the program never loads what it does not use. */
async function open(target: WarehouseTarget): Promise<Warehouse> {
  if (target.kind === "local") {
    // TEMPORARY until provider/warehouse/connect lands: open the embedded engine directly.
    const modulePath = "../warehouse/local/localWarehouse";
    const { LocalWarehouse } = require(modulePath);
    return LocalWarehouse.open(target.path);
  }
  throw new Error("The Databricks driver is not available yet in this build.");
}

/**
 * The pooled Warehouse for a ConnectionRef (or the stack config / environment when absent). One
 * warehouse per target per process, shared by every resource the process handles; callers never close it.
 */
export function warehouseFor(ref?: ConnectionRef, config?: ConfigSource): Promise<Warehouse> {
  const target = resolveTarget(ref, config ?? providerConfig);
  const key = targetKey(target);
  let wh = pool.get(key);
  if (!wh) {
    wh = open(target);
    wh.catch(() => pool.delete(key));
    pool.set(key, wh);
  }
  return wh;
}
