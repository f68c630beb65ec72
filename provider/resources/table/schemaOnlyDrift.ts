/**
 * Source drift of a schema-only table (shape.ts `schemaOnly`): it holds the source's structure and no
 * rows, so commits that only change the source's ROWS are not drift. A source confirmed as moved by
 * row-only operations (below) is compared column by column with the destination (2 read-only
 * statements); the same columns → unchanged, baseline moved to the source's newest version. Any other
 * operation (schema changes, a replace, RESTORE, unknown ones) stays drift, and so does a history that
 * cannot be proved complete.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { tableColumns } from "../../sql/tableLookup";
import { changesSince, classifyOperation, type HistoryTop, type SourceVerdict } from "./drift";
import type { TableInputs } from "./inputs";
import { objectName } from "./lookup";

/**
 * Operations that change rows only, unless they evolve the schema (a WRITE or MERGE with schema
 * evolution records no schema in its history row), which the column comparison catches.
 */
const ROW_OPERATIONS: ReadonlySet<string> = new Set(["WRITE", "STREAMING UPDATE", "MERGE", "UPDATE", "DELETE", "TRUNCATE", "COPY INTO"]);

/** Only row-changing (or maintenance) commits since the baseline, in a complete history. */
export function onlyRowChanges(rows: readonly HistoryTop[], baseline: number): boolean {
  const c = changesSince(rows, baseline);
  if (c.kind !== "data") return false;
  return rows
    .filter((r) => r.version > baseline)
    .every((r) => classifyOperation(r).kind === "maintenance" || ROW_OPERATIONS.has(r.operation.trim().toUpperCase()));
}

export async function schemaOnlySourceVerdict(
  wh: Warehouse,
  news: Pick<TableInputs, "source" | "destination" | "shape">,
  rows: readonly HistoryTop[] | null,
  baseline: number | null,
  verdict: SourceVerdict,
): Promise<SourceVerdict> {
  if (verdict.state !== "moved" || rows === null || baseline === null || !onlyRowChanges(rows, baseline)) return verdict;
  const masked = new Set((news.shape?.masks ?? []).map((m) => m.column.toLowerCase()));
  const shapeOf = async (ref: TableInputs["source"]) =>
    (await wh.execute(tableColumns(objectName(ref)))).map((c) => {
      const name = String(c.column_name).toLowerCase();
      // a masked column's type is the mask's (STRING), not the source's: compared by name only
      return masked.has(name) ? name : `${name} ${String(c.full_data_type ?? "").toLowerCase()}`;
    });
  const [src, dst] = [await shapeOf(news.source), await shapeOf(news.destination)];
  if (src.length === 0 || JSON.stringify(src) !== JSON.stringify(dst)) return { state: "moved", detail: "the source's columns changed (schemaOnly table)" };
  const top = Math.max(...rows.map((r) => r.version));
  return {
    state: "unchanged",
    baseline: { version: top, note: `source rows changed since v${baseline} but not its columns: a schemaOnly table keeps its structure, baseline moved to v${top}, no re-write` },
  };
}
