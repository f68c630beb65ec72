/**
 * `ClonedTable`: one destination table kept as a clone of one source table
 * (type token `pulumi-nodejs:dynamic/catalog-clone:Table`). Registered by CatalogClone.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";

/**
 * One provider object for every resource of this kind: Pulumi caches the serialized provider per
 * object, so thousands of tables serialize it once (and register in construction order) instead of
 * once each.
 */
let provider: ReturnType<typeof makeShimProvider> | undefined;
const shimProvider = () => (provider ??= makeShimProvider("table"));
import type {
  CloneMetrics,
  LastAction,
  Observed,
  TableInputs,
  TableRef,
  ValidationResult,
} from "./inputs";

/** Resource args: every input may be a Pulumi Input. */
export type ClonedTableArgs = { [K in keyof TableInputs]: pulumi.Input<TableInputs[K]> };

export class ClonedTable extends pulumi.dynamic.Resource {
  declare readonly source: pulumi.Output<TableRef>;
  declare readonly destination: pulumi.Output<TableRef>;
  declare readonly sync: pulumi.Output<string>;
  /** Source version the recorded clone was taken at. */
  declare readonly sourceVersion: pulumi.Output<number | null>;
  /** Destination version our last write produced. */
  declare readonly destinationVersion: pulumi.Output<number | null>;
  declare readonly destinationLastAltered: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly preCloneVersion: pulumi.Output<number | null>;
  declare readonly createdByStack: pulumi.Output<boolean>;
  declare readonly previousVersion: pulumi.Output<number | null>;
  declare readonly changedInDeployment: pulumi.Output<string | null>;
  declare readonly rolledBack: pulumi.Output<boolean>;
  declare readonly metrics: pulumi.Output<CloneMetrics | null>;
  declare readonly validation: pulumi.Output<ValidationResult | null>;
  declare readonly lastAction: pulumi.Output<LastAction>;
  declare readonly lastReason: pulumi.Output<string>;
  declare readonly observed: pulumi.Output<Observed | null>;

  constructor(name: string, args: ClonedTableArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shimProvider(),
      name,
      {
        ...args,
        sourceVersion: undefined,
        clonedSourceLastAltered: undefined,
        destinationVersion: undefined,
        destinationLastAltered: undefined,
        adopted: undefined,
        preCloneVersion: undefined,
        createdByStack: undefined,
        previousVersion: undefined,
        changedInDeployment: undefined,
        rolledBack: undefined,
        metrics: undefined,
        validation: undefined,
        lastAction: undefined,
        lastReason: undefined,
        observed: undefined,
      },
      // __provider is the serialized shim: identical text each run, but keep it out of diffs anyway.
      { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions,
      "catalog-clone",
      "Table",
    );
  }
}
