/**
 * `ValidationGate`: the catalog-level autoRollbackAbovePct check over every table of one CatalogClone
 * (type token `pulumi-nodejs:dynamic/catalog-clone:ValidationGate`). See inputs.ts for how it works.
 */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { GateOutputs, type GateInputs, type GateTable } from "./inputs";

/** Resource args: the gate's inputs, each accepting a Pulumi Input. */
export type ValidationGateArgs = Omit<ResourceArgs<GateInputs>, "tables"> & {
  /** Outputs of the table resources (pass `t.destination`, `t.changedInDeployment`, ...): the gate runs after every table. */
  tables: pulumi.Input<pulumi.Input<ResourceArgs<GateTable>>[]>;
};

/** Its outputs (inputs.ts GateOutputs), typed on the class. */
export interface ValidationGate extends OutputProperties<GateOutputs> {}

/** Rolls back every table a deployment changed when too many of them mismatched or failed; reports them otherwise. */
export class ValidationGate extends KindResource {
  constructor(name: string, args: ValidationGateArgs, opts?: pulumi.CustomResourceOptions) {
    super("validationGate", GateOutputs, name, args, opts);
  }
}
