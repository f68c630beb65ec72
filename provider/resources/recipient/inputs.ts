/**
 * Inputs and outputs of a Delta Sharing recipient on the source side (`catalog-clone:Recipient`): the
 * target metastore as a recipient, and the shares granted to it, as zod schemas.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

export const RecipientInputs = z.object({
  /** Non-secret selector of the SOURCE (provider) workspace's warehouse; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: written as a creation token in the recipient's COMMENT when this stack creates it. */
  owner: ownerInput,
  /** Name to create the recipient with when none exists for the target metastore (an existing one keeps its own name). */
  name: objectNamePart("name"),
  /**
   * The TARGET metastore's sharing identifier (`<cloud>:<region>:<uuid>`, the target's `current_metastore()`).
   * An existing recipient with this identifier is reused, never duplicated.
   */
  sharingIdentifier: objectNamePart("sharingIdentifier"),
  /** Shares to grant SELECT on to the recipient (each granted only when missing). */
  shares: z.array(objectNamePart("shares[]")).default([]),
  /**
   * The sync this resource serves when a teardown removes it after every deep-clone sync
   * (CrossWorkspaceClone `shareLifecycle: "teardown"`): a new value grants again what a teardown revoked.
   * Absent with `keepShare`.
   */
  syncId: z.string().optional(),
});
export type RecipientInputs = z.infer<typeof RecipientInputs>;

export const RecipientOutputs = RecipientInputs.extend({
  ...markedObjectOutputs,
  /** The recipient actually used: the one found for the target metastore, or the one created as `name`. */
  recipient: z.string(),
  /** Shares whose SELECT grant THIS stack issued (revoked on delete); grants found in place are not listed. */
  grantedShares: z.array(z.string()),
});
export type RecipientOutputs = z.infer<typeof RecipientOutputs>;
