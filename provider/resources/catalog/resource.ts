/** The destination catalog of a clone as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Catalog`). */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";
import type { CatalogInputs } from "./inputs";

/** Resource arguments: the catalog inputs, each accepting a Pulumi Input. */
export type ClonedCatalogArgs = { [K in keyof CatalogInputs]: pulumi.Input<CatalogInputs[K]> };

/** A destination catalog: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedCatalog extends pulumi.dynamic.Resource {
  /** The catalog existed before and belonged to no stack; destroy leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** This stack created the catalog; destroy drops it (CASCADE) if the marker still names this stack. */
  declare readonly createdByStack: pulumi.Output<boolean>;
  /** What the last operation did. */
  declare readonly lastAction: pulumi.Output<string>;

  constructor(name: string, args: ClonedCatalogArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh props object every time: the dynamic Resource constructor writes __provider into it.
    super(makeShimProvider("catalog"), name, { ...args, adopted: undefined, createdByStack: undefined, lastAction: undefined },
      // __provider is the same shim text every run; keep it out of diffs anyway.
      { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions,
      "catalog-clone", "Catalog");
  }
}
