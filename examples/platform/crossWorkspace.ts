/**
 * `catalog-clone:crossWorkspace`: the stack's clone goes to other workspaces (other metastores) through
 * Delta Sharing, one CrossWorkspaceClone per target, each with its own share and its own status in the
 * `report` export; a target that fails does not undo the others. The source is the stack's own warehouse
 * (`catalog-clone:localPath`, `databricks:host`, ...). In the stack file:
 *
 *   catalog-clone:crossWorkspace:
 *     dataSync: deep_clone            # or shared_catalog
 *     shareLifecycle: keepShare       # or teardown (share, grant and shared catalog removed after each sync)
 *     targets:
 *       - workspace: dr               # a workspace of the embedded account (sibling of the source's directory), or
 *       # - path: /data/uc/dr         # a local workspace directory, or
 *       # - host: https://dbc-dr.cloud.databricks.com
 *       #   warehouseId: abc123
 *       #   configNamespace: databricks-dr   # its own credentials: secret databricks-dr:token or DATABRICKS_DR_TOKEN
 *       #                                    # (unset: databricks:token / DATABRICKS_TOKEN, as for the source)
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CrossWorkspaceClone, type CatalogCloneArgs, type CrossWorkspaceFailure, type CrossWorkspaceReport } from "../../components";
import { inputProblems } from "../../provider/inputProblems";
import { resolveWarehouseConnection } from "../../provider/warehouse/connectionConfig";
import { StackConfigError } from "./stackArgs";

const KEY = "catalog-clone:crossWorkspace";

const targetSchema = z.strictObject({
  /** This target's name (its CrossWorkspaceClone and its entry in `report`); default: the stack name, then `<stack>-<n>`. */
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "name must be letters, digits, '-' or '_'." }).optional(),
  /**
   * A workspace of the same embedded account as the source, by name: the sibling directory `<name>` of
   * the source's local workspace directory (the embedded engine's account is that parent directory).
   */
  workspace: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "workspace must be a directory name (letters, digits, '-' or '_')." }).optional(),
  /** A local workspace directory (relative: against the project root). */
  path: z.string().min(1).optional(),
  /** A Databricks workspace host (with warehouseId). */
  host: z.string().optional(),
  /** SQL warehouse id in that workspace (with host). */
  warehouseId: z.string().optional(),
  /**
   * With host: the stack config namespace holding THIS workspace's credentials (e.g. `databricks-dr`: secret
   * `databricks-dr:token`, or DATABRICKS_DR_TOKEN), so the source and each target have their own. Unset: the
   * stack's `databricks:*` credentials (one principal that reaches every workspace).
   */
  configNamespace: z.string().optional(),
  /** Destination catalog in this target; default: catalog-clone:destinationCatalog. */
  catalog: z.string().optional(),
});

const crossWorkspaceConfigSchema = z.strictObject({
  /** The target workspaces (at least one). */
  targets: z.array(targetSchema).min(1, { error: "targets must list at least one target workspace." }),
  /** `deep_clone` (default) or `shared_catalog`. */
  dataSync: z.enum(["deep_clone", "shared_catalog"]).optional(),
  /** `fail` (default) or `directClone`, when a target reports the source's metastore. */
  sameMetastore: z.enum(["fail", "directClone"]).optional(),
  /** `refuse` (default) or `skip` source tables with row filters or column masks (`view` is refused: see CrossWorkspaceCloneArgs). */
  policyTables: z.enum(["refuse", "skip", "view"]).optional(),
  /** `keepShare` (default: share, grant and shared catalog stay for fast incremental syncs) or `teardown` (removed after each deep-clone sync). */
  shareLifecycle: z.enum(["keepShare", "teardown"]).optional(),
  /** Longest wait for a share to become visible in a target, in seconds. */
  propagationTimeoutSeconds: z.number().int().positive().optional(),
});

/** The local workspace `name` next to the source's (the stack's own warehouse, resolved as the provider resolves it). */
function siblingWorkspace(stack: string, i: number, name: string): { kind: "local"; path: string } {
  const source = resolveWarehouseConnection(undefined, (key) => pulumi.runtime.getConfig(key), process.env);
  if (source.kind !== "local") {
    throw new StackConfigError(stack, [{ key: `${KEY}.targets[${i}].workspace`, message: "names a workspace of the embedded account, but the source is a Databricks warehouse; give host and warehouseId instead." }]);
  }
  return { kind: "local", path: path.join(path.dirname(source.path), name) };
}

/** The clones of a cross-workspace stack, and what the program exports for them. */
export function crossWorkspaceClones(
  stack: string,
  args: CatalogCloneArgs,
  config: unknown,
  protect: boolean,
): { destinationCatalog: pulumi.Output<string>; report: pulumi.Output<Record<string, CrossWorkspaceReport | CrossWorkspaceFailure | undefined>> } {
  const parsed = crossWorkspaceConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new StackConfigError(stack, inputProblems(parsed.error, config, crossWorkspaceConfigSchema, "").map((p) => ({ key: `${KEY}.${p.field}`, message: p.message })));
  }
  const c = parsed.data;
  const { source, destination, connection: _connection, ...clone } = args;
  const clones = c.targets.map((t, i) => {
    const connection = t.workspace !== undefined ? siblingWorkspace(stack, i, t.workspace) : t.path !== undefined ? { kind: "local" as const, path: t.path } : t.host !== undefined && t.warehouseId !== undefined ? { kind: "databricks" as const, host: t.host, warehouseId: t.warehouseId, ...(t.configNamespace !== undefined ? { configNamespace: t.configNamespace } : {}) } : undefined;
    if (!connection) throw new StackConfigError(stack, [{ key: `${KEY}.targets[${i}]`, message: "needs workspace or path (a local workspace), or host and warehouseId (a Databricks workspace)." }]);
    const name = t.name ?? (c.targets.length === 1 ? stack : `${stack}-${i + 1}`);
    const x = new CrossWorkspaceClone(
      name,
      {
        source: { catalog: source.catalog },
        target: { catalog: t.catalog ?? destination.catalog, connection, ...(destination.comment !== undefined ? { comment: destination.comment } : {}) },
        dataSync: c.dataSync,
        sameMetastore: c.sameMetastore,
        policyTables: c.policyTables,
        shareLifecycle: c.shareLifecycle,
        propagationTimeoutSeconds: c.propagationTimeoutSeconds,
        clone,
      },
      { protect },
    );
    return { name, x };
  });
  return {
    destinationCatalog: clones[0].x.destinationCatalog,
    report: pulumi.all(Object.fromEntries(clones.map(({ name, x }) => [name, x.report]))) as pulumi.Output<Record<string, CrossWorkspaceReport | CrossWorkspaceFailure | undefined>>,
  };
}
