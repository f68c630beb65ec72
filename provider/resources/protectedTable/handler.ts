/**
 * `catalog-clone:ProtectedTable` declared to the resource kit (kit/resourceKind.ts): the copy of a source
 * table protected by a row filter and/or column masks (lifecycle.ts says how and in which order).
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { ProtectedTableInputs, ProtectedTableOutputs } from "./inputs";
import { createProtected, deleteProtected, protectedDrift, protectedTableId, readProtected, updateProtected } from "./lifecycle";

export const protectedTableKind: ResourceKind<ProtectedTableInputs, ProtectedTableOutputs> = {
  typeName: KIND_TYPES.protectedTable,
  inputs: ProtectedTableInputs,
  outputs: ProtectedTableOutputs,
  stateVersion: 1,
  upgraders: {},
  replaceOn: ["destination"],
  updateOn: [],
  holdsObject: true,
  idOf: protectedTableId,
  lifecycle: {
    // Statement-free: the fingerprints discovery passed say what moved (lifecycle.ts protectedDrift).
    async diff(_wh, _id, olds, news) {
      const replaces = JSON.stringify(olds.destination) !== JSON.stringify(news.destination) ? ["destination"] : [];
      const drift = protectedDrift(olds, news);
      const changes = replaces.length > 0 || drift.data.length > 0 || drift.functions || olds.owner !== news.owner || JSON.stringify(olds.source) !== JSON.stringify(news.source);
      return { changes, replaces, deleteBeforeReplace: false };
    },
    create: async (wh, inputs) => createProtected(await wh.open(), inputs),
    read: async (wh, _id, props) => readProtected(await wh.open(), props),
    update: async (wh, _id, olds, news) => updateProtected(await wh.open(), olds, news),
    delete: async (wh, props) => deleteProtected(await wh.open(), props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(protectedTableKind);
export { deleteMethod as delete };
