/**
 * A table's byte counts as state holds them. `runCopiedBytes` (what the run at `ranAt` copied) and
 * `totalCopiedBytes` (what every write of this stack copied) usually equal the last clone's
 * `metrics.copiedBytes` (a first clone: all three are the same number), so state leaves each out while it
 * does (table state version 4; ~44 B per table) and readers of the raw outputs (a program, a stack export)
 * take the last clone's bytes for an absent one. No metrics: nothing cloned, 0.
 */

/** The outputs these counts are read from (raw state outputs or parsed ones). */
export interface CopiedBytesOutputs {
  metrics?: { copiedBytes: number } | null;
  runCopiedBytes?: number | null;
  totalCopiedBytes?: number | null;
}

/** What the last clone copied (0 with no clone): the value of a count state left out. */
export function lastCloneBytes(o: CopiedBytesOutputs): number {
  return o.metrics?.copiedBytes ?? 0;
}

/** Bytes the run at `ranAt` copied into the table. */
export function runCopiedBytes(o: CopiedBytesOutputs): number {
  return o.runCopiedBytes ?? lastCloneBytes(o);
}

/** Bytes every write of this stack copied into the table (also state written before it was recorded: the last clone's). */
export function totalCopiedBytes(o: CopiedBytesOutputs): number {
  return o.totalCopiedBytes ?? lastCloneBytes(o);
}
