/**
 * `TargetCatalog` (type token `catalog-clone:index:TargetCatalog`): on the TARGET workspace, a read-only
 * catalog `USING SHARE` over a share of the source workspace. The provider is found by the source
 * metastore's sharing identifier (its name is the target's business); the share may take a while to
 * become visible after the grant, so the look-up is repeated with bounded exponential backoff.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionRefSchema } from "../provider/resources/connectionRef";
import { ownerMarker } from "../provider/resources/ownership";
import { SharedCatalog } from "../provider/resources/sharedCatalog/resource";
import { unityCatalogName } from "../provider/vocabulary/objectIdentity";
import { parseComponentArgs } from "./crossWorkspace/componentArgs";

export const targetCatalogArgsSchema = z.strictObject({
  /** Name of the catalog to create in the target workspace. */
  catalog: unityCatalogName("catalog"),
  /** The SOURCE metastore's sharing identifier (`SELECT current_metastore()` in the source workspace). */
  providerSharingIdentifier: z.string().min(1, { error: "providerSharingIdentifier must be the source's current_metastore()." }),
  /** The share, by its name on the source side. */
  share: unityCatalogName("share"),
  /** COMMENT of the catalog when this stack creates it. */
  comment: z.string().optional(),
  /** Longest wait for the share to become visible, in seconds (default 120; Databricks caches about a minute). */
  propagationTimeoutSeconds: z.number().int().positive({ error: "propagationTimeoutSeconds must be a positive integer (seconds)." }).default(120),
  /** The TARGET workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go here. */
  connection: connectionRefSchema.optional(),
  /**
   * Set by CrossWorkspaceClone with `shareLifecycle: "teardown"`: the sync this object serves; a new value
   * makes again what the last teardown removed. Leave it unset when composing this component yourself.
   */
  syncId: z.string().optional(),
});

/** What users write: `new TargetCatalog(name, args)`. */
export type TargetCatalogArgs = z.input<typeof targetCatalogArgsSchema>;

export class TargetCatalog extends pulumi.ComponentResource {
  /** The shared catalog's name in the target workspace. */
  declare readonly catalogName: pulumi.Output<string>;
  /** The provider's name in the target workspace. */
  declare readonly providerName: pulumi.Output<string>;
  /** Whether this stack created the catalog (and so drops it on destroy). */
  declare readonly createdByStack: pulumi.Output<boolean>;
  /** The catalog resource. */
  readonly catalog: SharedCatalog;

  /** @throws CatalogCloneArgsError naming every invalid field, before anything is registered. */
  constructor(name: string, args: TargetCatalogArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const a = parseComponentArgs("TargetCatalog", name, targetCatalogArgsSchema, args);
    super("catalog-clone:index:TargetCatalog", name, {}, opts);
    this.catalog = new SharedCatalog(
      name,
      {
        connection: a.connection,
        owner: ownerMarker(pulumi.getProject(), pulumi.getStack()),
        name: a.catalog,
        providerSharingIdentifier: a.providerSharingIdentifier,
        share: a.share,
        comment: a.comment,
        propagationTimeoutSeconds: a.propagationTimeoutSeconds,
        syncId: a.syncId,
      },
      { parent: this },
    );
    Object.assign(this, { catalogName: this.catalog.name, providerName: this.catalog.provider, createdByStack: this.catalog.createdByStack });
    this.registerOutputs({ catalogName: this.catalogName, providerName: this.providerName, createdByStack: this.createdByStack });
  }
}
