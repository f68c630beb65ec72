/**
 * `ValidationGate`: the catalog-level autoRollbackAbovePct check over every table of one CatalogClone
 * (type token `pulumi-nodejs:dynamic/catalog-clone:ValidationGate`). See inputs.ts for how it works.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";

/**
 * One provider object for every resource of this kind: Pulumi caches the serialized provider per
 * object, so thousands of tables serialize it once (and register in construction order) instead of
 * once each.
 */
let provider: ReturnType<typeof makeShimProvider> | undefined;
const shimProvider = () => (provider ??= makeShimProvider("validationGate"));
import type { GateInputs, GateTable } from "./inputs";

export interface ValidationGateArgs {
  connection?: pulumi.Input<GateInputs["connection"]>;
  owner: pulumi.Input<string>;
  deploymentId: pulumi.Input<string>;
  autoRollbackAbovePct: pulumi.Input<number>;
  /** Outputs of the table resources (pass `t.destination`, `t.changedInDeployment`, ...). */
  tables: pulumi.Input<pulumi.Input<{ [K in keyof GateTable]: pulumi.Input<GateTable[K]> }>[]>;
}

export class ValidationGate extends pulumi.dynamic.Resource {
  declare readonly validatedTables: pulumi.Output<number>;
  declare readonly mismatchedTables: pulumi.Output<string[]>;
  declare readonly mismatchPct: pulumi.Output<number>;
  declare readonly verdict: pulumi.Output<string>;

  constructor(name: string, args: ValidationGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shimProvider(),
      name,
      { ...args, validatedTables: undefined, mismatchedTables: undefined, mismatchPct: undefined, verdict: undefined },
      { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions,
      "catalog-clone",
      "ValidationGate",
    );
  }
}
