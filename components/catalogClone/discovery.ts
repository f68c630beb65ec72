/**
 * Discovery (DESIGN §3, CLONE-CONTRACT "Discovery"): what exists on each side, read at program time
 * with a constant number of statements however many tables there are: schemata + tables per catalog,
 * at most 4 statements per CatalogClone. Read-only, so it also runs during preview.
 */
import { findCatalog, listSchemas, listTables, versionRanges, type SchemaListingRow, type TableListingRow, type VersionRangeRow } from "../../provider/sql/discovery";
import { lastAlteredIso } from "../../provider/sql/lastAltered";
import { describeHistory } from "../../provider/sql/table";
import { hasErrorClass, isCatalogNotFound, type Warehouse } from "../../provider/warehouse/warehouse";

/** A table-like object as information_schema.tables reports it. */
export interface DiscoveredTable {
  schema: string;
  name: string;
  /** MANAGED, EXTERNAL, VIEW, MATERIALIZED_VIEW, STREAMING_TABLE, MANAGED_SHALLOW_CLONE, ... */
  tableType: string;
  /** DELTA, PARQUET, ICEBERG, ... (null for views). */
  format: string | null;
  /** `last_altered` as ISO-8601, null when the warehouse does not report it. */
  lastAltered: string | null;
}

/** One side of a clone as discovered. `exists: false` means an empty destination. */
export interface DiscoveredCatalog {
  catalog: string;
  exists: boolean;
  /** Schema names except information_schema. */
  schemas: string[];
  tables: DiscoveredTable[];
}

function toTable(r: TableListingRow): DiscoveredTable {
  return {
    schema: String(r.table_schema),
    name: String(r.table_name),
    tableType: String(r.table_type),
    format: r.data_source_format === null || r.data_source_format === undefined ? null : String(r.data_source_format),
    lastAltered: lastAlteredIso(r.last_altered),
  };
}

async function readCatalog(wh: Warehouse, catalog: string): Promise<DiscoveredCatalog> {
  const schemas = (await wh.execute(listSchemas(catalog))) as unknown as SchemaListingRow[];
  const tables = (await wh.execute(listTables(catalog))) as unknown as TableListingRow[];
  return {
    catalog,
    exists: true,
    schemas: schemas.map((s) => String(s.schema_name)).filter((s) => s !== "information_schema"),
    tables: tables.map(toTable).filter((t) => t.schema !== "information_schema"),
  };
}

/**
 * Is this failure a missing catalog? Only the catalog-not-found classes count, plus a
 * TABLE_OR_VIEW_NOT_FOUND on `<catalog>.information_schema` confirmed by `system.information_schema.catalogs`
 * having no row for it (some warehouses report the missing catalog that way; GUESS).
 */
async function isMissingCatalog(wh: Warehouse, catalog: string, err: unknown): Promise<boolean> {
  if (isCatalogNotFound(err)) return true;
  if (hasErrorClass(err, "TABLE_OR_VIEW_NOT_FOUND")) {
    const rows = await wh.execute(findCatalog(catalog));
    return rows.length === 0;
  }
  return false;
}

/** Discovers the source catalog. A missing source is an error naming the field. */
export async function discoverSource(wh: Warehouse, catalog: string): Promise<DiscoveredCatalog> {
  try {
    return await readCatalog(wh, catalog);
  } catch (err) {
    if (await isMissingCatalog(wh, catalog, err)) {
      throw new Error(`source.catalog "${catalog}" does not exist (or this principal cannot see it); check the name and USE CATALOG privilege.`);
    }
    throw err;
  }
}

/**
 * Discovers the destination catalog. Missing → empty destination. Any other failure (permissions,
 * throttling, ...) fails the program: an unreadable destination is never treated as absent.
 */
export async function discoverDestination(wh: Warehouse, catalog: string): Promise<DiscoveredCatalog> {
  try {
    return await readCatalog(wh, catalog);
  } catch (err) {
    if (await isMissingCatalog(wh, catalog, err)) return { catalog, exists: false, schemas: [], tables: [] };
    throw err;
  }
}

/** The Delta versions a source table can be read at. */
export interface TableVersionRange {
  schema: string;
  table: string;
  earliest: number;
  latest: number;
}

/** Tables per version-range statement: one UNION ALL branch each, so statements stay a few tens of KB. */
const VERSION_RANGE_BATCH = 200;

/**
 * The version range of each given table of `catalog` (Delta tables only), read-only: one
 * `DESCRIBE HISTORY` subquery per table UNIONed into one statement per 200 tables, so a catalog of N
 * tables costs ceil(N/200) round trips, not N. If the warehouse refuses DESCRIBE HISTORY as a subquery
 * (a parse error), falls back to one `DESCRIBE HISTORY` per table.
 */
export async function discoverVersionRanges(wh: Warehouse, catalog: string, tables: readonly { schema: string; name: string }[]): Promise<TableVersionRange[]> {
  const out: TableVersionRange[] = [];
  for (let i = 0; i < tables.length; i += VERSION_RANGE_BATCH) {
    const batch = tables.slice(i, i + VERSION_RANGE_BATCH).map((t) => ({ catalog, schema: t.schema, name: t.name }));
    let rows: VersionRangeRow[];
    try {
      rows = (await wh.execute(versionRanges(batch))) as unknown as VersionRangeRow[];
    } catch (err) {
      if (!hasErrorClass(err, "PARSE_SYNTAX_ERROR")) throw err;
      rows = [];
      for (const t of batch) {
        const versions = (await wh.execute(describeHistory(t))).map((r) => Number(r.version));
        rows.push({ table_catalog: catalog, table_schema: t.schema, table_name: t.name, earliest_version: Math.min(...versions), latest_version: Math.max(...versions) });
      }
    }
    for (const r of rows) {
      out.push({ schema: String(r.table_schema), table: String(r.table_name), earliest: Number(r.earliest_version), latest: Number(r.latest_version) });
    }
  }
  return out;
}
