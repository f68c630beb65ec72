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
import { CatalogClone } from "../../components";
import { argsFromStackConfig, protectFromStackConfig } from "./stackArgs";

const config = new pulumi.Config("catalog-clone");
/** Structured keys arrive as JSON text; plain strings stay strings. */
function read(key: string): unknown {
  const v = config.get(key);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const clone = new CatalogClone(pulumi.getStack(), argsFromStackConfig(read), { protect: protectFromStackConfig(read) });

/** The destination catalog's name. */
export const destinationCatalog = clone.destinationCatalog;
/** Cloned / re-cloned / adopted / skipped objects with reasons, bytes copied, validation results. */
export const report = clone.report;
