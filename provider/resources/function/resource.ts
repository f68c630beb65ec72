/** A cloned SQL function as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Function`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { FunctionOutputs, type FunctionInputs } from "./inputs";

/** Resource arguments: the function inputs, each accepting a Pulumi Input. */
export type ClonedFunctionArgs = ResourceArgs<FunctionInputs>;

/** Its outputs (inputs.ts FunctionOutputs), typed on the class. */
export interface ClonedFunction extends OutputProperties<FunctionOutputs> {}

/** A destination SQL function: created and marked by this stack (dropped on destroy), or adopted (put back as it was on destroy). */
export class ClonedFunction extends KindResource {
  constructor(name: string, args: ClonedFunctionArgs, opts?: pulumi.CustomResourceOptions) {
    super("function", FunctionOutputs, name, args, opts);
  }
}
