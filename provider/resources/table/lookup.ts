/**
 * Reads what the destination holds right now: its newest Delta version and its markers. Absence is
 * concluded ONLY from the not-found classes (table, schema or catalog); any other failure (throttling, a
 * permission error, a dropped connection) is rethrown, so an unreadable table is never taken for a
 * missing one and nothing is ever dropped or re-created on a guess (DESIGN §4.4).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { hasErrorClass, isObjectNotFound } from "../../warehouse/warehouse";
import { describeDetail, describeHistory, describeHistorySince } from "../../sql/table";
import type { ObjectName } from "../../sql/objectName";
import { historyTop, type HistoryTop } from "./drift";
import { readMarkers, type Markers } from "./markers";
import type { TableRef } from "../../vocabulary/objectIdentity";

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

/**
 * Most history rows one drift confirmation reads. More commits than this since the recorded version
 * cannot be proved maintenance-only (drift.ts changesSince reports them incomplete: re-clone).
 */
export const HISTORY_SINCE_LIMIT = 200;

/**
 * The history rows at or after version `from` (newest first), or null when the table does not exist.
 * ONE read-only statement. `from` null (nothing recorded): the newest row only. A warehouse that refuses
 * DESCRIBE HISTORY as a subquery (parse error) is read with `DESCRIBE HISTORY … LIMIT` instead.
 */
export async function historySince(wh: Warehouse, table: TableRef, from: number | null): Promise<HistoryTop[] | null> {
  const name = objectName(table);
  const parse = (rows: Record<string, unknown>[]) => rows.map((r) => historyTop(r)).filter((r): r is HistoryTop => r !== null);
  try {
    if (from === null) return parse((await wh.execute(describeHistory(name, 1))).slice(0, 1));
    try {
      return parse(await wh.execute(describeHistorySince(name, from, HISTORY_SINCE_LIMIT)));
    } catch (err) {
      if (!hasErrorClass(err, "PARSE_SYNTAX_ERROR")) throw err;
      return parse(await wh.execute(describeHistory(name, HISTORY_SINCE_LIMIT))).filter((r) => r.version >= from);
    }
  } catch (err) {
    if (isObjectNotFound(err)) return null;
    throw err;
  }
}

/**
 * History (1 statement, skipped when the caller already read the newest row) and, when the table
 * exists, its TBLPROPERTIES from DESCRIBE DETAIL (1 statement).
 */
export async function lookupDestination(wh: Warehouse, table: TableRef, knownTop?: HistoryTop): Promise<DestinationLookup> {
  const top = knownTop ?? (await latestHistory(wh, table));
  if (top === null) return { exists: false };
  let rows: Record<string, unknown>[];
  try {
    rows = await wh.execute(describeDetail(objectName(table)));
  } catch (err) {
    if (knownTop && isObjectNotFound(err)) return { exists: false }; // dropped since the history read
    throw err;
  }
  const raw = rows[0]?.properties;
  const props: Record<string, string> = {};
  const entries =
    raw instanceof Map ? [...raw.entries()] : typeof raw === "string" ? Object.entries(JSON.parse(raw) as object) : Object.entries(raw ?? {});
  for (const [k, v] of entries) props[String(k)] = String(v);
  return { exists: true, version: top.version, top, markers: readMarkers(props) };
}
