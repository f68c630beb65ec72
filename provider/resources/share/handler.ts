/**
 * `catalog-clone:Share` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { ShareInputs, ShareOutputs } from "./inputs";
import { createShareObject, deleteShare, readShare, updateShare } from "./lifecycle";

export const shareKind: ResourceKind<ShareInputs, ShareOutputs> = {
  typeName: KIND_TYPES.share,
  inputs: ShareInputs,
  outputs: ShareOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another name is another share; the table list (and the history flag for tables still to add) is applied in place.
  replaceOn: ["name"],
  updateOn: ["tables", "withHistory", "recipientSharingIdentifier", "comment", "owner", "connection", "syncId"],
  idOf: (i) => i.name,
  holdsObject: true,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createShareObject(wh, inputs) }),
    read: (wh, _id, props) => readShare(wh, props),
    update: (wh, _id, olds, news) => updateShare(wh, olds, news),
    delete: (wh, props) => deleteShare(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(shareKind);
export { deleteMethod as delete };
