/**
 * The platform repo's root Pulumi program (Pulumi.yaml `main`): one CatalogClone per stack, described
 * entirely by the stack's config (`Pulumi.<stack>.yaml`):
 *
 *   catalog-clone:sourceCatalog       prod
 *   catalog-clone:destinationCatalog  dev_sandbox
 *   catalog-clone:cloneType           SHALLOW | DEEP
 *   catalog-clone:sync                snapshot | selective | mirror | full        (default selective)
 *   catalog-clone:comment / managedLocation / dropExtra / protect
 *   catalog-clone:scope     {includeSchemas, excludeSchemas, includeTables, excludeTables}   (object)
 *   catalog-clone:validate  {rowCounts, checksums, autoRollbackAbovePct}                     (object)
 *   catalog-clone:asOf      {version} | {timestamp}                                          (object)
 *   catalog-clone:tableOverrides {"schema.table": {sync}}                                     (object)
 *
 * Which warehouse: `catalog-clone:warehouse` (local | databricks), `catalog-clone:localPath`,
 * `catalog-clone:warehouseId`, `databricks:host`, secret `databricks:token` — read by the provider,
 * never passed as resource inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone, type CatalogCloneArgs } from "../../components";

const config = new pulumi.Config("catalog-clone");

function optionalObject<T>(key: string): T | undefined {
  return config.getObject<T>(key);
}

const args: CatalogCloneArgs = {
  source: { catalog: config.require("sourceCatalog") },
  destination: {
    catalog: config.require("destinationCatalog"),
    comment: config.get("comment"),
    managedLocation: config.get("managedLocation"),
  },
  cloneType: config.require("cloneType") as CatalogCloneArgs["cloneType"],
  sync: config.get("sync") as CatalogCloneArgs["sync"],
  scope: optionalObject<CatalogCloneArgs["scope"]>("scope"),
  validate: optionalObject<CatalogCloneArgs["validate"]>("validate"),
  asOf: optionalObject<CatalogCloneArgs["asOf"]>("asOf"),
  tableOverrides: optionalObject<CatalogCloneArgs["tableOverrides"]>("tableOverrides"),
  dropExtra: config.getBoolean("dropExtra"),
};
// Unset keys stay out of the arguments (the schema treats an explicit `undefined` as absent anyway).
for (const k of Object.keys(args) as (keyof CatalogCloneArgs)[]) if (args[k] === undefined) delete args[k];

const clone = new CatalogClone(pulumi.getStack(), args, { protect: config.getBoolean("protect") ?? false });

/** The destination catalog's name. */
export const destinationCatalog = clone.destinationCatalog;
/** Cloned / re-cloned / adopted / skipped objects with reasons, bytes copied, validation results. */
export const report = clone.report;
