/**
 * `DeltaShare` (type token `catalog-clone:index:DeltaShare`): a Delta share on the SOURCE workspace
 * holding the chosen tables, each added only if absent, `WITH HISTORY` by default (a recipient needs the
 * history for pinned versions and incremental deep clones). The share is created (and owned) only when
 * it does not exist; an existing share, e.g. one managed with `@pulumi/databricks`'s `Share`, is used by
 * name: only the tables this stack added are removed on destroy, the share itself stays. Tables are added
 * to an existing share only when no recipient other than `recipientSharingIdentifier`'s holds it.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionRefSchema } from "../provider/resources/connectionRef";
import { ownerMarker } from "../provider/resources/ownership";
import { SharedTables } from "../provider/resources/share/resource";
import { tableRefSchema, unityCatalogName } from "../provider/vocabulary/objectIdentity";
import { parseComponentArgs } from "./crossWorkspace/componentArgs";

export const deltaShareArgsSchema = z.strictObject({
  /** Share name (an existing share of that name is used, not re-created). */
  name: unityCatalogName("name"),
  /** Tables to share (`catalog`, `schema`, `table`, provider-side names); each is added only if the share lacks it. */
  tables: z.array(tableRefSchema, { error: "tables must be a list of {catalog, schema, table}." }),
  /** Share the tables' history (default true): needed for `asOf` pins and incremental deep clones on the target. */
  withHistory: z.boolean({ error: "withHistory must be true or false." }).default(true),
  /** COMMENT of the share when this stack creates it. */
  comment: z.string().optional(),
  /**
   * Sharing identifier of the recipient the share is for (the target's `current_metastore()`). Tables are
   * added to an existing share (one this stack did not create) only when no OTHER recipient holds it, since
   * that recipient could read them; omitted: only when no recipient at all holds it.
   */
  recipientSharingIdentifier: z.string({ error: "recipientSharingIdentifier must be a sharing identifier (<cloud>:<region>:<metastore uuid>)." }).optional(),
  /** The SOURCE workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go here. */
  connection: connectionRefSchema.optional(),
  /**
   * Set by CrossWorkspaceClone with `shareLifecycle: "teardown"`: the sync this object serves; a new value
   * makes again what the last teardown removed. Leave it unset when composing this component yourself.
   */
  syncId: z.string().optional(),
});

/** What users write: `new DeltaShare(name, args)`. */
export type DeltaShareArgs = z.input<typeof deltaShareArgsSchema>;

export class DeltaShare extends pulumi.ComponentResource {
  /** The share's name. */
  declare readonly shareName: pulumi.Output<string>;
  /** Whether this stack created the share (and so drops it on destroy). */
  declare readonly createdByStack: pulumi.Output<boolean>;
  /** `catalog.schema.table` of the tables this stack added to the share. */
  declare readonly addedTables: pulumi.Output<string[]>;
  /** The share resource. */
  readonly share: SharedTables;

  /** @throws CatalogCloneArgsError naming every invalid field, before anything is registered. */
  constructor(name: string, args: DeltaShareArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const a = parseComponentArgs("DeltaShare", name, deltaShareArgsSchema, args);
    super("catalog-clone:index:DeltaShare", name, {}, opts);
    this.share = new SharedTables(
      name,
      { connection: a.connection, owner: ownerMarker(pulumi.getProject(), pulumi.getStack()), name: a.name, tables: a.tables, withHistory: a.withHistory, comment: a.comment, recipientSharingIdentifier: a.recipientSharingIdentifier, syncId: a.syncId },
      { parent: this },
    );
    Object.assign(this, { shareName: this.share.name, createdByStack: this.share.createdByStack, addedTables: this.share.addedTables });
    this.registerOutputs({ shareName: this.shareName, createdByStack: this.createdByStack, addedTables: this.addedTables });
  }
}
