/**
 * `ClonedTable`: one destination table kept as a clone of one source table
 * (type token `pulumi-nodejs:dynamic/catalog-clone:Table`). Registered by CatalogClone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { TableOutputs, type TableInputs } from "./inputs";

/** Resource args: every input may be a Pulumi Input. */
export type ClonedTableArgs = ResourceArgs<TableInputs>;

/** Its outputs (inputs.ts TableOutputs), typed on the class. */
export interface ClonedTable extends OutputProperties<TableOutputs> {}

/** One destination table kept as a clone of its source table (cloned, re-cloned on drift, adopted, rolled back). */
export class ClonedTable extends KindResource {
  constructor(name: string, args: ClonedTableArgs, opts?: pulumi.CustomResourceOptions) {
    // The fingerprints are timestamps a preview has no use for: the `drift` input names what changed
    // (driftSeen.ts). Hidden from the display only; they still decide the diff.
    super("table", TableOutputs, name, args, { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "sourceFingerprint", "destinationFingerprint"] });
  }
}
