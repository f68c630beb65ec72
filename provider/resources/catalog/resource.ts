/** The destination catalog of a clone as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Catalog`). */
import * as pulumi from "@pulumi/pulumi";
import { MarkedObjectResource } from "../markedObjectResource";
import type { CatalogInputs } from "./inputs";

/** Resource arguments: the catalog inputs, each accepting a Pulumi Input. */
export type ClonedCatalogArgs = { [K in keyof CatalogInputs]: pulumi.Input<CatalogInputs[K]> };

/** A destination catalog: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedCatalog extends MarkedObjectResource {
  constructor(name: string, args: ClonedCatalogArgs, opts?: pulumi.CustomResourceOptions) {
    super("catalog", "Catalog", name, args, opts);
  }
}
