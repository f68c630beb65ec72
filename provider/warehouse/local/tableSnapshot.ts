/**
 * Latest-snapshot facts of a table (columns, partitioning, TBLPROPERTIES, version, last commit) and
 * metadata-only Delta commits, for the governance and information_schema families. Uses the
 * EngineContext services when the engine provides them, else the LocalEngine's own methods
 * (`tableMetadata`, `tableVersion`, `tableLastAltered`, `alterTableMetadata`).
 */
import type { EngineContext, TableSnapshotInfo } from "./context";
import type { TableEntry } from "./model";

/** The LocalEngine methods this adapter relies on (structurally; the core owns them). */
interface CoreTableMethods {
  tableMetadata(table: TableEntry): { schema: TableSnapshotInfo["columns"]; partitionColumns: string[]; properties: Record<string, string> } | null;
  tableVersion(table: TableEntry): number | null;
  tableLastAltered(table: TableEntry): number;
  alterTableMetadata(
    table: TableEntry,
    operation: string,
    operationParameters: Record<string, string>,
    fn: (metadata: { properties: Record<string, string> }) => void,
  ): Promise<number>;
}

function core(ctx: EngineContext): Partial<CoreTableMethods> {
  return ctx as unknown as Partial<CoreTableMethods>;
}

/** Latest snapshot facts, or undefined for views / tables without a log / unknown engines. */
export function snapshotInfo(ctx: EngineContext, table: TableEntry): TableSnapshotInfo | undefined {
  if (ctx.tableSnapshot) return ctx.tableSnapshot(table);
  const c = core(ctx);
  if (!c.tableMetadata) return undefined;
  const meta = c.tableMetadata.call(ctx, table);
  if (!meta) return undefined;
  return {
    columns: meta.schema.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable, comment: f.comment ?? null })),
    partitionColumns: [...meta.partitionColumns],
    properties: { ...meta.properties },
    version: c.tableVersion?.call(ctx, table) ?? 0,
    lastCommitAt: c.tableLastAltered?.call(ctx, table) ?? table.lastAltered,
  };
}

/** When the table last changed in any way: metadata (metastore) or data (Delta commit). */
export function lastAlteredOf(ctx: EngineContext, table: TableEntry): number {
  const c = core(ctx);
  if (!ctx.tableSnapshot && c.tableLastAltered) return Math.max(table.lastAltered, c.tableLastAltered.call(ctx, table));
  const snap = ctx.tableSnapshot?.(table);
  return Math.max(table.lastAltered, snap?.lastCommitAt ?? 0);
}

/** True when the engine can commit TBLPROPERTIES changes. */
export function canCommitProperties(ctx: EngineContext): boolean {
  return !!ctx.commitTableProperties || !!core(ctx).alterTableMetadata;
}

/** Commits a metadata-only Delta version setting/removing TBLPROPERTIES, recorded as `operation`. */
export async function commitProperties(
  ctx: EngineContext,
  table: TableEntry,
  change: { set: Record<string, string>; unset: string[] },
  operation: string,
  operationParameters: Record<string, string>,
): Promise<void> {
  if (ctx.commitTableProperties) return ctx.commitTableProperties(table, change, operation, operationParameters);
  const c = core(ctx);
  if (!c.alterTableMetadata) throw new Error("The engine cannot commit table properties.");
  await c.alterTableMetadata.call(ctx, table, operation, operationParameters, (m) => {
    Object.assign(m.properties, change.set);
    for (const k of change.unset) delete m.properties[k];
  });
}
