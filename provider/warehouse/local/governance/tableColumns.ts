/**
 * The columns of a table or view as the governance families see them: the latest Delta snapshot
 * for tables, the recorded view columns for
 * views, with column comments set through COMMENT/ALTER COLUMN taking precedence.
 */
import type { EngineContext, TableSnapshotInfo } from "../engineContext";
import type { TableEntry } from "../metastore/model";
import { snapshotInfo } from "../delta/tableSnapshot";

export interface ColumnInfo {
  name: string;
  /** Spark type name as DESCRIBE prints it (`int`, `string`, `decimal(10,2)`). */
  type: string;
  nullable: boolean;
  comment: string | null;
}

/** Columns in declared order, or undefined when the engine cannot tell; pass `snapshot` when already read. */
export function tableColumns(ctx: EngineContext, table: TableEntry, snapshot?: TableSnapshotInfo): ColumnInfo[] | undefined {
  let cols: ColumnInfo[] | undefined;
  if (table.viewColumns) cols = table.viewColumns.map((c) => ({ name: c.name, type: c.type, nullable: true, comment: null }));
  else cols = (snapshot ?? snapshotInfo(ctx, table))?.columns.map((c) => ({ ...c }));
  if (!cols) return undefined;
  for (const c of cols) {
    if (Object.prototype.hasOwnProperty.call(table.columnComments, c.name)) c.comment = table.columnComments[c.name];
  }
  return cols;
}

export function tableColumnNames(ctx: EngineContext, table: TableEntry): string[] | undefined {
  return tableColumns(ctx, table)?.map((c) => c.name);
}
