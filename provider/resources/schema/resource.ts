/** A destination schema as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Schema`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { SchemaOutputs, type SchemaInputs } from "./inputs";

/** Resource arguments: the schema inputs, each accepting a Pulumi Input. */
export type ClonedSchemaArgs = ResourceArgs<SchemaInputs>;

/** Its outputs (inputs.ts SchemaOutputs), typed on the class. */
export interface ClonedSchema extends OutputProperties<SchemaOutputs> {}

/** A destination schema: created and marked by this stack, or adopted (never dropped) when it already existed. */
export class ClonedSchema extends KindResource {
  constructor(name: string, args: ClonedSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super("schema", SchemaOutputs, name, args, opts);
  }
}
