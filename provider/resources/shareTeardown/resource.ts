/** The teardown after a cross-workspace deep-clone sync as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:ShareTeardown`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { ShareTeardownOutputs, type ShareTeardownInputs } from "./inputs";

/** Resource arguments: the teardown inputs, each accepting a Pulumi Input. */
export type ShareTeardownArgs = ResourceArgs<ShareTeardownInputs>;

/** Its outputs (inputs.ts ShareTeardownOutputs), typed on the class. */
export interface ShareTeardown extends OutputProperties<ShareTeardownOutputs> {}

/** Removes the temporary share, grant and shared catalog this stack created once the deep clone is done, and records the sync. */
export class ShareTeardown extends KindResource {
  constructor(name: string, args: ShareTeardownArgs, opts?: pulumi.CustomResourceOptions) {
    super("shareTeardown", ShareTeardownOutputs, name, args, opts);
  }
}
