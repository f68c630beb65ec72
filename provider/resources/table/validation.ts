/**
 * Post-clone validation: row counts and an order-independent checksum of the SOURCE AT THE CLONED
 * VERSION against the destination at the version just written, in one statement (the source may
 * have moved since the clone; comparing with its current version would report false mismatches).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { compareTables, rowCounts } from "../../sql/validation";
import { tableColumns } from "../../sql/tableLookup";
import type { TableRef } from "../../vocabulary/objectIdentity";
import type { ValidateOptions, ValidationResult } from "./inputs";
import { objectName } from "./lookup";
import { isShaped, type TableShape } from "./shape";
import { validateShaped } from "./shapedValidation";

export interface ValidationTarget {
  source: TableRef;
  sourceVersion: number;
  destination: TableRef;
  destinationVersion: number;
  /** A shaped table (shape.ts) is compared through its predicate and on its unmasked columns (shapedValidation.ts). */
  shape?: TableShape;
}

/** Pure comparison of what the two sides returned. */
export function compareSides(
  opts: Pick<ValidateOptions, "rowCounts" | "checksums">,
  source: { rows: number; checksum: string | null },
  destination: { rows: number; checksum: string | null },
): ValidationResult {
  const rowsMatch = !opts.rowCounts || source.rows === destination.rows;
  const sumsMatch = !opts.checksums || source.checksum === destination.checksum;
  return {
    sourceRows: opts.rowCounts ? source.rows : null,
    destinationRows: opts.rowCounts ? destination.rows : null,
    sourceChecksum: opts.checksums ? source.checksum : null,
    destinationChecksum: opts.checksums ? destination.checksum : null,
    matched: rowsMatch && sumsMatch,
  };
}

/** Runs the comparison: 1 statement for row counts only, 2 with checksums (columns, then both sides). */
export async function validateClone(wh: Warehouse, opts: ValidateOptions, t: ValidationTarget): Promise<ValidationResult> {
  if (isShaped(t.shape)) return validateShaped(wh, opts, t.shape, t);
  const src = { table: objectName(t.source), asOf: { version: t.sourceVersion } };
  const dst = { table: objectName(t.destination), asOf: { version: t.destinationVersion } };
  if (!opts.checksums) {
    const rows = await wh.execute(rowCounts([src, dst]));
    const count = (idx: number) => Number(rows.find((r) => Number(r.idx) === idx)?.row_count ?? NaN);
    return compareSides(opts, { rows: count(0), checksum: null }, { rows: count(1), checksum: null });
  }
  const cols = await wh.execute(tableColumns(objectName(t.destination)));
  const columns = cols.map((c) => ({ name: String(c.column_name), type: String(c.full_data_type ?? "") }));
  const rows = await wh.execute(
    compareTables({ source: src.table, sourceAsOf: src.asOf, destination: dst.table, destinationAsOf: dst.asOf, columns }),
  );
  const side = (name: string) => {
    const r = rows.find((x) => x.side === name);
    return { rows: Number(r?.row_count ?? NaN), checksum: r ? `${r.hash_sum}/${r.hash_xor}` : null };
  };
  return compareSides(opts, side("source"), side("destination"));
}
