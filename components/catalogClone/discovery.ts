/**
 * Discovery (DESIGN §3, CLONE-CONTRACT "Discovery"): what exists on each side, read at program time
 * with a constant number of statements however many tables there are: ONE per catalog (schemas, tables,
 * volumes: provider/sql/catalogListing.ts; issue 13 folded the schemata statement in), 2 per
 * CatalogClone (3 with the views and functions of both catalogs: definitionDiscovery.ts). The listing
 * also reads each table's row filter and column masks (listTablesWithPolicies), so the planner can
 * refuse to clone a protected table for free, and on the destination the ownership tags of the catalog
 * and of its schemas, so preview can refuse another stack's destination for free.
 * Read-only, so it also runs during preview.
 *
 * Table markers live in TBLPROPERTIES, which information_schema does not show: they are read only for
 * the destination tables the plan does not clone into (discoverTableMarkers), usually none.
 */
import { findCatalog, versionRanges, type PolicyTableListingRow, type VersionRangeRow } from "../../provider/sql/discovery";
import { CATALOG_ROW, listCatalogContents, SCHEMA_ROW } from "../../provider/sql/catalogListing";
import { lastAlteredIso } from "../../provider/sql/lastAltered";
import { showTableProperties } from "../../provider/sql/properties";
import { describeHistory } from "../../provider/sql/table";
import { OWNER_TAG } from "../../provider/resources/ownership";
import { readMarkers } from "../../provider/resources/table/markers";
import { splitVolumeRows, type DiscoveredVolume } from "./volumeDiscovery";
import { POLICIES_PROPERTY } from "../../provider/resources/protectedTable/marker";
import type { DiscoveredFunction, DiscoveredView } from "./definitionDiscovery";
import { hasErrorClass, isCatalogNotFound, isObjectNotFound, type Warehouse } from "../../provider/warehouse/warehouse";

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
  /** The row filter and column masks protecting it; absent when it has none. */
  policies?: AccessPolicies;
}

/**
 * Unity Catalog policies protecting a table (information_schema ROW_FILTERS, COLUMN_MASKS): who reads it
 * sees only the rows its filter lets through and masked values. CLONE does not carry them (reference §1.4).
 */
export interface AccessPolicies {
  /** `catalog.schema.function` of its row filter; null when it has none. */
  rowFilter: string | null;
  /** How many of its columns carry a mask (0: none). */
  maskedColumns: number;
  /** `catalog.schema.function` of one of its masks (the first by name); null when it has none. */
  maskFunction: string | null;
}

/**
 * Ownership tags of an existing destination catalog and of its schemas, as discovery read them (the
 * markers catalog and schema resources write; provider/resources/ownership.ts).
 */
export interface DestinationMarkers {
  /** Value of the catalog's `catalog_clone_owner` tag; undefined when untagged. */
  catalogTag: string | undefined;
  /** The catalog's comment: its creating statement leaves an owner token there (ownership.ts creationToken). */
  catalogComment: string | null;
  /** `catalog_clone_owner` tag value per schema name; untagged schemas are absent. */
  schemaTags: Record<string, string>;
}

/** One side of a clone as discovered. `exists: false` means an empty destination. */
export interface DiscoveredCatalog {
  catalog: string;
  exists: boolean;
  /** Schema names except information_schema. */
  schemas: string[];
  tables: DiscoveredTable[];
  /** Its volumes (read by the tables statement; volumeDiscovery.ts). Absent: none read. */
  volumes?: DiscoveredVolume[];
  /** Destination only, when it exists: who owns the catalog and its schemas. */
  markers?: DestinationMarkers;
  /** Views with their definitions and SQL functions (definitionDiscovery.ts); absent when not discovered. */
  views?: DiscoveredView[];
  functions?: DiscoveredFunction[];
}

const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toTable(r: PolicyTableListingRow): DiscoveredTable {
  const rowFilter = textOrNull(r.row_filter);
  const maskedColumns = Number(r.masked_columns ?? 0);
  return {
    schema: String(r.table_schema),
    name: String(r.table_name),
    tableType: String(r.table_type),
    format: textOrNull(r.data_source_format),
    lastAltered: lastAlteredIso(r.last_altered),
    ...(rowFilter !== null || maskedColumns > 0 ? { policies: { rowFilter, maskedColumns, maskFunction: textOrNull(r.mask_function) } } : {}),
  };
}

/** Rows of the catalog listing (catalogListing.ts): the table listing's columns plus the ownership tag. */
type ContentsRow = PolicyTableListingRow & { owner_tag: string | null };

