/** The destination catalog of a clone as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Catalog`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { CatalogOutputs, type CatalogInputs } from "./inputs";

/** Resource arguments: the catalog inputs, each accepting a Pulumi Input. */
export type ClonedCatalogArgs = ResourceArgs<CatalogInputs>;

/** Its outputs (inputs.ts CatalogOutputs), typed on the class. */
export interface ClonedCatalog extends OutputProperties<CatalogOutputs> {}

/** A destination catalog: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedCatalog extends KindResource {
  constructor(name: string, args: ClonedCatalogArgs, opts?: pulumi.CustomResourceOptions) {
    super("catalog", CatalogOutputs, name, args, opts);
  }
}
