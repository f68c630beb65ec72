/**
 * The part of a ClonedTable's inputs that a planned table determines: its sync mode and the source and
 * destination fingerprints discovery observed, which the table resource diffs against its recorded clone.
 */
import type { TableInputs } from "../../provider/resources/table/inputs";
import type { PlannedTable } from "./plan";

export function plannedTableFingerprints(
  t: PlannedTable,
): Pick<TableInputs, "sync" | "sourceFingerprint" | "destinationFingerprint"> {
  return {
    sync: t.sync,
    sourceFingerprint: { tableType: t.source.tableType, format: t.source.format, lastAltered: t.source.lastAltered ?? "" },
    destinationFingerprint: t.destination
      ? { exists: true, lastAltered: t.destination.lastAltered ?? undefined, tableType: t.destination.tableType }
      : { exists: false },
  };
}