/** One statement: the schemas, tables and volumes of `catalog` (with `ownerTag`: the catalog's row and the tag on it and its schemas). */
async function readContents(wh: Warehouse, catalog: string, ownerTag?: string) {
  const rows = (await wh.execute(listCatalogContents(catalog, { ownerTag }))) as unknown as ContentsRow[];
  const schemaRows = rows.filter((r) => r.table_type === SCHEMA_ROW && r.table_schema !== null && r.table_schema !== "information_schema");
  const catalogRow = rows.find((r) => r.table_type === CATALOG_ROW);
  const { tables, volumes } = splitVolumeRows(rows.filter((r) => r.table_type !== SCHEMA_ROW && r.table_type !== CATALOG_ROW));
  return {
    schemaRows,
    catalogRow,
    tables: tables.map(toTable).filter((t) => t.schema !== "information_schema"),
    volumes,
  };
}

async function readCatalog(wh: Warehouse, catalog: string): Promise<DiscoveredCatalog> {
  const { schemaRows, tables, volumes } = await readContents(wh, catalog);
  return { catalog, exists: true, schemas: [...new Set(schemaRows.map((s) => String(s.table_schema)))].sort(), tables, volumes };
}

/** The destination: its schemas with their owner tags, the catalog's own row, its tables (one statement). */
async function readDestination(wh: Warehouse, catalog: string): Promise<DiscoveredCatalog> {
  const { schemaRows, catalogRow, tables, volumes } = await readContents(wh, catalog, OWNER_TAG);
  const schemaTags: Record<string, string> = {};
  for (const r of schemaRows) if (r.owner_tag !== null && r.owner_tag !== undefined) schemaTags[String(r.table_schema)] = String(r.owner_tag);
  return {
    catalog,
    exists: true,
    schemas: [...new Set(schemaRows.map((r) => String(r.table_schema)))].sort(),
    tables,
    volumes,
    markers: {
      catalogTag: catalogRow?.owner_tag === null || catalogRow?.owner_tag === undefined ? undefined : String(catalogRow.owner_tag),
      catalogComment: catalogRow?.comment === null || catalogRow?.comment === undefined ? null : String(catalogRow.comment),
      schemaTags,
    },
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
    return await readDestination(wh, catalog);
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

/** What the TBLPROPERTIES of a destination table say about who made it (discoverTableMarkers). */
export type TableMarkerRead =
  /**
   * `owner`/`source`: the `catalog_clone.owner` / `catalog_clone.source` properties, null when absent;
   * `policiesReplayed`: a protected copy (protectedTable/marker.ts), not a plain clone; `adopted`: a table
   * the stack cloned into but did not create (its pre-clone version is restored on destroy).
   */
  | { kind: "read"; owner: string | null; source: string | null; policiesReplayed?: boolean; adopted?: boolean }
  /** Dropped since the listing: nothing to classify. */
  | { kind: "gone" }
  /** Its properties cannot be read by this principal (a table it did not create, e.g. someone's scratch table). */
  | { kind: "unreadable"; reason: string };

/** Statements in flight at once while reading table markers (the warehouse's own limit applies too). */
const MARKER_READ_CONCURRENCY = 8;

/** Permission failures: the principal sees the table but may not read its properties. */
const UNREADABLE_CLASSES = ["INSUFFICIENT_PERMISSIONS", "PERMISSION_DENIED"];

/**
 * The ownership markers of the given destination tables, keyed `schema.table`: one read-only
 * `SHOW TBLPROPERTIES` each, at most 8 in flight. Markers live in TBLPROPERTIES (written by the CLONE
 * statement), which no information_schema view shows and no single statement can read for many tables,
 * so callers pass only the tables whose owner decides something (the destination tables the plan does
 * not clone into: usually none, so a no-drift up pays nothing). A table dropped since the listing reads
 * as `gone`; a permission failure as `unreadable`; any other failure fails discovery (an unreadable
 * marker is never guessed).
 */
export async function discoverTableMarkers(
  wh: Warehouse,
  catalog: string,
  tables: readonly { schema: string; name: string }[],
): Promise<Map<string, TableMarkerRead>> {
  const out = new Map<string, TableMarkerRead>();
  let next = 0;
  const worker = async () => {
    while (next < tables.length) {
      const t = tables[next++];
      let read: TableMarkerRead;
      try {
        const rows = await wh.execute(showTableProperties({ catalog, schema: t.schema, name: t.name }));
        const props: Record<string, string> = {};
        for (const r of rows) props[String(r.key)] = String(r.value);
        const m = readMarkers(props);
        read = {
          kind: "read",
          owner: m.owner,
          source: m.source,
          ...(props[POLICIES_PROPERTY] ? { policiesReplayed: true } : {}),
          ...(typeof m.preCloneVersion === "number" ? { adopted: true } : {}),
        };
      } catch (err) {
        if (isObjectNotFound(err)) read = { kind: "gone" };
        else if (hasErrorClass(err, ...UNREADABLE_CLASSES)) read = { kind: "unreadable", reason: err.errorClass };
        else throw err;
      }
      out.set(`${t.schema}.${t.name}`, read);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MARKER_READ_CONCURRENCY, tables.length) }, worker));
  return out;
}
