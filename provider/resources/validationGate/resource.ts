/**
 * `ValidationGate`: the catalog-level autoRollbackAbovePct check over every table of one CatalogClone
 * (type token `pulumi-nodejs:dynamic/catalog-clone:ValidationGate`). See inputs.ts for how it works.
 */
import * as pulumi from "@pulumi/pulumi";
import { hideShimDiffs, makeShimProvider } from "../shim";

import type { GateInputs, GateTable } from "./inputs";

export interface ValidationGateArgs {
  connection?: pulumi.Input<GateInputs["connection"]>;
  owner: pulumi.Input<string>;
  autoRollbackAbovePct: pulumi.Input<number>;
  /** Outputs of the table resources (pass `t.destination`, `t.changedInDeployment`, ...). */
  tables: pulumi.Input<pulumi.Input<{ [K in keyof GateTable]: pulumi.Input<GateTable[K]> }>[]>;
}

export class ValidationGate extends pulumi.dynamic.Resource {
  declare readonly validatedTables: pulumi.Output<number>;
  declare readonly mismatchedTables: pulumi.Output<string[]>;
  /** Tables whose write failed in the deployment the gate last evaluated (counted like mismatches). */
  declare readonly failedTables: pulumi.Output<string[]>;
  /** The deployment the gate last evaluated (the provider process's identity; not an input). */
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly mismatchPct: pulumi.Output<number>;
  declare readonly verdict: pulumi.Output<string>;

  constructor(name: string, args: ValidationGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      makeShimProvider("validationGate"), // one object per kind (shim.ts): Pulumi serializes it once, not once per resource
      name,
      { ...args, deploymentId: undefined, validatedTables: undefined, mismatchedTables: undefined, failedTables: undefined, mismatchPct: undefined, verdict: undefined },
      hideShimDiffs(opts),
      "catalog-clone",
      "ValidationGate",
    );
  }
}
