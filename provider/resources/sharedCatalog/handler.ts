/**
 * `catalog-clone:SharedCatalog` declared to the resource kit (kit/resourceKind.ts), and the provider
 * methods made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { SharedCatalogInputs, SharedCatalogOutputs } from "./inputs";
import { createSharedCatalog, deleteSharedCatalog, readSharedCatalog, updateSharedCatalog } from "./lifecycle";

export const sharedCatalogKind: ResourceKind<SharedCatalogInputs, SharedCatalogOutputs> = {
  typeName: KIND_TYPES.sharedCatalog,
  inputs: SharedCatalogInputs,
  outputs: SharedCatalogOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another name, share or provider is another catalog (USING SHARE cannot be altered).
  replaceOn: ["name", "share", "providerSharingIdentifier"],
  updateOn: ["comment", "owner", "connection", "propagationTimeoutSeconds", "syncId"],
  idOf: (i) => i.name,
  holdsObject: true,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createSharedCatalog(wh, inputs) }),
    read: (wh, _id, props) => readSharedCatalog(wh, props),
    update: (wh, _id, olds, news) => updateSharedCatalog(wh, olds, news),
    delete: (wh, props) => deleteSharedCatalog(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(sharedCatalogKind);
export { deleteMethod as delete };
