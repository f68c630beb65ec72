/**
 * `catalog-clone:Function` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { FunctionInputs, FunctionOutputs } from "./inputs";
import { createFunctionObject, deleteFunctionObject, readFunctionObject, updateFunctionObject } from "./lifecycle";

export const functionKind: ResourceKind<FunctionInputs, FunctionOutputs> = {
  typeName: KIND_TYPES.function,
  inputs: FunctionInputs,
  outputs: FunctionOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another name is another function; a changed definition (source side) or a destination changed out of
  // band (observed) is re-written in place with CREATE OR REPLACE.
  replaceOn: ["destination"],
  updateOn: ["definition", "observed", "owner", "connection"],
  holdsObject: true,
  idOf: (i) => `${i.destination.catalog}.${i.destination.schema}.${i.destination.name}`,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createFunctionObject(wh, inputs) }),
    read: (wh, _id, props) => readFunctionObject(wh, props),
    update: (wh, _id, olds, news) => updateFunctionObject(wh, olds, news),
    delete: (wh, props) => deleteFunctionObject(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(functionKind);
export { deleteMethod as delete };
