/**
 * Bytes a run is expected to copy, for the plan summary of a preview, where the warehouse can tell
 * cheaply. A DEEP clone of a table not in the destination yet copies the source's current files: its
 * `DESCRIBE DETAIL` `sizeInBytes` (reference §2.2; the local engine returns the same column), one
 * read-only statement per such table, and only:
 * - in a preview (`pulumi up` runs one first, so the user sees it there too; the update itself pays
 *   nothing), and
 * - for at most ESTIMATE_LIMIT new tables (a first clone of a large catalog is not worth thousands of
 *   statements before it starts: the summary says the estimate was skipped, and why).
 * A no-drift run has no new table, so it costs no statement. SHALLOW clones and schema-only tables copy
 * no data (0 bytes). A re-clone of a table already cloned is incremental (DEEP CLONE copies only files
 * the destination lacks): what it will copy is only known once it ran (the report's `copiedBytes`), so
 * it is counted, not estimated.
 */
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { describeDetail } from "../../provider/sql/table";
import type { CloneType } from "../../provider/vocabulary/cloneType";
import type { PlannedTable } from "./plan";
import { formatBytes } from "../../provider/vocabulary/byteText";
export { formatBytes };

/** New tables whose size a preview reads at most (one DESCRIBE DETAIL each). */
export const ESTIMATE_LIMIT = 100;
/** DESCRIBE DETAIL statements in flight at once. */
const CONCURRENCY = 8;

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
  for (const t of fresh) {
    if (opts.cloneType === "SHALLOW" || opts.copiesNoData(t)) perTable.set(key(t), 0);
    else toRead.push(t);
  }
  const base = { perTable, newTables: fresh.length };
  if (toRead.length === 0) return { ...base, totalBytes: fresh.length > 0 ? 0 : null, unknown: "" };
  if (!opts.dryRun) return { ...base, totalBytes: null, unknown: "sizes are read in a preview only" };
  if (toRead.length > ESTIMATE_LIMIT) {
    return { ...base, totalBytes: null, unknown: `${toRead.length} new tables: sizes not read (more than ${ESTIMATE_LIMIT}, a DESCRIBE DETAIL each)` };
  }
  const wh = await opts.warehouse();
  let failed = 0;
  for (let i = 0; i < toRead.length; i += CONCURRENCY) {
    await Promise.all(
      toRead.slice(i, i + CONCURRENCY).map(async (t) => {
        try {
          const [row] = await wh.execute(describeDetail({ catalog: opts.sourceCatalog, schema: t.schema, name: t.table }));
          const n = Number(row?.sizeInBytes);
          if (Number.isFinite(n)) perTable.set(key(t), n);
          else failed++;
        } catch {
          failed++; // an estimate never fails a preview
        }
      }),
    );
  }
  const totalBytes = [...perTable.values()].reduce((a, b) => a + b, 0);
  return { ...base, totalBytes, unknown: failed > 0 ? `${failed} size(s) could not be read` : "" };
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
