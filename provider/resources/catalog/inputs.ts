/**
 * Inputs and outputs of the destination-catalog resource (`catalog-clone:Catalog`), as zod schemas:
 * the single source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { ttlSchema } from "../../vocabulary/expiry";
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
   * How long the clone lives (the CatalogClone's `ttl`): the catalog tag `catalog_clone_expires_at`, read
   * by `pulumi-uc-clone-reap`, is set to now + ttl when the catalog is created or the ttl changes, and
   * pushed forward only once less than half of it remains (expiryToRecord). Absent: never expires.
   */
  ttl: ttlSchema("ttl").optional(),
});
export type CatalogInputs = z.infer<typeof CatalogInputs>;

export const CatalogOutputs = CatalogInputs.extend({
  ...markedObjectOutputs,
  /** The expiry written as the catalog tag `catalog_clone_expires_at` (UTC ISO 8601); absent: none written. */
  expiresAt: z.iso.datetime({ error: "expiresAt must be a UTC ISO 8601 timestamp such as 2026-01-31T12:00:00Z." }).optional(),
});
export type CatalogOutputs = z.infer<typeof CatalogOutputs>;
