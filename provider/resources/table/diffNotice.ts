/**
 * The Node dynamic plugin sends no detailed diff, so besides the changed inputs (the fingerprints)
 * preview gets one line per table saying what will happen and why, on the provider's stderr (which
 * the Pulumi CLI passes through). Tables left alone for a reason worth knowing (kept edits, retained)
 * are reported the same way. A decision left to the update (TableDiff `deferred`) is said as such here,
 * and again by the update once its history read decided it.
 */
import type { TableDiff } from "./lifecycle";

export function announceDiff(id: string, d: TableDiff): void {
  if (d.rebaseline) {
    process.stderr.write(`[catalog-clone] table ${id}: record baseline (${d.action.reason})\n`);
    return;
  }
  const what =
    d.replaces.length > 0
      ? "replace"
      : d.action.kind === "recreate"
        ? "drop and re-clone"
        : d.action.kind === "clone"
          ? d.action.label === "repaired"
            ? "repair"
            : "re-clone"
          : "keep";
  if (d.deferred) {
    // The update reads the source's history and says then what it did (lifecycle.ts updateTable announce).
    process.stderr.write(`[catalog-clone] table ${id}: ${what} unless its history shows maintenance only (source changed since the last run)\n`);
    return;
  }
  if (what === "keep" && /^(no drift|source pinned)/.test(d.action.reason)) return;
  process.stderr.write(`[catalog-clone] table ${id}: ${what} (${d.action.reason})\n`);
}
