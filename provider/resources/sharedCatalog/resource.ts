/** A catalog over a Delta share in the target workspace as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:SharedCatalog`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { SharedCatalogOutputs, type SharedCatalogInputs } from "./inputs";

/** Resource arguments: the shared-catalog inputs, each accepting a Pulumi Input. */
export type SharedCatalogArgs = ResourceArgs<SharedCatalogInputs>;

/** Its outputs (inputs.ts SharedCatalogOutputs), typed on the class. */
export interface SharedCatalog extends OutputProperties<SharedCatalogOutputs> {}

/** A read-only catalog `USING SHARE` in the target workspace: created and owned by this stack, or adopted. */
export class SharedCatalog extends KindResource {
  constructor(name: string, args: SharedCatalogArgs, opts?: pulumi.CustomResourceOptions) {
    super("sharedCatalog", SharedCatalogOutputs, name, args, opts);
  }
}
