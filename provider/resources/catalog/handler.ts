/**
 * `catalog-clone:Catalog` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { currentTime } from "../../vocabulary/expiry";
import { KIND_TYPES } from "../kinds";
import { inputChanges } from "../kit/inputChanges";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { markedContainerKind } from "../markedContainer";
import { CatalogInputs, CatalogOutputs } from "./inputs";
import { createCatalog, deleteCatalog, expiryDue, readCatalog, updateCatalog } from "./lifecycle";

const compared = {
  // Another name is another catalog; the rest is applied in place (managedLocation only says it cannot be).
  replaceOn: ["name"],
  updateOn: ["owner", "comment", "managedLocation", "properties", "ttl", "connection"],
} as const;
const marked = markedContainerKind({ create: createCatalog, read: readCatalog, update: updateCatalog, delete: deleteCatalog });

export const catalogKind: ResourceKind<CatalogInputs, CatalogOutputs> = {
  typeName: KIND_TYPES.catalog,
  inputs: CatalogInputs,
  outputs: CatalogOutputs,
  stateVersion: 1,
  upgraders: {},
  ...compared,
  idOf: (i) => i.name,
  ...marked,
  lifecycle: {
    ...marked.lifecycle,
    // Unchanged inputs still update when the expiry is due to be pushed forward (lifecycle.ts expiryDue).
    diff: async (_wh, _id, olds, news) => {
      const d = inputChanges(compared, olds, news);
      return d.changes ? d : { changes: expiryDue(olds, news, currentTime()) };
    },
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(catalogKind);
export { deleteMethod as delete };
