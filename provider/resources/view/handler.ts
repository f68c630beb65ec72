/**
 * `catalog-clone:View` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { ViewInputs, ViewOutputs } from "./inputs";
import { createViewObject, deleteViewObject, readViewObject, updateViewObject } from "./lifecycle";

export const viewKind: ResourceKind<ViewInputs, ViewOutputs> = {
  typeName: KIND_TYPES.view,
  inputs: ViewInputs,
  outputs: ViewOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another name is another view; a changed definition (source side) or a destination changed out of
  // band (observed) is re-written in place with CREATE OR REPLACE.
  replaceOn: ["destination"],
  updateOn: ["definition", "observed", "owner", "connection"],
  holdsObject: true,
  idOf: (i) => `${i.destination.catalog}.${i.destination.schema}.${i.destination.name}`,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createViewObject(wh, inputs) }),
    read: (wh, _id, props) => readViewObject(wh, props),
    update: (wh, _id, olds, news) => updateViewObject(wh, olds, news),
    delete: (wh, props) => deleteViewObject(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(viewKind);
export { deleteMethod as delete };
