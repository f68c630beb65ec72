/**
 * A source catalog a CatalogClone must not discover itself because it is not there at program time: the
 * catalog over a Delta share that a CrossWorkspaceClone with `shareLifecycle: "teardown"` mounts only for
 * the length of a sync. That component discovers the shared tables on the SOURCE workspace (the same
 * tables, types, formats and last_altered the shared catalog lists) and presets them here, keyed by the
 * clone's connection and source catalog; CatalogClone's discovery takes the preset instead of reading the
 * catalog. Program-side and per process, like the runtime's claims.
 */
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import type { DiscoveredCatalog } from "./discovery";

const presets = new Map<string, DiscoveredCatalog>();
const keyOf = (connection: ConnectionRef | undefined, catalog: string) => `${JSON.stringify(connection ?? null)}|${catalog.toLowerCase()}`;

/** Presets the discovery of `catalog` as seen through `connection`. */
export function presetSource(connection: ConnectionRef | undefined, discovered: DiscoveredCatalog): void {
  presets.set(keyOf(connection, discovered.catalog), discovered);
}

/** The preset discovery of `catalog`, undefined when none (then it is discovered as usual). A copy: discovery fills it in. */
export function presetSourceOf(connection: ConnectionRef | undefined, catalog: string): DiscoveredCatalog | undefined {
  const hit = presets.get(keyOf(connection, catalog));
  return hit ? structuredClone(hit) : undefined;
}
