/**
 * Latest-snapshot facts of a table (columns, partitioning, TBLPROPERTIES) and
 * metadata-only Delta commits of TBLPROPERTIES, for the governance and information_schema families,
 * in the shape they use, over the core's EngineContext methods (`tableMetadata`, `alterTableMetadata`).
 */
import type { EngineContext, TableSnapshotInfo } from "../engineContext";
import type { TableEntry } from "../metastore/model";

/** Latest snapshot facts, or undefined for views / tables without a log. */
export function snapshotInfo(ctx: EngineContext, table: TableEntry): TableSnapshotInfo | undefined {
  const meta = ctx.tableMetadata(table);
  if (!meta) return undefined;
  return {
    columns: meta.schema.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable, comment: f.comment ?? null })),
    partitionColumns: [...meta.partitionColumns],
    properties: { ...meta.properties },
  };
}

/** Commits a metadata-only Delta version setting/removing TBLPROPERTIES, recorded as `operation`. */
export async function commitProperties(
  ctx: EngineContext,
  table: TableEntry,
  change: { set: Record<string, string>; unset: string[] },
  operation: string,
  operationParameters: Record<string, string>,
): Promise<void> {
  await ctx.alterTableMetadata(table, operation, operationParameters, (m) => {
    Object.assign(m.properties, change.set);
    for (const k of change.unset) delete m.properties[k];
  });
}
