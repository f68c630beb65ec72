/**
 * Inputs and outputs of the teardown that follows a cross-workspace deep-clone sync
 * (`catalog-clone:ShareTeardown`, components/CrossWorkspaceClone.ts with `shareLifecycle: "teardown"`),
 * as zod schemas: the single source of their types and of check() failures.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { ownerInput } from "../ownership";

export const ShareTeardownInputs = z.object({
  /** Non-secret selector of the TARGET workspace's warehouse (the shared catalog and the destination live there). */
  connection: connectionRefSchema.optional(),
  /** Non-secret selector of the SOURCE workspace's warehouse (the share and its grant live there). */
  sourceConnection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: only objects carrying this stack's creation token are dropped. */
  owner: ownerInput,
  /** What this sync cloned (shareTeardown/syncRecord.ts syncIdOf): a new value runs the teardown again. */
  syncId: z.string().regex(/^[0-9a-f]{16}$/, { error: "syncId must be 16 hex digits (syncRecord.ts syncIdOf)." }),
  /** The source key of this sync (syncRecord.ts syncIdOf of the shared source tables and the clone arguments). */
  sourceKey: z.string().regex(/^[0-9a-f]{16}$/, { error: "sourceKey must be 16 hex digits (syncRecord.ts syncIdOf)." }),
  /** The destination catalog (target workspace): the sync record is written on it. */
  destinationCatalog: objectNamePart("destinationCatalog"),
  /** `schema.table` of the shared tables: the destination digest covers their copies. */
  tables: z.array(z.string()),
  /** The share (source workspace); dropped only when this stack created it and its token says so, else only the tables this stack added are removed. */
  share: z.object({ name: objectNamePart("share.name"), createdByStack: z.boolean(), addedTables: z.array(z.string()) }),
  /** The recipient and whether THIS stack issued its grant on the share (only then is it revoked; the recipient itself always stays). */
  grant: z.object({ recipient: objectNamePart("grant.recipient"), grantedByStack: z.boolean() }),
  /** The catalog over the share (target workspace); dropped only when this stack created it and its token says so. */
  sharedCatalog: z.object({ name: objectNamePart("sharedCatalog.name"), createdByStack: z.boolean() }),
});
export type ShareTeardownInputs = z.infer<typeof ShareTeardownInputs>;

export const ShareTeardownOutputs = ShareTeardownInputs.extend({
  /** The record written on the destination catalog (`<syncId>.<source key>.<destination digest>`). */
  record: z.string(),
  /** What the teardown removed, and what it left in place and why. */
  lastAction: z.string(),
  /** Identity of the target warehouse (kit: warehouseChange.ts). */
  warehouse: z.string().optional(),
});
export type ShareTeardownOutputs = z.infer<typeof ShareTeardownOutputs>;
