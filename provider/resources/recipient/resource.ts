/** The target metastore's Delta Sharing recipient as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Recipient`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { RecipientOutputs, type RecipientInputs } from "./inputs";

/** Resource arguments: the recipient inputs, each accepting a Pulumi Input. */
export type SharingRecipientArgs = ResourceArgs<RecipientInputs>;

/** Its outputs (inputs.ts RecipientOutputs), typed on the class. */
export interface SharingRecipient extends OutputProperties<RecipientOutputs> {}

/** The recipient of the target metastore (reused when one exists) and the SELECT grants on the shares. */
export class SharingRecipient extends KindResource {
  constructor(name: string, args: SharingRecipientArgs, opts?: pulumi.CustomResourceOptions) {
    super("recipient", RecipientOutputs, name, args, opts);
  }
}
