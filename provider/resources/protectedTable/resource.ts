/** A protected-table copy as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:ProtectedTable`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { ProtectedTableOutputs, type ProtectedTableInputs } from "./inputs";

/** Resource arguments: the protected-table inputs, each accepting a Pulumi Input. */
export type ProtectedTableCopyArgs = ResourceArgs<ProtectedTableInputs>;

/** Its outputs (inputs.ts ProtectedTableOutputs), typed on the class. */
export interface ProtectedTableCopy extends OutputProperties<ProtectedTableOutputs> {}

/** A destination table created with its source's row filter and column masks, then filled (never a CLONE). */
export class ProtectedTableCopy extends KindResource {
  constructor(name: string, args: ProtectedTableCopyArgs, opts?: pulumi.CustomResourceOptions) {
    super("protectedTable", ProtectedTableOutputs, name, args, opts);
  }
}
