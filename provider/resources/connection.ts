/**
 * Which warehouse a resource talks to. The reference is a NON-secret resource input (it lands in
 * state); credentials never do: they come from stack config handed to `configure`, or from the
 * environment read inside handler methods (DESIGN §4.5).
 */
import { z } from "zod";
import type { Warehouse } from "../warehouse/warehouse";
import { identityLocation, resolveWarehouseIdentity } from "../warehouse/connectionConfig";
import { closeAllWarehouses, openWarehouse } from "../warehouse/connect";
import { isReadOnlyStatement } from "../sql/statementKind";

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

/** The Config stored by `configure` (module state of the plugin process; never serialized). */
let providerConfig: ConfigSource | undefined;

/** Called from each handler's `configure`: keeps the stack config for later warehouse lookups. */
export function configureConnection(config: ConfigSource): void {
  providerConfig = config;
}

/** The ConnectionRef as explicit arguments of the shared resolver (absent fields: config, then env). */
function connectionArgs(ref: ConnectionRef | undefined) {
  if (ref === undefined) return undefined;
  return ref.kind === "local" ? { kind: ref.kind, path: ref.path } : { kind: ref.kind, host: ref.host, warehouseId: ref.warehouseId };
}

/** Registered warehouses (useWarehouse), keyed by connection identity. */
const registered = new Map<string, Warehouse>();

/**
 * Registers an already-open Warehouse for a ConnectionRef in this process, so `warehouseFor(ref)`
 * returns it (custom drivers, instrumented warehouses in tests). Program-side only: the provider plugin
 * is another process.
 */
export function useWarehouse(ref: ConnectionRef, warehouse: Warehouse): void {
  registered.set(resolveWarehouseIdentity(connectionArgs(ref)), warehouse);
}

/**
 * The Warehouse for a ConnectionRef, resolved (in order) from the ref, stack config (the Config given
 * to `configure`, or the program's), then the environment; see provider/warehouse/connectionConfig.ts.
 * Pooled per process with the shared concurrency limit and transient-error retry (connect.ts).
 * Secrets are read here, at call time, and never leave memory.
 */
export async function warehouseFor(ref?: ConnectionRef, config?: ConfigSource): Promise<Warehouse> {
  const source = config ?? providerConfig;
  const getter = (key: string) => source?.get(key);
  if (registered.size > 0) {
    const hit = registered.get(resolveWarehouseIdentity(connectionArgs(ref), getter, process.env));
    if (hit) return hit;
  }
  // Read-only statements may be re-sent after a failure that may have run; writes go back to the handler.
  return openWarehouse(connectionArgs(ref), getter, process.env, { isResendable: isReadOnlyStatement });
}

/** Stack config key / environment variable that lets resources follow their objects to a new address. */
export const WAREHOUSE_MOVED_FROM = { config: "catalog-clone:warehouseMovedFrom", env: "UC_CLONE_WAREHOUSE_MOVED_FROM" } as const;

/**
 * The identity (connectionIdentity: `databricks:<host><http path>` or `local:<dir>`, never a credential)
 * of the warehouse a resource with `ref` uses now, resolved exactly as warehouseFor resolves it.
 */
export function currentWarehouseIdentity(ref?: ConnectionRef, config?: ConfigSource): string {
  const source = config ?? providerConfig;
  return resolveWarehouseIdentity(connectionArgs(ref), (key) => source?.get(key), process.env);
}

/**
 * Refuses to touch a resource through a warehouse other than the one its objects were created in. The
 * connection comes from current config, not from state, so changing `databricks:host` (or the local
 * path) would otherwise silently read, diff, "repair" or drop against another workspace, where the
 * objects are not: refresh would forget them, and up would clone everything again.
 *
 * `recorded` is the identity in the resource's state (undefined: state written before identities were
 * recorded, which adopts the current one). A different SQL warehouse of the same workspace is the same
 * place (same catalogs), so only the host / local directory is compared. Returns the identity to record.
 */
export function checkWarehouse(recorded: unknown, ref: ConnectionRef | undefined, what: string, config?: ConfigSource): string {
  const current = currentWarehouseIdentity(ref, config);
  if (typeof recorded !== "string" || recorded === "") return current;
  if (identityLocation(recorded) === identityLocation(current)) return current;
  const source = config ?? providerConfig;
  const movedFrom = source?.get(WAREHOUSE_MOVED_FROM.config) ?? process.env[WAREHOUSE_MOVED_FROM.env];
  if (movedFrom !== undefined && movedFrom.trim() !== "" && identityLocation(movedFrom.trim()) === identityLocation(recorded)) return current;
  throw new WarehouseChangedError(what, recorded, current);
}

/**
 * Why a resource's recorded identity is not the current one although checkWarehouse let it through
 * (its objects moved: catalog-clone:warehouseMovedFrom), or undefined when there is nothing to record
 * (same place; no identity recorded yet). Diff reports it as a change, so update records the new address
 * (without SQL) while the key is set: once it is removed, the recorded identity is the current one.
 */
export function warehouseMove(recorded: unknown, current: string): string | undefined {
  if (typeof recorded !== "string" || recorded === "" || identityLocation(recorded) === identityLocation(current)) return undefined;
  return `its objects moved from ${recorded} to ${current} (${WAREHOUSE_MOVED_FROM.config}): the new address is recorded, no SQL is sent`;
}

/** Tells preview (the provider's stderr, passed through by the CLI) why an otherwise unchanged resource updates. */
export function announceWarehouseMove(what: string, move: string): void {
  process.stderr.write(`[catalog-clone] ${what}: record the warehouse's new address (${move})\n`);
}

/** A resource's recorded warehouse differs from the configured one (see checkWarehouse). */
export class WarehouseChangedError extends Error {
  constructor(what: string, recorded: string, current: string) {
    super(
      `[CATALOG_CLONE_WAREHOUSE_CHANGED] ${what}: this stack's resources live in ${recorded}; the configuration now points at ${current}. ` +
        "Nothing was read or changed there: the objects this stack manages are not in that warehouse. " +
        "To fix: point this stack back at the original warehouse (stack config databricks:host, catalog-clone:warehouseId / httpPath, " +
        "catalog-clone:localPath, or the environment variables DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID, UC_LOCAL_WAREHOUSE that set them); " +
        "to clone into the new warehouse, use a new stack (or `pulumi destroy` this one against the old warehouse first); " +
        `only if the very same objects are now reachable at the new address (workspace URL or directory moved), run once with ` +
        `\`pulumi config set ${WAREHOUSE_MOVED_FROM.config} '${recorded}'\` (or ${WAREHOUSE_MOVED_FROM.env}) and remove it afterwards.`,
    );
    this.name = "WarehouseChangedError";
  }
}

/**
 * Closes every pooled warehouse connection of this process. The program calls it once discovery is
 * done, so open sockets or engine handles never keep the Pulumi program from exiting.
 */
export async function closeWarehouses(): Promise<void> {
  await closeAllWarehouses();
}
