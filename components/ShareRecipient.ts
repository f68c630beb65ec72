/**
 * `ShareRecipient` (type token `catalog-clone:index:ShareRecipient`): on the SOURCE workspace, the
 * recipient standing for the TARGET metastore, and `SELECT` on the given shares granted to it. An
 * existing recipient whose sharing identifier is the target's is REUSED (never duplicated, never
 * dropped), e.g. one managed with `@pulumi/databricks`'s `Recipient`; one is created (and owned) only
 * when none exists. Each grant is issued only when missing; destroy revokes only the grants this stack
 * issued.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionRefSchema } from "../provider/resources/connectionRef";
import { ownerMarker } from "../provider/resources/ownership";
import { SharingRecipient } from "../provider/resources/recipient/resource";
import { unityCatalogName } from "../provider/vocabulary/objectIdentity";
import { parseComponentArgs } from "./crossWorkspace/componentArgs";

export const shareRecipientArgsSchema = z.strictObject({
  /** The TARGET metastore's sharing identifier (`<cloud>:<region>:<uuid>`: `SELECT current_metastore()` in the target workspace). */
  sharingIdentifier: z.string().regex(/^([a-z0-9-]+:[a-z0-9-]+:)?[0-9a-f-]{8,}$/i, {
    error: "sharingIdentifier must be the target's current_metastore(): <cloud>:<region>:<metastore uuid>.",
  }),
  /** Name for the recipient when none exists for that metastore (an existing recipient keeps its own name). */
  name: unityCatalogName("name"),
  /** Shares to grant SELECT on (each granted only when missing). */
  shares: z.array(unityCatalogName("shares[]")).default([]),
  /** The SOURCE workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go here. */
  connection: connectionRefSchema.optional(),
  /**
   * Set by CrossWorkspaceClone with `shareLifecycle: "teardown"`: the sync this object serves; a new value
   * makes again what the last teardown removed. Leave it unset when composing this component yourself.
   */
  syncId: z.string().optional(),
});

/** What users write: `new ShareRecipient(name, args)`. */
export type ShareRecipientArgs = z.input<typeof shareRecipientArgsSchema>;

export class ShareRecipient extends pulumi.ComponentResource {
  /** The recipient used: the existing one for the target metastore, or the one this stack created. */
  declare readonly recipientName: pulumi.Output<string>;
  /** True when an existing recipient was reused (never dropped by this stack). */
  declare readonly reused: pulumi.Output<boolean>;
  /** Shares whose grant this stack issued. */
  declare readonly grantedShares: pulumi.Output<string[]>;
  /** The recipient resource. */
  readonly recipient: SharingRecipient;

  /** @throws CatalogCloneArgsError naming every invalid field, before anything is registered. */
  constructor(name: string, args: ShareRecipientArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const a = parseComponentArgs("ShareRecipient", name, shareRecipientArgsSchema, args);
    super("catalog-clone:index:ShareRecipient", name, {}, opts);
    this.recipient = new SharingRecipient(
      name,
      { connection: a.connection, owner: ownerMarker(pulumi.getProject(), pulumi.getStack()), name: a.name, sharingIdentifier: a.sharingIdentifier, shares: a.shares, syncId: a.syncId },
      { parent: this },
    );
    Object.assign(this, { recipientName: this.recipient.recipient, reused: this.recipient.adopted, grantedShares: this.recipient.grantedShares });
    this.registerOutputs({ recipientName: this.recipientName, reused: this.reused, grantedShares: this.grantedShares });
  }
}
