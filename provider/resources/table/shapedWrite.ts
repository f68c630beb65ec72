/**
 * Writing a shaped table (shape.ts: a `where` subset, masked columns, schema only): ONE
 * `CREATE [OR REPLACE] TABLE … AS SELECT … FROM src VERSION AS OF n` carrying this stack's markers, in
 * place of the CLONE. What makes it safe:
 *
 * - No raw version, ever, and no wider one. Masks are applied by the statement that writes the rows (no
 *   UPDATE after a copy). A re-write (drift) is the same statement with CREATE OR REPLACE, so every
 *   version it leaves is shaped the same way. A table whose versions were shaped differently, or not at
 *   all (a `where`, schemaOnly or masks added to or changed on a table written before, e.g. a plain
 *   clone), is DROPPED and created again: its history goes with it, and the rollback target of that
 *   write is "drop" (previousVersion null), so neither undo, the validation gate nor rollbackOnFailure
 *   can RESTORE a wider or unmasked version (rollback.ts restores only to `previousVersion`). A table
 *   this stack adopted (it existed before) cannot be dropped, so shaping one whose versions are not
 *   shaped this way is refused before any write.
 * - Recognisable after a lost answer: the CTAS commit records the TBLPROPERTIES it set, so the source
 *   version (`catalog_clone.source_version`) and the markers identify this stack's write (isShapedCommit).
 *   GUESS: that Databricks' DESCRIBE HISTORY shows them as `operationParameters.properties` (JSON), as
 *   delta-io's CreateTable operation records them; not confirmed on a workspace. Without them the write is
 *   not recognised and the handler fails safe (DestinationTaken: nothing recorded; the next up finds its
 *   markers and re-writes the table with CREATE OR REPLACE).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { maskExpression } from "../../sql/masking";
import { shapedCopyTable, type ShapedColumn } from "../../sql/shapedCopy";
import { tableColumns } from "../../sql/tableLookup";
import { describeDetail } from "../../sql/table";
import type { TimeTravel } from "../../sql/timeTravel";
import type { TableRef } from "../../vocabulary/objectIdentity";
import type { HistoryTop } from "./drift";
import type { TableInputs } from "./inputs";
import type { DestinationLookup } from "./lookup";
import { objectName } from "./lookup";
import { refName } from "./markers";
import { restrictionFingerprint, type TableShape } from "./shape";

/** The source version a shaped write read (CLONE records it in its history; a CTAS records it here). */
export const SOURCE_VERSION_PROPERTY = "catalog_clone.source_version";
/** The restriction fingerprint (shape.ts restrictionFingerprint) shared by every version of a shaped table. */
export const SHAPE_PROPERTY = "catalog_clone.shape";

export interface SourceColumn {
  name: string;
  type: string;
}

/** The source's columns (information_schema, in order) and partition columns (DESCRIBE DETAIL): 2 statements. */
export async function readSourceStructure(wh: Warehouse, source: TableRef): Promise<{ columns: SourceColumn[]; partitionColumns: string[] }> {
  const cols = await wh.execute(tableColumns(objectName(source)));
  const columns = cols.map((c) => ({ name: String(c.column_name), type: String(c.full_data_type ?? "") }));
  if (columns.length === 0) throw new Error(`the source ${refName(source)} has no columns in information_schema (dropped since discovery?)`);
  const detail = await wh.execute(describeDetail(objectName(source)));
  const raw = detail[0]?.partitionColumns;
  const parts = Array.isArray(raw) ? raw : typeof raw === "string" && raw.startsWith("[") ? (JSON.parse(raw) as unknown[]) : [];
  return { columns, partitionColumns: parts.map(String) };
}

/** The SELECT list: every source column, masked where a rule names it. A required rule for a missing column fails. */
export function shapedColumns(shape: TableShape, columns: readonly SourceColumn[], table: string): ShapedColumn[] {
  const masks = shape.masks ?? [];
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const missing = masks.filter((m) => m.required && !byName.has(m.column.toLowerCase()));
  if (missing.length > 0) {
    throw new Error(
      `${missing.map((m) => m.origin).join(", ")}: table ${table} has no column ${missing.map((m) => JSON.stringify(m.column)).join(", ")} ` +
        `(its columns: ${columns.map((c) => c.name).join(", ")}); fix the column name in masking.`,
    );
  }
  return columns.map((c) => {
    const rule = masks.find((m) => m.column.toLowerCase() === c.name.toLowerCase());
    return rule ? { name: c.name, expression: maskExpression(c.name, c.type, rule.rule, rule.origin) } : { name: c.name };
  });
}

