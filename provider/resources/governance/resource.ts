/** The governance of one destination securable as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Governance`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { GovernanceOutputs, type GovernanceInputs } from "./inputs";

/** Resource arguments: the governance inputs, each accepting a Pulumi Input. */
export type SecurableGovernanceArgs = ResourceArgs<GovernanceInputs>;

/** Its outputs (inputs.ts GovernanceOutputs), typed on the class. */
export interface SecurableGovernance extends OutputProperties<GovernanceOutputs> {}

/** The direct grants, owner, tags and comments this stack replays on one destination securable. */
export class SecurableGovernance extends KindResource {
  constructor(name: string, args: SecurableGovernanceArgs, opts?: pulumi.CustomResourceOptions) {
    super("governance", GovernanceOutputs, name, args, opts);
  }
}
