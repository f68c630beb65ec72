/**
 * Validation of a shaped table (shapedWrite.ts): the source at the cloned version read through the SAME
 * predicate (the `where` subset; FALSE for schema only) against the destination at the version written,
 * in one statement. Checksums cover the unmasked columns only (masked values differ by design); a
 * table whose every column is masked is compared on row counts alone.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { compareShapedCopy } from "../../sql/shapedCopy";
import { tableColumns } from "../../sql/tableLookup";
import type { ValidateOptions, ValidationResult } from "./inputs";
import { objectName } from "./lookup";
import type { TableShape } from "./shape";
import { unmaskedColumns } from "./shapedWrite";
import type { ValidationTarget } from "./validation";

/** 1 statement for row counts only, 2 with checksums (the destination's columns, then both sides). */
export async function validateShaped(wh: Warehouse, opts: ValidateOptions, shape: TableShape, t: ValidationTarget): Promise<ValidationResult> {
  let checksumColumns: { name: string; type: string }[] = [];
  if (opts.checksums) {
    const cols = await wh.execute(tableColumns(objectName(t.destination)));
    checksumColumns = unmaskedColumns(shape, cols.map((c) => ({ name: String(c.column_name), type: String(c.full_data_type ?? "") })));
  }
  const rows = await wh.execute(
    compareShapedCopy({
      source: objectName(t.source),
      sourceAsOf: { version: t.sourceVersion },
      destination: objectName(t.destination),
      destinationAsOf: { version: t.destinationVersion },
      where: shape.where,
      schemaOnly: shape.schemaOnly,
      checksumColumns,
    }),
  );
  const side = (name: string) => {
    const r = rows.find((x) => x.side === name);
    return { rows: Number(r?.row_count ?? NaN), sum: r ? `${r.hash_sum}/${r.hash_xor}` : null };
  };
  const src = side("source");
  const dst = side("destination");
  const sums = opts.checksums && checksumColumns.length > 0;
  const rowsMatch = !opts.rowCounts || src.rows === dst.rows;
  const sumsMatch = !sums || src.sum === dst.sum;
  return {
    sourceRows: opts.rowCounts ? src.rows : null,
    destinationRows: opts.rowCounts ? dst.rows : null,
    sourceChecksum: sums ? src.sum : null,
    destinationChecksum: sums ? dst.sum : null,
    matched: rowsMatch && sumsMatch,
  };
}
