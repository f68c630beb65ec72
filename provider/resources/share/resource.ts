/** A Delta share on the source side as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Share`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { ShareOutputs, type ShareInputs } from "./inputs";

/** Resource arguments: the share inputs, each accepting a Pulumi Input. */
export type SharedTablesArgs = ResourceArgs<ShareInputs>;

/** Its outputs (inputs.ts ShareOutputs), typed on the class. */
export interface SharedTables extends OutputProperties<ShareOutputs> {}

/** A share holding the chosen tables: created and owned by this stack, or an existing one it only adds tables to. */
export class SharedTables extends KindResource {
  constructor(name: string, args: SharedTablesArgs, opts?: pulumi.CustomResourceOptions) {
    super("share", ShareOutputs, name, args, opts);
  }
}
