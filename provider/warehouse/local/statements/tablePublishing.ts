/**
 * How a new table enters the metastore, shared by CREATE TABLE and CLONE: a fresh entry with Unity
 * Catalog defaults, published under the metastore lock unless its name is taken.
 */
import { randomUUID } from "crypto";
import type { EngineContext } from "../engineContext";
import type { DataSourceFormat, TableEntry, TableType } from "../metastore/model";
import { displayName, errors } from "../errors/coreErrors";

/** A fresh TableEntry with Unity Catalog defaults. */
export function newTableEntry(core: EngineContext, q: { catalog: string; schema: string; name: string }, type: TableType, format: DataSourceFormat | null): TableEntry {
  const now = Date.now();
  return {
    id: randomUUID(), catalog: q.catalog, schema: q.schema, name: q.name, type, format, location: null,
    viewDefinition: null, viewColumns: null, columnTags: {}, columnComments: {}, rowFilter: null, columnMasks: [],
    checkConstraints: [], owner: core.currentUser, comment: null, tags: {}, grants: [], createdAt: now,
    createdBy: core.currentUser, lastAltered: now, lastAlteredBy: core.currentUser,
  };
}

/** Publishes `entry` unless the name is taken; `replace` allows replacing an existing table entry with the same id. */
export async function publishTable(core: EngineContext, entry: TableEntry, mode: "create" | "ifNotExists" | "replace"): Promise<boolean> {
  const key = `${entry.catalog}.${entry.schema}.${entry.name}`;
  return core.mutateMeta((doc) => {
    if (!doc.catalogs[entry.catalog]) throw errors.catalogNotFound(entry.catalog);
    if (!doc.schemas[`${entry.catalog}.${entry.schema}`]) throw errors.schemaNotFound(displayName(entry.catalog, entry.schema));
    const existing = doc.tables[key];
    if (existing && existing.id !== entry.id) {
      if (mode === "ifNotExists") return false;
      if (mode === "create") throw errors.tableAlreadyExists(displayName(entry.catalog, entry.schema, entry.name));
    }
    doc.tables[key] = entry;
    return true;
  });
}
