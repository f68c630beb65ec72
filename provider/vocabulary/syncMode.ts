/**
 * Sync mode: how a destination table follows its source once cloned (DESIGN §3). One definition for
 * CatalogClone's `sync` and `tableOverrides`, the table resource's input and the planner.
 * - `snapshot`: clone once; never re-clone on source or destination changes (a dropped or rolled-back
 *   destination is re-created at the version first cloned).
 * - `selective`: re-clone (incrementally) when the source moved; destination edits are kept.
 * - `mirror`: re-clone (incrementally) when the source moved or the destination was edited.
 * - `full`: DROP + CREATE on any drift (loses destination grants and history; adopted tables still use
 *   CREATE OR REPLACE so their pre-clone version stays restorable).
 */
import { z } from "zod";

export const syncModeSchema = z.enum(["snapshot", "selective", "mirror", "full"], {
  error: 'must be one of "snapshot" (clone once), "selective" (re-clone drifted tables), "mirror" (incremental CREATE OR REPLACE CLONE) or "full" (drop and re-clone on drift).',
});
export type SyncMode = z.infer<typeof syncModeSchema>;

/** The sync mode when none is given, for a CatalogClone and for a table resource alike. */
export const DEFAULT_SYNC_MODE: SyncMode = "selective";
