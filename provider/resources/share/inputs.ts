/**
 * Inputs and outputs of a Delta share on the source side (`catalog-clone:Share`), as zod schemas: the
 * single source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { objectNamePart, tableRefSchema } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

export const ShareInputs = z.object({
  /** Non-secret selector of the SOURCE workspace's warehouse; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: written as a creation token in the share's COMMENT when this stack creates it. */
  owner: ownerInput,
  /** Share name (deterministic: derived from source and destination identity, see components/crossWorkspace/names.ts). */
  name: objectNamePart("name"),
  /** COMMENT of the share when this stack creates it. */
  comment: z.string().optional(),
  /** Tables to share, each added only when the share does not hold it yet. */
  tables: z.array(tableRefSchema).default([]),
  /** Add tables `WITH HISTORY` (default true): recipients need it for VERSION AS OF and incremental deep clones. */
  withHistory: z.boolean().default(true),
  /**
   * Sharing identifier of the only recipient allowed to hold a share this stack did not create: tables are
   * added to such a share only when no other recipient holds it (absent: only when nobody holds it).
   */
  recipientSharingIdentifier: z.string().optional(),
  /**
   * The sync this resource serves when a teardown removes it after every deep-clone sync
   * (CrossWorkspaceClone `shareLifecycle: "teardown"`): a new value re-creates what a teardown removed.
   * Absent with `keepShare`.
   */
  syncId: z.string().optional(),
});
export type ShareInputs = z.infer<typeof ShareInputs>;

export const ShareOutputs = ShareInputs.extend({
  ...markedObjectOutputs,
  /** `catalog.schema.table` of the tables THIS stack added (removed again on delete when the share stays). */
  addedTables: z.array(z.string()),
});
export type ShareOutputs = z.infer<typeof ShareOutputs>;
