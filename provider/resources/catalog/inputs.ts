/**
 * Inputs and outputs of the destination-catalog resource (`catalog-clone:Catalog`), as zod schemas:
 * the single source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

export const CatalogInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker written as the catalog tag `catalog_clone_owner`. */
  owner: ownerInput,
  /** Catalog name (lower case, as Unity Catalog stores it). */
  name: objectNamePart("name"),
  /** COMMENT of the catalog when this stack creates it (and kept up to date while it owns it). */
  comment: z.string().optional(),
  /** MANAGED LOCATION, used only when this stack creates the catalog. */
  managedLocation: z.string().optional(),
  /** Extra tags written when this stack creates the catalog (regular catalogs have no SQL properties). */
  properties: z.record(z.string(), z.string()).optional(),
  /**
   * When the clone expires (UTC ISO 8601, from the CatalogClone's `ttl`): written as the catalog tag
   * `catalog_clone_expires_at` (with the ownership tag), read by `pulumi-uc-clone-reap`. Absent: never expires.
   */
  expiresAt: z.iso.datetime({ error: "expiresAt must be a UTC ISO 8601 timestamp such as 2026-01-31T12:00:00Z." }).optional(),
});
export type CatalogInputs = z.infer<typeof CatalogInputs>;

export const CatalogOutputs = CatalogInputs.extend(markedObjectOutputs);
export type CatalogOutputs = z.infer<typeof CatalogOutputs>;
