/**
 * DESCRIBE DETAIL (reference §2.2): one row describing a Delta table's current snapshot, as a statement
 * and as a relation, `(DESCRIBE DETAIL name)` in a FROM clause, which the library uses to read the
 * sizes of many tables in one statement (`sizeInBytes`, to clone the largest first).
 * GUESS: DESCRIBE DETAIL as a subquery on Databricks; by analogy with DESCRIBE HISTORY, which
 * dbt-databricks reads as a subquery (reference §3.1). The library falls back to name order when a
 * warehouse refuses it, so nothing but the clone order relies on it.
 */
import type { Row } from "../row";
import type { EngineContext, ResolvedTable } from "../engineContext";
import { displayName, engineError } from "../errors/coreErrors";
import { VIEW_TYPES } from "../metastore/model";
import { totalSize } from "./tableData";
import type { TypedColumn } from "../duck/valuesRelation";

/** The columns of DESCRIBE DETAIL, in order, typed for the DuckDB relation that carries its row. */
export const DETAIL_COLUMNS: TypedColumn[] = [
  { name: "format", type: "VARCHAR" },
  { name: "id", type: "VARCHAR" },
  { name: "name", type: "VARCHAR" },
  { name: "description", type: "VARCHAR" },
  { name: "location", type: "VARCHAR" },
  { name: "createdAt", type: "TIMESTAMP" },
  { name: "lastModified", type: "TIMESTAMP" },
  { name: "partitionColumns", type: "VARCHAR[]" },
  { name: "clusteringColumns", type: "VARCHAR[]" },
  { name: "numFiles", type: "BIGINT" },
  { name: "sizeInBytes", type: "BIGINT" },
  { name: "properties", type: "MAP(VARCHAR, VARCHAR)" },
  { name: "minReaderVersion", type: "INTEGER" },
  { name: "minWriterVersion", type: "INTEGER" },
  { name: "tableFeatures", type: "VARCHAR[]" },
  { name: "statistics", type: "MAP(VARCHAR, BIGINT)" },
];

/** The table `parts` names, refused as Databricks refuses DESCRIBE DETAIL of a view or a non-Delta table. */
export function detailTable(core: EngineContext, parts: string[]): ResolvedTable {
  const q = core.qualify(parts);
  const t = core.resolveTable(q);
  if (VIEW_TYPES.has(t.entry.type)) {
    throw engineError("DELTA_DESCRIBE_DETAIL_VIEW", `${displayName(q.catalog, q.schema, q.name)} is a view. DESCRIBE DETAIL is only supported for tables.`, "42809");
  }
  return t;
}

/** The DESCRIBE DETAIL row of `t`'s current snapshot. */
export function detailRow(core: EngineContext, t: ResolvedTable): Row {
  const snap = core.snapshotOf(t);
  const files = [...snap.files.values()];
  return {
    format: (t.entry.format ?? "DELTA").toLowerCase(),
    id: snap.metadata.id,
    name: `${t.name.catalog}.${t.name.schema}.${t.name.name}`,
    description: t.entry.comment,
    location: t.entry.location ?? `file:${t.dir}`,
    createdAt: new Date(snap.metadata.createdTime),
    lastModified: new Date(snap.timestamp),
    partitionColumns: [...snap.metadata.partitionColumns],
    clusteringColumns: [],
    numFiles: files.length,
    sizeInBytes: totalSize(files),
    properties: { ...snap.metadata.properties },
    minReaderVersion: snap.protocol.minReaderVersion,
    minWriterVersion: snap.protocol.minWriterVersion,
    tableFeatures: ["appendOnly", "invariants"],
    statistics: { numRowsDeletedByDeletionVectors: 0, numDeletionVectors: 0 },
  };
}
