/**
 * `catalog-clone:Recipient` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { RecipientInputs, RecipientOutputs } from "./inputs";
import { createRecipientObject, deleteRecipient, readRecipient, updateRecipient } from "./lifecycle";

export const recipientKind: ResourceKind<RecipientInputs, RecipientOutputs> = {
  typeName: KIND_TYPES.recipient,
  inputs: RecipientInputs,
  outputs: RecipientOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another target metastore is another recipient; the granted shares change in place.
  replaceOn: ["sharingIdentifier", "name"],
  updateOn: ["shares", "owner", "connection", "syncId"],
  idOf: (i) => i.name,
  holdsObject: true,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => {
      const outs = await createRecipientObject(wh, inputs);
      return { id: outs.recipient, outs };
    },
    read: (wh, _id, props) => readRecipient(wh, props),
    update: (wh, _id, olds, news) => updateRecipient(wh, olds, news),
    delete: (wh, props) => deleteRecipient(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(recipientKind);
export { deleteMethod as delete };
