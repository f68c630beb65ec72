/**
 * The shape of one cloned table (a `shape` input, filled by the component from `tableOverrides`,
 * `masking`, `schemaOnly` and `tblProperties`): a row subset, masked columns, structure only, extra
 * TBLPROPERTIES. A table with a subset, masks or schemaOnly is written by ONE CREATE TABLE … AS SELECT
 * (shapedWrite.ts) instead of a CLONE; `tblProperties` alone keeps the CLONE.
 */
import { createHash } from "crypto";
import { z } from "zod";
import { MASK_STRATEGIES } from "../../sql/masking";

/** Prefix of this stack's own TBLPROPERTIES (markers.ts, ownership.ts). No user property may use it. */
export const RESERVED_PROPERTY_PREFIX = "catalog_clone.";

export const MaskRuleInput = z.object({
  /** How the column is masked (provider/sql/masking.ts). */
  strategy: z.enum(MASK_STRATEGIES),
  keepLast: z.number().int().min(0).optional(),
  replacement: z.string().optional(),
  expression: z.string().optional(),
});
export type MaskRuleInput = z.infer<typeof MaskRuleInput>;

export const ColumnMaskInput = z.object({
  column: z.string().min(1),
  rule: MaskRuleInput,
  /** The table must have the column (a rule keyed by the exact table); false for pattern rules. */
  required: z.boolean(),
  /** Where the rule came from, for error messages (`masking["crm.*"].email`). */
  origin: z.string(),
});
export type ColumnMaskInput = z.infer<typeof ColumnMaskInput>;

export const TableShape = z.object({
  /** Row subset: one boolean expression over the source row, applied at the cloned version. */
  where: z.string().optional(),
  /** Create the table empty with the source's columns and partitioning. */
  schemaOnly: z.boolean().optional(),
  /** Extra TBLPROPERTIES on the destination (never `catalog_clone.*`). */
  tblProperties: z
    .record(z.string(), z.string())
    .superRefine((p, ctx) => {
      const problem = reservedPropertyProblem(Object.keys(p));
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  /** Columns masked in the one statement that writes the rows. */
  masks: z.array(ColumnMaskInput).optional(),
});
export type TableShape = z.infer<typeof TableShape>;

/** Written by CREATE TABLE … AS SELECT rather than CLONE. */
export function isShaped(shape: TableShape | undefined): shape is TableShape {
  return !!shape && (shape.where !== undefined || shape.schemaOnly === true || (shape.masks?.length ?? 0) > 0);
}

/** A stable text of the shape: a change of it is a settings change (re-write). */
export function shapeKey(shape: TableShape | undefined): string {
  if (!shape) return "";
  const props = Object.entries(shape.tblProperties ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const masks = [...(shape.masks ?? [])].map((m) => [m.column.toLowerCase(), m.rule, m.required]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify([shape.where ?? null, shape.schemaOnly === true, props, masks]);
}

/**
 * Fingerprint of what a shape withholds from the source (the `where`, schemaOnly, the masks: sorted
 * column and rule), written as the `catalog_clone.shape` marker of every version a shaped write leaves.
 * Null for a shape that withholds nothing (a plain clone, tblProperties only). A table whose marker
 * differs holds versions that were shaped otherwise (wider rows, other or no masks), so it is dropped and
 * re-created rather than replaced: its history would keep them readable by time travel.
 */
export function restrictionFingerprint(shape: TableShape | undefined): string | null {
  if (!isShaped(shape)) return null;
  const masks = (shape.masks ?? []).map((m) => [m.column.toLowerCase(), m.rule.strategy, m.rule.keepLast ?? null, m.rule.replacement ?? null, m.rule.expression ?? null]);
  masks.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const canon = [shape.where?.trim() ?? null, shape.schemaOnly === true, masks];
  return createHash("sha256").update(JSON.stringify(canon)).digest("hex").slice(0, 16);
}

/** Why these property keys cannot be set by a user (null: they can). */
export function reservedPropertyProblem(keys: readonly string[]): string | null {
  const bad = keys.filter((k) => k.toLowerCase().startsWith(RESERVED_PROPERTY_PREFIX));
  if (bad.length === 0) return null;
  return (
    `${bad.map((k) => JSON.stringify(k)).join(", ")} ${bad.length === 1 ? "is" : "are"} this project's own marker propert${bad.length === 1 ? "y" : "ies"} ` +
    `(${RESERVED_PROPERTY_PREFIX}*: ownership and rollback depend on them); remove ${bad.length === 1 ? "it" : "them"} from tblProperties.`
  );
}
