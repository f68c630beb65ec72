/**
 * Discovery queries: what exists in a catalog, read from `<catalog>.information_schema` with ONE
 * statement per kind per catalog, so discovery costs O(1) statements however many tables there are
 * (DESIGN §3). Every query aliases its columns in lower case, and the row interfaces below name them.
 * Values follow the Warehouse conventions (TIMESTAMP → Date).
 */
import { quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { volumesAsTableRows } from "./volume";

const infoSchema = (catalog: string, view: string): string => `${quoteIdent(catalog)}.information_schema.${view}`;

/** A row of listTables. */
export interface TableListingRow {
  table_schema: string;
  table_name: string;
  /** MANAGED, EXTERNAL, VIEW, MATERIALIZED_VIEW, STREAMING_TABLE, MANAGED_SHALLOW_CLONE, ... */
  table_type: string;
  /** DELTA, PARQUET, ICEBERG, ... (null or UNKNOWN for views). */
  data_source_format: string | null;
  last_altered: Date | null;
  table_owner: string | null;
  comment: string | null;
}

/** Tables and views of a catalog (all schemas except information_schema), ordered by schema and name. */
export function listTables(catalog: string): string {
  return (
    "SELECT table_schema, table_name, table_type, data_source_format, last_altered, table_owner, comment " +
    `FROM ${infoSchema(catalog, "tables")} WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name`
  );
}

/** A row of listTablesWithPolicies: a listTables row plus the Unity Catalog policies protecting the table. */
export interface PolicyTableListingRow extends TableListingRow {
  /** `catalog.schema.function` of the table's row filter; null when it has none. */
  row_filter: string | null;
  /** How many of its columns carry a column mask; null when none. */
  masked_columns: number | null;
  /** `catalog.schema.function` of one of its masks (the first by name); null when none. */
  mask_function: string | null;
  /** Volumes only (`table_type` VOLUME): the volume's storage location. */
  storage_location?: string | null;
}

/**
 * listTables, plus each table's row filter and column masks, in ONE statement: ROW_FILTERS (at most one
 * per table) and COLUMN_MASKS aggregated per table are LEFT JOINed onto TABLES (reference §3.7), so
 * learning which tables are protected costs no statement more than listing them (DESIGN §3). Policy rows
 * are matched on catalog, schema and table name.
 */
export function listTablesWithPolicies(catalog: string): string {
  const fn = (prefix: string) => `concat(${prefix}_catalog, '.', ${prefix}_schema, '.', ${prefix}_name)`;
  return (
    "SELECT t.table_schema AS table_schema, t.table_name AS table_name, t.table_type AS table_type, " +
    "t.data_source_format AS data_source_format, t.last_altered AS last_altered, t.table_owner AS table_owner, t.comment AS comment, " +
    "f.row_filter AS row_filter, m.masked_columns AS masked_columns, m.mask_function AS mask_function, NULL AS storage_location " +
    `FROM ${infoSchema(catalog, "tables")} t ` +
    `LEFT JOIN (SELECT catalog_name, schema_name, table_name, ${fn("filter")} AS row_filter FROM ${infoSchema(catalog, "row_filters")}) f ` +
    "ON f.catalog_name = t.table_catalog AND f.schema_name = t.table_schema AND f.table_name = t.table_name " +
    `LEFT JOIN (SELECT catalog_name, schema_name, table_name, count(*) AS masked_columns, min(${fn("mask")}) AS mask_function ` +
    `FROM ${infoSchema(catalog, "column_masks")} GROUP BY catalog_name, schema_name, table_name) m ` +
    "ON m.catalog_name = t.table_catalog AND m.schema_name = t.table_schema AND m.table_name = t.table_name " +
    "WHERE t.table_schema <> 'information_schema' " +
    // Volumes ride along as rows of type VOLUME (volume.ts): no statement of their own.
    `UNION ALL ${volumesAsTableRows(infoSchema(catalog, "volumes"))} ORDER BY table_schema, table_name`
  );
}

/** A row of listSchemas. */
export interface SchemaListingRow {
  schema_name: string;
  schema_owner: string | null;
  comment: string | null;
  last_altered: Date | null;
}

/** Schemas of a catalog except information_schema. */
export function listSchemas(catalog: string): string {
  return (
    "SELECT schema_name, schema_owner, comment, last_altered " +
    `FROM ${infoSchema(catalog, "schemata")} WHERE schema_name <> 'information_schema' ORDER BY schema_name`
  );
}

/**
 * A row of listDestinationSecurables: one per schema (`securable_type` SCHEMA) and one for the catalog
 * itself (CATALOG, `schema_name` null), each with the value of the owner tag when it has one.
 */
export interface DestinationSecurableRow {
  securable_type: "SCHEMA" | "CATALOG";
  schema_name: string | null;
  comment: string | null;
  /** Value of the ownership tag (`ownerTag`) on the schema or catalog; null when untagged. */
  owner_tag: string | null;
}

/**
 * The destination's schemas (except information_schema) and the catalog itself, each with its ownership
 * tag, in ONE statement: what listSchemas gives plus who owns the catalog and each schema, so a program
 * can refuse another stack's destination at preview without paying a statement more than discovery.
 * The catalog row also carries the catalog's comment (the catalog's creating statement leaves an owner
 * token there; provider/resources/ownership.ts). Both tag views are filtered by `catalog_name`: on
 * Databricks they list every catalog of the metastore (see listTags).
 */
export function listDestinationSecurables(catalog: string, ownerTag: string): string {
  const cat = quoteLiteral(catalog.toLowerCase());
  const tag = quoteLiteral(ownerTag);
  return (
    "SELECT 'SCHEMA' AS securable_type, s.schema_name AS schema_name, s.comment AS comment, t.tag_value AS owner_tag " +
    `FROM ${infoSchema(catalog, "schemata")} s LEFT JOIN ${infoSchema(catalog, "schema_tags")} t ` +
    `ON t.catalog_name = ${cat} AND t.schema_name = s.schema_name AND t.tag_name = ${tag} ` +
    "WHERE s.schema_name <> 'information_schema' " +
    "UNION ALL " +
    "SELECT 'CATALOG' AS securable_type, CAST(NULL AS STRING) AS schema_name, c.comment AS comment, t.tag_value AS owner_tag " +
    `FROM system.information_schema.catalogs c LEFT JOIN ${infoSchema(catalog, "catalog_tags")} t ` +
    `ON t.catalog_name = c.catalog_name AND t.tag_name = ${tag} ` +
    `WHERE c.catalog_name = ${cat}`
  );
}

/** A row of findSchema. */
export interface SchemaLookupRow {
  schema_name: string;
}

/**
 * The schema's row in the metastore-wide `system.information_schema.schemata` (no row: the schema or its
 * catalog does not exist, or is not visible). Unlike `<catalog>.information_schema`, this relation exists
 * whether or not the catalog does, so a catalog dropped out of band reads as "no schema", not as an error.
 */
export function findSchema(catalog: string, schema: string): string {
  return (
    "SELECT schema_name FROM system.information_schema.schemata " +
    `WHERE catalog_name = ${quoteLiteral(catalog.toLowerCase())} AND schema_name = ${quoteLiteral(schema.toLowerCase())}`
  );
}

/** A row of findCatalog. */
export interface CatalogListingRow {
  catalog_name: string;
  catalog_owner: string | null;
  comment: string | null;
}

/** The catalog's row in `system.information_schema.catalogs` (no row: the catalog does not exist or is not visible). */
export function findCatalog(catalog: string): string {
  return (
    "SELECT catalog_name, catalog_owner, comment FROM system.information_schema.catalogs " +
    `WHERE catalog_name = ${quoteLiteral(catalog.toLowerCase())}`
  );
}

/** A row of listViews. `view_definition` is NULL unless the caller owns the view. */
export interface ViewListingRow {
  table_schema: string;
  table_name: string;
  view_definition: string | null;
}

/** View definitions of a catalog. */
export function listViews(catalog: string): string {
  return (
    "SELECT table_schema, table_name, view_definition " +
    `FROM ${infoSchema(catalog, "views")} WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name`
  );
}

/** A row of listColumns. */
export interface ColumnListingRow {
  table_schema: string;
  table_name: string;
  column_name: string;
  ordinal_position: number;
  full_data_type: string;
  is_nullable: string;
  comment: string | null;
}

/** Columns of every table and view of a catalog, in declaration order. */
export function listColumns(catalog: string): string {
  return (
    "SELECT table_schema, table_name, column_name, ordinal_position, full_data_type, is_nullable, comment " +
    `FROM ${infoSchema(catalog, "columns")} WHERE table_schema <> 'information_schema' ` +
    "ORDER BY table_schema, table_name, ordinal_position"
  );
}

/** A row of listRoutines. */
export interface RoutineListingRow {
  routine_schema: string;
  routine_name: string;
  /** SQL or EXTERNAL. */
  routine_body: string;
  routine_definition: string | null;
  full_data_type: string | null;
  is_deterministic: string | null;
  comment: string | null;
  last_altered: Date | null;
}

/** Functions of a catalog (parameters: listRoutineParameters). */
export function listRoutines(catalog: string): string {
  return (
    "SELECT routine_schema, routine_name, routine_body, routine_definition, full_data_type, is_deterministic, comment, last_altered " +
    `FROM ${infoSchema(catalog, "routines")} WHERE routine_schema <> 'information_schema' ORDER BY routine_schema, routine_name`
  );
}

/** A row of listRoutineParameters. */
export interface RoutineParameterRow {
  specific_schema: string;
  specific_name: string;
  ordinal_position: number;
  parameter_name: string;
  full_data_type: string;
}

/** Parameters of every function of a catalog, in order. */
export function listRoutineParameters(catalog: string): string {
  return (
    "SELECT specific_schema, specific_name, ordinal_position, parameter_name, full_data_type " +
    `FROM ${infoSchema(catalog, "parameters")} ORDER BY specific_schema, specific_name, ordinal_position`
  );
}

/** Securable levels that have tags in information_schema. */
export type TagLevel = "catalog" | "schema" | "table" | "column" | "volume";

/**
 * A row of listTags. Columns not applying to the level are absent: `schema_name` (schema and below),
 * `table_name` (table, column), `column_name` (column), `volume_name` (volume).
 */
export interface TagListingRow {
  schema_name?: string;
  table_name?: string;
  column_name?: string;
  volume_name?: string;
  tag_name: string;
  tag_value: string;
}

const TAG_COLUMNS: Record<TagLevel, string> = {
  catalog: "",
  schema: "schema_name, ",
  table: "schema_name, table_name, ",
  column: "schema_name, table_name, column_name, ",
  volume: "schema_name, volume_name, ",
};

/**
 * Tags of one level of a catalog (`catalog_tags`, `schema_tags`, `table_tags`, `column_tags`,
 * `volume_tags`), filtered by `catalog_name` (and `schema_name` when `within.schema` is given).
 * The filter is required: on Databricks `<catalog>.information_schema.catalog_tags` lists the tags of
 * EVERY catalog of the metastore, so an unfiltered read would take another catalog's ownership
 * marker for this one's. Names are compared lower-cased, as Unity Catalog stores them.
 */
export function listTags(catalog: string, level: TagLevel, within: { schema?: string } = {}): string {
  const where = [`catalog_name = ${quoteLiteral(catalog.toLowerCase())}`];
  if (within.schema !== undefined && level !== "catalog") where.push(`schema_name = ${quoteLiteral(within.schema.toLowerCase())}`);
  return `SELECT ${TAG_COLUMNS[level]}tag_name, tag_value FROM ${infoSchema(catalog, `${level}_tags`)} WHERE ${where.join(" AND ")}`;
}

/** Securable levels with privilege views in information_schema. */
export type PrivilegeLevel = "catalog" | "schema" | "table" | "volume";

/**
 * A row of listGrants: direct grants only (`inherited_from = 'NONE'`). Object columns by level:
 * schema → `schema_name`; table → `table_schema`, `table_name`; volume → `volume_schema`, `volume_name`.
 */
export interface GrantListingRow {
  grantee: string;
  privilege_type: string;
  schema_name?: string;
  table_schema?: string;
  table_name?: string;
  volume_schema?: string;
  volume_name?: string;
}

const PRIVILEGE_COLUMNS: Record<PrivilegeLevel, string> = {
  catalog: "",
  schema: "schema_name, ",
  table: "table_schema, table_name, ",
  volume: "volume_schema, volume_name, ",
};

/** Direct grants on one level of a catalog (`<level>_privileges` where inherited_from = 'NONE'). */
export function listGrants(catalog: string, level: PrivilegeLevel): string {
  return (
    `SELECT ${PRIVILEGE_COLUMNS[level]}grantee, privilege_type FROM ${infoSchema(catalog, `${level}_privileges`)} ` +
    "WHERE inherited_from = 'NONE'"
  );
}

/** A row of listRowFilters. `filter_col_usage` is a comma list of columns. */
export interface RowFilterListingRow {
  schema_name: string;
  table_name: string;
  filter_catalog: string;
  filter_schema: string;
  filter_name: string;
  filter_col_usage: string | null;
}

/** Row filters of a catalog's tables. */
export function listRowFilters(catalog: string): string {
  return (
    "SELECT schema_name, table_name, filter_catalog, filter_schema, filter_name, filter_col_usage " +
    `FROM ${infoSchema(catalog, "row_filters")}`
  );
}

/** A row of listColumnMasks. `mask_col_usage` is a comma list of the USING columns (nullable). */
export interface ColumnMaskListingRow {
  schema_name: string;
  table_name: string;
  column_name: string;
  mask_catalog: string;
  mask_schema: string;
  mask_name: string;
  mask_col_usage: string | null;
}

/** Column masks of a catalog's tables. */
export function listColumnMasks(catalog: string): string {
  return (
    "SELECT schema_name, table_name, column_name, mask_catalog, mask_schema, mask_name, mask_col_usage " +
    `FROM ${infoSchema(catalog, "column_masks")}`
  );
}

/** A row of latestVersions. */
export interface LatestVersionRow {
  table_catalog: string;
  table_schema: string;
  table_name: string;
  version: number;
  timestamp: Date;
}

/**
 * The latest Delta version (and its commit time) of several tables in ONE statement:
 * `SELECT 'c','s','t', max(version), max(timestamp) FROM (DESCRIBE HISTORY c.s.t LIMIT 1) UNION ALL ...`.
 * GUESS (reference §3.1): DESCRIBE HISTORY as a subquery is used by dbt-databricks on Databricks but not
 * verified on every SQL warehouse; callers should fall back to describeHistory(t, 1) per table if this
 * statement fails with a parse error. Keep batches to a few hundred tables.
 */
export function latestVersions(tables: readonly ObjectName[]): string {
  if (tables.length === 0) throw new Error("latestVersions needs at least one table.");
  return tables
    .map(
      (t) =>
        `SELECT ${quoteLiteral(t.catalog)} AS table_catalog, ${quoteLiteral(t.schema)} AS table_schema, ` +
        `${quoteLiteral(t.name)} AS table_name, max(version) AS version, max(timestamp) AS timestamp ` +
        `FROM (DESCRIBE HISTORY ${objectSql(t)} LIMIT 1)`,
    )
    .join(" UNION ALL ");
}

/** A row of versionRanges. */
export interface VersionRangeRow {
  table_catalog: string;
  table_schema: string;
  table_name: string;
  /** Oldest and newest version in the table's retained Delta history. */
  earliest_version: number;
  latest_version: number;
}

/**
 * The range of Delta versions each of several tables has, in ONE statement:
 * `SELECT 'c','s','t', min(version), max(version) FROM (DESCRIBE HISTORY c.s.t) UNION ALL ...`.
 * Read-only; used to check a pinned `VERSION AS OF n` against every table before anything is cloned.
 * The whole retained history of each table is read (on the warehouse, not sent back: one row per
 * table), because the oldest version needs it; `delta.logRetentionDuration` (30 days by default)
 * bounds it. Same GUESS as latestVersions about DESCRIBE HISTORY as a subquery on every warehouse.
 * Keep batches to a few hundred tables.
 */
export function versionRanges(tables: readonly ObjectName[]): string {
  if (tables.length === 0) throw new Error("versionRanges needs at least one table.");
  return tables
    .map(
      (t) =>
        `SELECT ${quoteLiteral(t.catalog)} AS table_catalog, ${quoteLiteral(t.schema)} AS table_schema, ` +
        `${quoteLiteral(t.name)} AS table_name, min(version) AS earliest_version, max(version) AS latest_version ` +
        `FROM (DESCRIBE HISTORY ${objectSql(t)})`,
    )
    .join(" UNION ALL ");
}
