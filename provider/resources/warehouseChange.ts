/**
 * A resource's objects live in the warehouse it recorded: refusing to touch them through another one,
 * and recording a new address when the objects moved (catalog-clone:warehouseMovedFrom).
 */
import { identityLocation } from "../warehouse/connectionConfig";

/** Stack config key / environment variable that lets resources follow their objects to a new address. */
export const WAREHOUSE_MOVED_FROM = { config: "catalog-clone:warehouseMovedFrom", env: "UC_CLONE_WAREHOUSE_MOVED_FROM" } as const;

/**
 * Refuses to touch a resource through a warehouse other than the one its objects were created in. The
 * connection comes from current config, not from state, so changing `databricks:host` (or the local
 * path) would otherwise silently read, diff, "repair" or drop against another workspace, where the
 * objects are not: refresh would forget them, and up would clone everything again.
 *
 * `recorded` is the identity in the resource's state (undefined: state written before identities were
 * recorded, which adopts the current one); `current` the identity the configuration resolves to now;
 * `movedFrom` the value of catalog-clone:warehouseMovedFrom, if set. A different SQL warehouse of the
 * same workspace is the same place (same catalogs), so only the host / local directory is compared.
 * Returns the identity to record.
 */
export function checkWarehouse(recorded: unknown, current: string, movedFrom: string | undefined, what: string): string {
  if (typeof recorded !== "string" || recorded === "") return current;
  if (identityLocation(recorded) === identityLocation(current)) return current;
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
