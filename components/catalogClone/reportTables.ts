/**
 * The clone report's per-table rows, read back from a stack's state. A CatalogClone registers them as
 * its `tables` output, apart from the `report` summary the root program exports, so `pulumi stack
 * output` stays small at 2,000 tables while every row stays in state: `pulumi stack export` (a Pulumi
 * checkpoint: `deployment.resources`) or the test harness's state file (`resources`) holds them.
 */
import type { TableReport } from "./report";

/** The component type token whose outputs carry the rows (CatalogClone.ts). */
const COMPONENT_TYPE = "catalog-clone:index:CatalogClone";

/** What a state resource needs here: Pulumi checkpoints and the harness state share this shape. */
export interface StateResource {
  type: string;
  outputs?: Record<string, unknown>;
}

/**
 * The rows of every CatalogClone in `resources` (a stack export's `deployment.resources`, or the
 * harness's `resources()`), in state order. Secrets must already be decrypted (rows hold none).
 */
export function reportTables(resources: readonly StateResource[]): TableReport[] {
  return resources.filter((r) => r.type === COMPONENT_TYPE).flatMap((r) => (Array.isArray(r.outputs?.tables) ? (r.outputs.tables as TableReport[]) : []));
}
