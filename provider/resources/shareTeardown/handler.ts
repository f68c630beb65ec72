/**
 * `catalog-clone:ShareTeardown` declared to the resource kit (kit/resourceKind.ts), and the provider
 * methods made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { ShareTeardownInputs, ShareTeardownOutputs } from "./inputs";
import { deleteTeardown, tearDown } from "./lifecycle";

export const shareTeardownKind: ResourceKind<ShareTeardownInputs, ShareTeardownOutputs> = {
  typeName: KIND_TYPES.shareTeardown,
  inputs: ShareTeardownInputs,
  outputs: ShareTeardownOutputs,
  stateVersion: 1,
  upgraders: {},
  replaceOn: ["destinationCatalog"],
  // A new sync (syncId) tears down again; so does anything that changes what is to be removed.
  updateOn: ["syncId", "sourceKey", "tables", "share", "grant", "sharedCatalog", "owner", "connection", "sourceConnection"],
  idOf: (i) => `teardown-${i.destinationCatalog}`,
  // It writes the sync record on the destination catalog: it records (and checks) the target warehouse.
  holdsObject: true,
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await tearDown(wh, inputs) }),
    update: (wh, _id, _olds, news) => tearDown(wh, news),
    // Refresh keeps the record of the last teardown (there is no object of its own to look for).
    delete: (wh, props) => deleteTeardown(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(shareTeardownKind);
export { deleteMethod as delete };
