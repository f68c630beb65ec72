/** A destination schema as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Schema`). */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";
import type { SchemaInputs } from "./inputs";

/** Resource arguments: the schema inputs, each accepting a Pulumi Input. */
export type ClonedSchemaArgs = { [K in keyof SchemaInputs]: pulumi.Input<SchemaInputs[K]> };

/** A destination schema: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedSchema extends pulumi.dynamic.Resource {
  /** The schema existed before and belonged to no stack; destroy leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** This stack created the schema; destroy drops it if the marker still names this stack. */
  declare readonly createdByStack: pulumi.Output<boolean>;
  /** What the last operation did. */
  declare readonly lastAction: pulumi.Output<string>;

  constructor(name: string, args: ClonedSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh props object every time: the dynamic Resource constructor writes __provider into it.
    super(makeShimProvider("schema"), name, { ...args, adopted: undefined, createdByStack: undefined, lastAction: undefined },
      // __provider is the same shim text every run; keep it out of diffs anyway.
      { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions,
      "catalog-clone", "Schema");
  }
}
