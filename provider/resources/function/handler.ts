/**
 * `catalog-clone:Function` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { definedObjectKind } from "../definedObjectKind";
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { FunctionInputs, FunctionOutputs } from "./inputs";
import { createFunctionObject, deleteFunctionObject, readFunctionObject, updateFunctionObject } from "./lifecycle";

export const functionKind: ResourceKind<FunctionInputs, FunctionOutputs> = definedObjectKind({
  typeName: KIND_TYPES.function,
  inputs: FunctionInputs,
  outputs: FunctionOutputs,
  create: createFunctionObject,
  read: readFunctionObject,
  update: updateFunctionObject,
  delete: deleteFunctionObject,
});

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(functionKind);
export { deleteMethod as delete };
