/**
 * `catalog-clone:Volume` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { VolumeInputs, VolumeOutputs } from "./inputs";
import { createVolume, deleteVolume, readVolume, updateVolume } from "./lifecycle";

export const volumeKind: ResourceKind<VolumeInputs, VolumeOutputs> = {
  typeName: KIND_TYPES.volume,
  inputs: VolumeInputs,
  outputs: VolumeOutputs,
  stateVersion: 2,
  // Version 1 recorded copied files by path only: kept as unconfirmed records (the next sync stamps them).
  upgraders: { 1: (outs) => ({ ...outs, copiedFiles: ((outs.copiedFiles as string[] | undefined) ?? []).map((path) => ({ path })) }) },
  // Another name, type or location is another volume (CatalogClone registers volumes delete-before-replace).
  replaceOn: ["destination", "volumeType", "location"],
  // What the files look like on either side: a change syncs them in place.
  updateOn: ["owner", "source", "sourceFiles", "destinationOutOfDate", "retainedBecause", "schemaOnly", "connection"],
  idOf: (i) => `${i.destination.catalog}.${i.destination.schema}.${i.destination.name}`,
  holdsObject: true,
  noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createVolume(wh, inputs) }),
    read: (wh, _id, props) => readVolume(wh, props),
    update: (wh, _id, olds, news) => updateVolume(wh, olds, news),
    delete: (wh, props) => deleteVolume(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(volumeKind);
export { deleteMethod as delete };
