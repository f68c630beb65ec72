/**
 * `ClonedTable`: one destination table kept as a clone of one source table
 * (type token `pulumi-nodejs:dynamic/catalog-clone:Table`). Registered by CatalogClone.
 */
import * as pulumi from "@pulumi/pulumi";
import { hideShimDiffs, makeShimProvider } from "../shim";

import type {
  CloneMetrics,
  LastAction,
  Observed,
  TableInputs,
  ValidationResult,
} from "./inputs";
import type { TableRef } from "../../vocabulary/objectIdentity";

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
  /** The clone is in place but a read-only check after it failed; the next `up` verifies it. */
  declare readonly unverified: pulumi.Output<boolean | undefined>;
  declare readonly metrics: pulumi.Output<CloneMetrics | null>;
  /** Bytes the run at `ranAt` copied (0 when it wrote nothing). */
  declare readonly runCopiedBytes: pulumi.Output<number | undefined>;
  /** Bytes copied into this table by every write of this stack (cumulative). */
  declare readonly totalCopiedBytes: pulumi.Output<number | undefined>;
  /** Why the last run's write failed, when a validation gate counted it instead of the resource failing. */
  declare readonly failed: pulumi.Output<string | undefined>;
  /** When the handler last produced these outputs (ISO-8601): compare with a run's start to tell what it did. */
  declare readonly ranAt: pulumi.Output<string | undefined>;
  declare readonly validation: pulumi.Output<ValidationResult | null>;
  declare readonly lastAction: pulumi.Output<LastAction>;
  declare readonly lastReason: pulumi.Output<string>;
  declare readonly observed: pulumi.Output<Observed | null>;
  /** Identity of the warehouse holding the table (host + warehouse, or local directory; never a credential). */
  declare readonly warehouse: pulumi.Output<string>;

  constructor(name: string, args: ClonedTableArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      makeShimProvider("table"), // one object per kind (shim.ts): Pulumi serializes it once, not once per resource
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
        unverified: undefined,
        metrics: undefined,
        runCopiedBytes: undefined,
        totalCopiedBytes: undefined,
        failed: undefined,
        ranAt: undefined,
        validation: undefined,
        lastAction: undefined,
        lastReason: undefined,
        observed: undefined,
        warehouse: undefined,
      },
      hideShimDiffs(opts),
      "catalog-clone",
      "Table",
    );
  }
}
