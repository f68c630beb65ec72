/**
 * `catalog-clone:Catalog` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { markedContainerKind } from "../markedContainer";
import { CatalogInputs, CatalogOutputs } from "./inputs";
import { createCatalog, deleteCatalog, readCatalog, updateCatalog } from "./lifecycle";

export const catalogKind: ResourceKind<CatalogInputs, CatalogOutputs> = {
  typeName: KIND_TYPES.catalog,
  inputs: CatalogInputs,
  outputs: CatalogOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another name is another catalog; the rest is applied in place (managedLocation only says it cannot be).
  replaceOn: ["name"],
  updateOn: ["owner", "comment", "managedLocation", "properties", "expiresAt", "connection"],
  idOf: (i) => i.name,
  ...markedContainerKind({ create: createCatalog, read: readCatalog, update: updateCatalog, delete: deleteCatalog }),
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(catalogKind);
export { deleteMethod as delete };