/** Unmasked columns: what validation checksums (masked values differ from the source's by design). */
export function unmaskedColumns(shape: TableShape | undefined, columns: readonly SourceColumn[]): SourceColumn[] {
  const masked = new Set((shape?.masks ?? []).map((m) => m.column.toLowerCase()));
  return columns.filter((c) => !masked.has(c.name.toLowerCase()));
}

/** The properties a shaped write sets: the user's, then this stack's markers (which always win). */
export function shapedProperties(shape: TableShape, markers: Record<string, string>, sourceVersion: number | null): Record<string, string> {
  return {
    ...(shape.tblProperties ?? {}),
    ...markers,
    [SOURCE_VERSION_PROPERTY]: sourceVersion === null ? "unknown" : String(sourceVersion),
    [SHAPE_PROPERTY]: restrictionFingerprint(shape) ?? "none",
  };
}

/** The one statement writing a shaped table (reads the source's structure first). */
export async function shapedWriteStatement(
  wh: Warehouse,
  inputs: Pick<TableInputs, "source" | "destination">,
  shape: TableShape,
  w: { mode: "create" | "createOrReplace"; asOf: TimeTravel | undefined; sourceVersion: number | null; markers: Record<string, string> },
): Promise<string> {
  const { columns, partitionColumns } = await readSourceStructure(wh, inputs.source);
  return shapedCopyTable({
    target: objectName(inputs.destination),
    source: objectName(inputs.source),
    mode: w.mode,
    asOf: w.asOf,
    columns: shapedColumns(shape, columns, refName(inputs.source)),
    where: shape.where,
    schemaOnly: shape.schemaOnly,
    partitionColumns,
    properties: shapedProperties(shape, w.markers, w.sourceVersion),
  });
}

/**
 * Must this write drop the table first? Yes when the new shape withholds rows or values (where,
 * schemaOnly, masks) and the table's history holds versions not shaped exactly this way (a plain clone,
 * another `where`, other masks): a CREATE OR REPLACE would leave them readable by time travel. An adopted
 * table cannot be dropped (destroy restores it): refused before any write.
 */
export function shapedNeedsFreshTable(shape: TableShape | undefined, existing: DestinationLookup, adopted: boolean, table: string): boolean {
  const fp = restrictionFingerprint(shape);
  if (fp === null || !existing.exists || existing.markers.shape === fp) return false;
  if (adopted) {
    throw new Error(
      `Table ${table}: a where, schemaOnly or masking is configured for it, but it existed before this stack (adopted) and its history holds ` +
        "versions that were not shaped this way (more rows, or unmasked values), which time travel would still reveal. Drop the destination table " +
        "(or choose another destination catalog) so this stack creates it shaped, or remove its where/schemaOnly/masking settings.",
    );
  }
  return true;
}

function propertiesOf(row: HistoryTop): Record<string, string> {
  try {
    const p = JSON.parse(row.operationParameters.properties ?? "{}") as unknown;
    return p && typeof p === "object" ? (p as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Is this history row the shaped write sent (a CTAS past the version before it, reading the pinned source version)? */
export function isShapedCommit(row: HistoryTop, sent: { previousVersion: number | null; sourceVersion: number | null }): boolean {
  if (!/^(CREATE|REPLACE|CREATE OR REPLACE) TABLE AS SELECT$/i.test(row.operation.trim())) return false;
  const props = propertiesOf(row);
  if (sent.sourceVersion !== null && props[SOURCE_VERSION_PROPERTY] !== String(sent.sourceVersion)) return false;
  return sent.previousVersion === null || row.version > sent.previousVersion;
}

/** The source version a shaped commit read (null: unknown, e.g. a timestamp pin). */
export function shapedSourceVersion(row: HistoryTop): number | null {
  const v = Number(propertiesOf(row)[SOURCE_VERSION_PROPERTY]);
  return Number.isFinite(v) ? v : null;
}
