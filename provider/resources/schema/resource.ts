/** A destination schema as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Schema`). */
import * as pulumi from "@pulumi/pulumi";
import { MarkedObjectResource } from "../markedObjectResource";
import type { SchemaInputs } from "./inputs";

/** Resource arguments: the schema inputs, each accepting a Pulumi Input. */
export type ClonedSchemaArgs = { [K in keyof SchemaInputs]: pulumi.Input<SchemaInputs[K]> };

/** A destination schema: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedSchema extends MarkedObjectResource {
  constructor(name: string, args: ClonedSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super("schema", "Schema", name, args, opts);
  }
}
