/**
 * The platform repo's root Pulumi program (Pulumi.yaml `main`): one CatalogClone per stack, described
 * entirely by the stack's config (`Pulumi.<stack>.yaml`):
 *
 *   catalog-clone:sourceCatalog       prod
 *   catalog-clone:destinationCatalog  dev_sandbox
 *   catalog-clone:cloneType           SHALLOW | DEEP
 *   catalog-clone:sync                snapshot | selective | mirror | full        (default selective)
 *   catalog-clone:comment / managedLocation
 *   catalog-clone:policyFunctions     destination | source   (what copied row filters / masks call; default destination)
 *   catalog-clone:dropExtra / protect / rollbackOnFailure                          true | false
 *   catalog-clone:scope     {includeSchemas, excludeSchemas, includeTables, excludeTables}   (object)
 *   catalog-clone:validate  {rowCounts, checksums, autoRollbackAbovePct}                     (object)
 *   catalog-clone:asOf      {version} | {timestamp}                                          (object)
 *   catalog-clone:tableOverrides {"schema.table": {sync, where, schemaOnly, tblProperties}}   (object)
 *   catalog-clone:schemaOnly / tblProperties {key: value}                       true | false / (object)
 *   catalog-clone:masking   {"schema.table" | "crm.*": {column: "email" | "hash" | ...}}     (object)
 *   catalog-clone:governance {grants, owners, tags, comments, principals: {map, unmapped}}     (object)
 *   catalog-clone:ttl       3d | 12h | 90m | 2w: expiry tag on the destination, for pulumi-uc-clone-reap
 *   catalog-clone:prPreset  (Pulumi.yaml) what stacks named pr-<n> use; their destination is derived (prStack.ts)
 *   catalog-clone:crossWorkspace {targets: [{path} | {host, warehouseId}], dataSync, ...}     (object, crossWorkspace.ts)
 *   catalog-clone:externalLocationMap {"s3://prod/volumes": "s3://qa/volumes"}                (object)
 *
 * Which warehouse: `catalog-clone:warehouse` (local | databricks), `catalog-clone:localPath`,
 * `catalog-clone:warehouseId`, `databricks:host`, secret `databricks:token` — read by the provider,
 * never passed as resource inputs.
 *
 * Any other `catalog-clone:*` key, a boolean other than true/false, or a structured value that is not
 * a mapping fails the run before any SQL (stackArgs.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone } from "../../components";
import { cloneSettingsFromStackConfig } from "./stackArgs";
import { crossWorkspaceClones } from "./crossWorkspace";

// Parsed and validated before anything else runs: a misspelt or mistyped key fails the run naming it.
const { args, protect, crossWorkspace } = cloneSettingsFromStackConfig(pulumi.runtime.allConfig(), { stack: pulumi.getStack() });
// `catalog-clone:crossWorkspace` set: the clone goes to other workspaces through Delta Sharing (crossWorkspace.ts).
const clone =
  crossWorkspace === undefined ? new CatalogClone(pulumi.getStack(), args, { protect }) : crossWorkspaceClones(pulumi.getStack(), args, crossWorkspace, protect);

/** The destination catalog's name. */
export const destinationCatalog = clone.destinationCatalog;
/**
 * What this run did, summarised (counts, bytes copied, failures, skipped objects with reasons): small at
 * any number of tables. The per-table rows are rebuilt from the table resources in state by `reportTables`
 * (README "The report").
 */
export const report = clone.report;
