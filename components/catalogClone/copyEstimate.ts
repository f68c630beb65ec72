/**
 * Bytes a run is expected to copy, for the plan summary of a preview, where the warehouse can tell
 * cheaply. A DEEP clone of a table not in the destination yet copies the source's current files: its
 * `DESCRIBE DETAIL` `sizeInBytes` (reference §2.2; the local engine returns the same column), read for up
 * to 200 tables in ONE read-only statement (provider/sql/tableSizes.ts, the statement cloneOrder.ts uses;
 * GUESS there: DESCRIBE DETAIL as a subquery on Databricks; a warehouse that refuses it leaves the sizes
 * unknown, never fails the preview), and only:
 * - in a preview (`pulumi up` runs one first, so the user sees it there too; the update itself pays
 *   nothing for it), and
 * - for at most ESTIMATE_LIMIT new tables.
 * A no-drift run has no new table, so it costs no statement. SHALLOW clones and schema-only tables copy
 * no data (0 bytes). A re-clone of a table already cloned is incremental (DEEP CLONE copies only files
 * the destination lacks): what it will copy is only known once it ran (the report's `copiedBytes`), so
 * it is counted, not estimated.
 */
import { WarehouseError, type Warehouse } from "../../provider/warehouse/warehouse";
import { tableSizes } from "../../provider/sql/tableSizes";
import type { CloneType } from "../../provider/vocabulary/cloneType";
import type { PlannedTable } from "./plan";
import { formatBytes } from "../../provider/vocabulary/byteText";
export { formatBytes };

/** New tables whose size a preview reads at most (one statement per BATCH). */
export const ESTIMATE_LIMIT = 2000;
/** Tables per size statement. */
const BATCH = 200;

export interface CopyEstimate {
  /** Bytes expected per new table, `schema.table` → bytes (0 when it copies no data); absent: unknown. */
  perTable: Map<string, number>;
  /** Sum of the known sizes; null when no size was read (not a preview, or too many tables). */
  totalBytes: number | null;
  /** New tables to be copied in full. */
  newTables: number;
  /** Why some or all sizes are unknown (empty when every new table's size is known). */
  unknown: string;
}

/**
 * Reads the sizes of the new tables the plan copies in full. `copiesNoData(t)`: schema-only shaping.
 * `dryRun` false (an update): reads nothing.
 */
export async function estimateCopy(
  tables: readonly PlannedTable[],
  opts: { sourceCatalog: string; cloneType: CloneType; dryRun: boolean; copiesNoData: (t: PlannedTable) => boolean; warehouse: () => Promise<Warehouse> },
): Promise<CopyEstimate> {
  const fresh = tables.filter((t) => t.destination === undefined);
  const perTable = new Map<string, number>();
  const key = (t: PlannedTable) => `${t.schema}.${t.table}`;
  const toRead: PlannedTable[] = [];
  let notDelta = 0;
  for (const t of fresh) {
    if (opts.cloneType === "SHALLOW" || opts.copiesNoData(t)) perTable.set(key(t), 0);
    else if ((t.source.format ?? "DELTA").toUpperCase() === "DELTA") toRead.push(t);
    else notDelta++; // DESCRIBE DETAIL reads Delta tables only (a shared catalog's tables read DELTASHARING)
  }
  const base = { perTable, newTables: fresh.length };
  const unread = notDelta > 0 ? `${notDelta} non-Delta size(s) not read` : "";
  if (toRead.length === 0) return { ...base, totalBytes: fresh.length > 0 ? 0 : null, unknown: unread };
  if (!opts.dryRun) return { ...base, totalBytes: null, unknown: "sizes are read in a preview only" };
  if (toRead.length > ESTIMATE_LIMIT) {
    return { ...base, totalBytes: null, unknown: `${toRead.length} new tables: sizes not read (more than ${ESTIMATE_LIMIT})` };
  }
  const wh = await opts.warehouse();
  const sizeKey = (schema: string, table: string) => `${schema}.${table}`.toLowerCase();
  const wanted = new Map(toRead.map((t) => [sizeKey(t.schema, t.table), key(t)]));
  try {
    for (let i = 0; i < toRead.length; i += BATCH) {
      const batch = toRead.slice(i, i + BATCH).map((t) => ({ catalog: opts.sourceCatalog, schema: t.schema, name: t.table }));
      for (const r of await wh.execute(tableSizes(batch))) {
        const k = wanted.get(sizeKey(String(r.table_schema), String(r.table_name)));
        const n = Number(r.size_in_bytes);
        if (k !== undefined && Number.isFinite(n)) perTable.set(k, n);
      }
    }
  } catch (err) {
    if (!(err instanceof WarehouseError)) throw err;
    // An estimate never fails a preview: the sizes stay unknown, and the summary says why.
    return { ...base, totalBytes: null, unknown: `sizes could not be read (${err.errorClass})` };
  }
  const failed = toRead.filter((t) => !perTable.has(key(t))).length;
  const totalBytes = [...perTable.values()].reduce((a, b) => a + b, 0);
  return { ...base, totalBytes, unknown: [failed > 0 ? `${failed} size(s) could not be read` : "", unread].filter(Boolean).join("; ") };
}

/** The summary line: what a run copies, with the estimate where there is one. */
export function describeEstimate(e: CopyEstimate, changed: { reclones: number }): string {
  const parts: string[] = [];
  if (e.newTables > 0) {
    const size = e.totalBytes !== null ? `~${formatBytes(e.totalBytes)}` : "size unknown";
    parts.push(`${e.newTables} new table(s) copied in full (${size}${e.unknown && e.totalBytes !== null ? `; ${e.unknown}` : e.unknown ? `: ${e.unknown}` : ""})`);
  } else parts.push("no new table");
  if (changed.reclones > 0) parts.push(`${changed.reclones} table(s) to update (re-clones are incremental: bytes known after the clone, in the report)`);
  return `bytes expected to be copied: ${parts.join("; ")}`;
}
