/**
 * pulumi-uc-clone: cloned Databricks Unity Catalog catalogs as Pulumi infrastructure.
 *
 * ```ts
 * import { CatalogClone } from "pulumi-uc-clone";
 * const qa = new CatalogClone("qa", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" });
 * export const report = qa.report;
 * ```
 */
export { CatalogClone, type CatalogCloneChildren } from "./CatalogClone";
export type { CatalogCloneInputArgs } from "./catalogClone/wiredArgs";
export {
  CatalogCloneArgsError,
  resolveCatalogCloneArgs,
  catalogCloneArgsSchema,
  type CatalogCloneArgs,
  type ResolvedCatalogCloneArgs,
  type ArgsProblem,
  type Scope,
  type ValidateOptions,
} from "./catalogClone/args";
export type { SyncMode } from "../provider/vocabulary/syncMode";
export type { CloneType } from "../provider/vocabulary/cloneType";
export type { AsOf } from "../provider/vocabulary/asOf";
export type { TableRef } from "../provider/vocabulary/objectIdentity";
export { planClone, type ClonePlan, type SkippedObject, type SkipReason, type PlannedTable } from "./catalogClone/plan";
export type { CloneReport, TableReport } from "./catalogClone/report";
export { reportTables, type StateResource } from "./catalogClone/reportTables";
export type { DiscoveredCatalog, DiscoveredTable } from "./catalogClone/discovery";
export type { ConnectionRef } from "../provider/resources/connectionRef";
export { DeltaShare, deltaShareArgsSchema, type DeltaShareArgs } from "./DeltaShare";
export { ShareRecipient, shareRecipientArgsSchema, type ShareRecipientArgs } from "./ShareRecipient";
export { TargetCatalog, targetCatalogArgsSchema, type TargetCatalogArgs } from "./TargetCatalog";
export { CrossWorkspaceClone, type CrossWorkspaceReport, type CrossWorkspaceFailure } from "./CrossWorkspaceClone";
export { crossWorkspaceCloneArgsSchema, type CrossWorkspaceCloneArgs, type ResolvedCrossWorkspaceCloneArgs } from "./crossWorkspace/args";
export { SharingArgsError } from "./crossWorkspace/componentArgs";
