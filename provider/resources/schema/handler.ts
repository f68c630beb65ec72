/**
 * `catalog-clone:Schema` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { markedContainerKind } from "../markedContainer";
import { SchemaInputs, SchemaOutputs } from "./inputs";
import { createSchema, deleteSchema, readSchema, updateSchema } from "./lifecycle";

export const schemaKind: ResourceKind<SchemaInputs, SchemaOutputs> = {
  typeName: KIND_TYPES.schema,
  inputs: SchemaInputs,
  outputs: SchemaOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another catalog or name is another schema; only the comment is ever written in place.
  replaceOn: ["catalog", "name"],
  updateOn: ["owner", "comment", "retainedBecause", "connection"],
  idOf: (i) => `${i.catalog}.${i.name}`,
  ...markedContainerKind({ create: createSchema, read: readSchema, update: updateSchema, delete: deleteSchema }),
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(schemaKind);
export { deleteMethod as delete };
