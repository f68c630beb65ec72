/**
 * Inputs/outputs of the catalog-level validation gate (`catalog-clone:ValidationGate`).
 *
 * How the catalog-level threshold works across resources in ONE deployment:
 * 1. The component generates a `deploymentId` per program run and passes it to every table and to the
 *    gate. A table that writes records `changedInDeployment = deploymentId`, its `previousVersion`
 *    (the rollback target; null = it created the table) and its `validation` outcome. With
 *    `failOnMismatch: false` a mismatching table already restored itself (`rolledBack: true`).
 * 2. The gate takes those table OUTPUTS as its inputs, so Pulumi runs it after every table.
 *    Its diff is statement-free: it changes only when some table changed in this deployment.
 * 3. It computes the share of mismatching tables among the validated tables changed in this
 *    deployment. Above `autoRollbackAbovePct`: every changed table is RESTOREd to `previousVersion`
 *    (or dropped when this deployment created it) and the gate fails the update. At or below: the
 *    mismatches are reported in the gate's outputs and the update succeeds.
 * 4. The restores move the destination (new RESTORE version, new last_altered; or the table is gone),
 *    so the next `up` sees those tables as drifted ("restored to a version before the clone" /
 *    "dropped") and clones them again; the gate then re-evaluates.
 */
import { z } from "zod";
import { TableRef } from "../table/inputs";

/** One table as the gate sees it: a subset of the table resource's outputs. */
export const GateTable = z.object({
  destination: TableRef,
  changedInDeployment: z.string().nullable().optional(),
  previousVersion: z.number().nullable().optional(),
  destinationVersion: z.number().nullable().optional(),
  rolledBack: z.boolean().nullable().optional(),
  validation: z.object({ matched: z.boolean() }).passthrough().nullable().optional(),
});
export type GateTable = z.infer<typeof GateTable>;

export const GateInputs = z.object({
  connection: z.unknown().optional(),
  /** `<project>/<stack>`: only tables carrying this marker are dropped on rollback. */
  owner: z.string().min(1),
  deploymentId: z.string().min(1),
  /** 0..100: roll back the deployment when the share of mismatching tables exceeds it. */
  autoRollbackAbovePct: z.number().min(0).max(100),
  tables: z.array(GateTable),
});
export type GateInputs = z.infer<typeof GateInputs>;

export const GateOutputs = GateInputs.extend({
  /** Tables changed and validated in the deployment the gate last evaluated. */
  validatedTables: z.number(),
  mismatchedTables: z.array(z.string()),
  /** Share of mismatches in percent (0 when nothing was validated). */
  mismatchPct: z.number(),
  verdict: z.enum(["passed", "reported", "nothing-changed"]),
});
export type GateOutputs = z.infer<typeof GateOutputs>;
