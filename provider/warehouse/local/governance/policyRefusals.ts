/**
 * What Databricks refuses on a table protected by a row filter or column masks, so that no read path
 * bypasses the policies (reference §4.4; Databricks "Row filters and column masks", Limitations:
 * "Time travel does not work with row-level security or column masks" and "Deep and shallow clones are
 * not supported on tables that have row-level security or column masks").
 * - Time travel: ROW_LEVEL_SECURITY_FEATURE_NOT_SUPPORTED.TIME_TRAVEL / COLUMN_MASKS_FEATURE_NOT_SUPPORTED.TIME_TRAVEL,
 *   SQLSTATE 0A000 (documented error conditions).
 * - CLONE (DEEP or SHALLOW) of such a source: refused; GUESS: the error class is not documented, the same
 *   two classes with a CLONE subclass are used. A clone would otherwise be a copy without the policies.
 */
import type { TableEntry } from "../metastore/model";
import type { EngineError } from "../errors/engineError";
import { ucError } from "../errors/governanceErrors";
import { hasAccessPolicy } from "./accessPolicies";

function refusal(table: TableEntry, display: string, subclass: string, what: string): EngineError {
  return table.rowFilter !== null
    ? ucError(`ROW_LEVEL_SECURITY_FEATURE_NOT_SUPPORTED.${subclass}`, `Row level security policies for ${display} are not supported: ${what} for table with row level security policies.`, "0A000")
    : ucError(`COLUMN_MASKS_FEATURE_NOT_SUPPORTED.${subclass}`, `Column mask policies for ${display} are not supported: ${what} for table with column mask policies.`, "0A000");
}

/** Throws when `table` has a row filter or column mask: a time-travel read would not be filtered as Databricks requires. */
export function refuseTimeTravelOfProtected(table: TableEntry, display: string): void {
  if (hasAccessPolicy(table)) throw refusal(table, display, "TIME_TRAVEL", "Time travel");
}

/** Throws when `table` (a CLONE source) has a row filter or column mask: the clone would carry neither. */
export function refuseCloneOfProtected(table: TableEntry, display: string): void {
  if (hasAccessPolicy(table)) throw refusal(table, display, "CLONE", "CLONE");
}
