/**
 * Inputs and outputs of a catalog over a Delta share on the target side (`catalog-clone:SharedCatalog`),
 * as zod schemas: the single source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

export const SharedCatalogInputs = z.object({
  /** Non-secret selector of the TARGET (consumer) workspace's warehouse; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: written as a creation token in the catalog's COMMENT when this stack creates it. */
  owner: ownerInput,
  /** Name of the catalog created `USING SHARE` in the target workspace. */
  name: objectNamePart("name"),
  /** The SOURCE metastore's sharing identifier: the provider is found by it (its name differs per workspace). */
  providerSharingIdentifier: objectNamePart("providerSharingIdentifier"),
  /** The share, by its name on the provider side. */
  share: objectNamePart("share"),
  /** COMMENT of the catalog when this stack creates it. */
  comment: z.string().optional(),
  /**
   * How long to wait for the share to become visible to the target (seconds, default 120): Databricks
   * caches provider listings for about a minute after a grant. Waits back off exponentially.
   */
  propagationTimeoutSeconds: z.number().int().positive({ error: "propagationTimeoutSeconds must be a positive integer (seconds)." }).default(120),
  /**
   * The sync this resource serves when a teardown removes it after every deep-clone sync
   * (CrossWorkspaceClone `shareLifecycle: "teardown"`): a new value re-creates what a teardown removed.
   * Absent with `keepShare`.
   */
  syncId: z.string().optional(),
});
export type SharedCatalogInputs = z.infer<typeof SharedCatalogInputs>;

export const SharedCatalogOutputs = SharedCatalogInputs.extend({
  ...markedObjectOutputs,
  /** The provider's name in the target workspace, as found by the source's sharing identifier. */
  provider: z.string(),
});
export type SharedCatalogOutputs = z.infer<typeof SharedCatalogOutputs>;
