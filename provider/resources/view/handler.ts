/**
 * `catalog-clone:View` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { definedObjectKind } from "../definedObjectKind";
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { ViewInputs, ViewOutputs } from "./inputs";
import { createViewObject, deleteViewObject, readViewObject, updateViewObject } from "./lifecycle";

export const viewKind: ResourceKind<ViewInputs, ViewOutputs> = definedObjectKind({
  typeName: KIND_TYPES.view,
  inputs: ViewInputs,
  outputs: ViewOutputs,
  create: createViewObject,
  read: readViewObject,
  update: updateViewObject,
  delete: deleteViewObject,
});

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(viewKind);
export { deleteMethod as delete };
