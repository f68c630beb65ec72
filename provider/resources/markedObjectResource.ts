/** What the catalog and schema resources share: outputs and registration of a created-and-marked or adopted object. */
import * as pulumi from "@pulumi/pulumi";
import { hideShimDiffs, makeShimProvider } from "./shim";

/** A destination object created and marked by this stack, or adopted (never dropped) when it already existed. */
export abstract class MarkedObjectResource extends pulumi.dynamic.Resource {
  /** The object existed before and belonged to no stack; destroy leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  /**
   * This stack created the object; destroy drops it if the marker still names this stack and it is empty
   * (never CASCADE: a container still holding objects others added is kept, and unmarked).
   */
  declare readonly createdByStack: pulumi.Output<boolean>;
  /** What the last operation did. */
  declare readonly lastAction: pulumi.Output<string>;
  /** Identity of the warehouse holding the object (host + warehouse, or local directory; never a credential). */
  declare readonly warehouse: pulumi.Output<string>;
  /** True (partial state) while a creation this stack made is not confirmed and marked; the next `up` finishes it. */
  declare readonly unfinished: pulumi.Output<boolean | undefined>;

  /** Registers `catalog-clone:<typeName>`, whose handler is `<kind>/handler.ts`. */
  protected constructor(kind: "catalog" | "schema", typeName: string, name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // A fresh props object every time: the dynamic Resource constructor writes __provider into it.
    super(makeShimProvider(kind), name, { ...args, adopted: undefined, createdByStack: undefined, lastAction: undefined, warehouse: undefined, unfinished: undefined }, hideShimDiffs(opts), "catalog-clone", typeName);
  }
}
