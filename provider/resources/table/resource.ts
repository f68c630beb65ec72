/**
 * `ClonedTable`: one destination table kept as a clone of one source table
 * (type token `pulumi-nodejs:dynamic/catalog-clone:Table`). Registered by CatalogClone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type PickedOutputProperties, type ResourceArgs } from "../kit/kindResource";
import { TABLE_OUTPUT_DEFAULTS, TableOutputs, type TableInputs } from "./inputs";

/** Resource args: every input may be a Pulumi Input. */
export type ClonedTableArgs = ResourceArgs<TableInputs>;

/**
 * The outputs a ClonedTable registers as properties: what CatalogClone reads (its report, decision
 * messages, validation gate and governance) and the table's identity. A program registers one per
 * table, and each property costs it a Pulumi Output (issue 13: program memory at 2,000 tables), so the
 * rest of TableOutputs (drift baselines, adoption bookkeeping, the refresh observation, inputs echoed)
 * stays in state only: `pulumi stack export` shows it.
 */
export const ClonedTableOutputs = TableOutputs.pick({
  source: true,
  destination: true,
  drift: true,
  lastAction: true,
  lastReason: true,
  failed: true,
  ranAt: true,
  sourceVersion: true,
  destinationVersion: true,
  previousVersion: true,
  changedInDeployment: true,
  rolledBack: true,
  adopted: true,
  createdByStack: true,
  metrics: true,
  validation: true,
  runCopiedBytes: true,
  totalCopiedBytes: true,
});
type Registered = keyof typeof ClonedTableOutputs.shape;

/** The outputs as state holds them: those at their usual value are left out (inputs.ts TABLE_OUTPUT_DEFAULTS). */
type RecordedTableOutputs = Omit<TableOutputs, keyof typeof TABLE_OUTPUT_DEFAULTS> & Partial<Pick<TableOutputs, keyof typeof TABLE_OUTPUT_DEFAULTS>>;

/** Its registered outputs (ClonedTableOutputs; inputs.ts TableOutputs), typed on the class: undefined where state left a default out. */
export interface ClonedTable extends PickedOutputProperties<RecordedTableOutputs, Registered> {}

/** One destination table kept as a clone of its source table (cloned, re-cloned on drift, adopted, rolled back). */
export class ClonedTable extends KindResource {
  constructor(name: string, args: ClonedTableArgs, opts?: pulumi.CustomResourceOptions) {
    // The fingerprints are timestamps a preview has no use for: the `drift` input names what changed
    // (driftSeen.ts). Hidden from the display only; they still decide the diff.
    super("table", { outputs: ClonedTableOutputs, kitOutputs: false }, name, args, { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "sourceFingerprint", "destinationFingerprint"] });
  }
}
