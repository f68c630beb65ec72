/**
 * Inputs/outputs of the catalog-level validation gate (`catalog-clone:ValidationGate`).
 *
 * How the catalog-level threshold works across resources in ONE deployment:
 * 1. Every table and the gate are served by the deployment's one provider process, whose identity
 *    (provider/resources/runtime.ts) is not an input. A table that writes records
 *    `changedInDeployment` (that identity), its `previousVersion` (the rollback target; null = it created
 *    the table) and its `validation` outcome. With a gate (`failOnMismatch: false`) a mismatching table
 *    KEEPS its clone, and a table whose write failed records the failure (`failed`) instead of failing
 *    the resource: Pulumi does not run the dependents of a failed resource, and the gate must count it.
 * 2. The gate takes those table OUTPUTS as its inputs, so Pulumi runs it after every table.
 *    Its diff is statement-free: it changes only when some table changed in this deployment.
 * 3. It computes the share of bad tables (mismatched or failed) among the tables this deployment
 *    changed and validated or failed. Above `autoRollbackAbovePct` (strictly): every changed table whose
 *    write is still in place is RESTOREd to `previousVersion` (or dropped when this deployment created
 *    it) and the gate fails the update. At or below: nothing is rolled back, the mismatched and failed
 *    tables are reported in the gate's outputs, and the update succeeds.
 * 4. The restores move the destination (new RESTORE version, new last_altered; or the table is gone),
 *    so the next `up` sees those tables as drifted ("restored to a version before the clone" /
 *    "dropped") and clones them again; failed tables are retried too; the gate then re-evaluates.
 */
import { z } from "zod";
import { connectionRefSchema } from "../connectionRef";
import { TableOutputs, ValidationResult } from "../table/inputs";

/**
 * One table as the gate sees it: the table resource's outputs it reads (table/inputs.ts TableOutputs).
 * Only the destination is always there; of `validation` it reads `matched` (the rest is kept as passed).
 */
export const GateTable = TableOutputs.pick({
  destination: true,
  changedInDeployment: true,
  previousVersion: true,
  destinationVersion: true,
  rolledBack: true,
  failed: true,
  lastAction: true,
  lastReason: true,
})
  .partial()
  .required({ destination: true })
  .extend({ validation: ValidationResult.pick({ matched: true }).passthrough().nullable().optional() });
export type GateTable = z.infer<typeof GateTable>;

export const GateInputs = z.object({
  /** Non-secret warehouse selector (the CatalogClone's); used only to roll back. Absent: stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: only tables carrying this marker are dropped on rollback. */
  owner: z.string().min(1),
  /** 0..100: roll back the deployment when the share of mismatched and failed tables exceeds it. */
  autoRollbackAbovePct: z.number().min(0).max(100),
  /** Outputs of every table resource of the catalog (so the gate runs after them). */
  tables: z.array(GateTable),
});
export type GateInputs = z.infer<typeof GateInputs>;

export const GateOutputs = GateInputs.extend({
  /** The deployment the gate last evaluated (provider/resources/runtime.ts). */
  deploymentId: z.string(),
  /** Tables changed and validated in the deployment the gate last evaluated. */
  validatedTables: z.number(),
  /** Tables (`catalog.schema.table`) whose validation mismatched in that deployment. */
  mismatchedTables: z.array(z.string()),
  /** Tables whose write failed in that deployment (counted as bad). */
  failedTables: z.array(z.string()),
  /** Share of bad (mismatched or failed) tables among those validated or failed, in percent (0 when none). */
  mismatchPct: z.number(),
  /**
   * `passed`: every changed table validated; `reported`: some mismatched or failed, at or below the
   * threshold (nothing rolled back); `nothing-changed`: no table changed in that deployment. Above the
   * threshold the gate rolls back and fails instead.
   */
  verdict: z.enum(["passed", "reported", "nothing-changed"]),
});
export type GateOutputs = z.infer<typeof GateOutputs>;
