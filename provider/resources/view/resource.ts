/** A cloned view as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:View`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { ViewOutputs, type ViewInputs } from "./inputs";

/** Resource arguments: the view inputs, each accepting a Pulumi Input. */
export type ClonedViewArgs = ResourceArgs<ViewInputs>;

/** Its outputs (inputs.ts ViewOutputs), typed on the class. */
export interface ClonedView extends OutputProperties<ViewOutputs> {}

/** A destination view: created and marked by this stack (dropped on destroy), or adopted (put back as it was on destroy). */
export class ClonedView extends KindResource {
  constructor(name: string, args: ClonedViewArgs, opts?: pulumi.CustomResourceOptions) {
    super("view", ViewOutputs, name, args, opts);
  }
}
