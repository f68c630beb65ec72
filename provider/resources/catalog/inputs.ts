/**
 * Inputs and outputs of the destination-catalog resource (`catalog-clone:Catalog`), as zod schemas:
 * the single source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { connectionRefSchema } from "../connection";

export const CatalogInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker written as the catalog tag `catalog_clone_owner`. */
  owner: z.string().regex(/^[^/\s]+\/[^/\s]+$/, { error: "owner must be '<project>/<stack>'." }),
  /** Catalog name (lower case, as Unity Catalog stores it). */
  name: z.string().min(1, { error: "name must not be empty." }),
  /** COMMENT of the catalog when this stack creates it (and kept up to date while it owns it). */
  comment: z.string().optional(),
  /** MANAGED LOCATION, used only when this stack creates the catalog. */
  managedLocation: z.string().optional(),
  /** Extra tags written when this stack creates the catalog (regular catalogs have no SQL properties). */
  properties: z.record(z.string(), z.string()).optional(),
});
export type CatalogInputs = z.infer<typeof CatalogInputs>;

export const CatalogOutputs = CatalogInputs.extend({
  /** The catalog existed before this stack and belonged to no stack: it is never dropped. */
  adopted: z.boolean(),
  /** This stack created the catalog (or re-found its own marker after a crash): destroy drops it. */
  createdByStack: z.boolean(),
  /** What the last operation did, for humans. */
  lastAction: z.string(),
});
export type CatalogOutputs = z.infer<typeof CatalogOutputs>;
