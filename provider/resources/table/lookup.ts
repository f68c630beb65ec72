/**
 * Reads what the destination holds right now: its newest Delta version and its markers. Absence is
 * concluded ONLY from the not-found classes (table, schema or catalog); any other failure (throttling, a
 * permission error, a dropped connection) is rethrown, so an unreadable table is never taken for a
 * missing one and nothing is ever dropped or re-created on a guess (DESIGN §4.4).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { isObjectNotFound } from "../../warehouse/warehouse";
import { describeDetail, describeHistory } from "../../sql/table";
import type { ObjectName } from "../../sql/objectName";
import { historyTop, type HistoryTop } from "./drift";
import { readMarkers, type Markers } from "./markers";
import type { TableRef } from "./inputs";

export type DestinationLookup =
  | { exists: false }
  | { exists: true; version: number; top: HistoryTop; markers: Markers };

export function objectName(t: TableRef): ObjectName {
  return { catalog: t.catalog, schema: t.schema, name: t.table };
}

/** Newest history row, or null when the table does not exist. */
export async function latestHistory(wh: Warehouse, table: TableRef): Promise<HistoryTop | null> {
  try {
    const rows = await wh.execute(describeHistory(objectName(table), 1));
    return historyTop(rows[0]);
  } catch (err) {
    if (isObjectNotFound(err)) return null;
    throw err;
  }
}

/** History (1 statement) and, when the table exists, its TBLPROPERTIES from DESCRIBE DETAIL (1 statement). */
export async function lookupDestination(wh: Warehouse, table: TableRef): Promise<DestinationLookup> {
  const top = await latestHistory(wh, table);
  if (top === null) return { exists: false };
  const rows = await wh.execute(describeDetail(objectName(table)));
  const raw = rows[0]?.properties;
  const props: Record<string, string> = {};
  const entries =
    raw instanceof Map ? [...raw.entries()] : typeof raw === "string" ? Object.entries(JSON.parse(raw) as object) : Object.entries(raw ?? {});
  for (const [k, v] of entries) props[String(k)] = String(v);
  return { exists: true, version: top.version, top, markers: readMarkers(props) };
}
