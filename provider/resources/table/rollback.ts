/**
 * Undoing one write of this stack to a destination table: RESTORE to the version it had before the
 * write, or DROP when the write created the table. Used by a table handler whose write failed
 * validation (or failed half-way), by the validation gate, and by delete for adopted tables.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { dropTable, restoreTable } from "../../sql/table";
import { executeIdempotent } from "../idempotentWrite";
import type { TableRef } from "./inputs";
import { objectName } from "./lookup";

/**
 * `previousVersion` null: the table did not exist before the write, so undoing it drops the table.
 * Both statements are idempotent (DROP … IF EXISTS; RESTORE to a fixed version leaves the same data when
 * applied twice), so a lost answer is simply re-sent.
 */
export async function undoWrite(wh: Warehouse, table: TableRef, previousVersion: number | null): Promise<"restored" | "dropped"> {
  if (previousVersion === null) {
    await executeIdempotent(wh, dropTable(objectName(table)));
    return "dropped";
  }
  await executeIdempotent(wh, restoreTable(objectName(table), { version: previousVersion }));
  return "restored";
}
