/**
 * Governance listings: direct grants, owners, comments and tags of a catalog's securables, read from
 * `information_schema` with ONE statement per concern for a whole catalog (discovery), or for one
 * securable (the governance resource reading the destination). Every query returns the same shape
 * whatever the securable type: `securable_type`, `schema_name`, `object_name` (NULL where they do not
 * apply), then the concern's columns.
 *
 * Adding a securable type is one line in GOVERNED_VIEWS (and, for tags, TAG_VIEWS). Views are TABLE
 * securables in information_schema (tables, table_privileges, table_tags list them): discovery lists
 * them as TABLE; VIEW reads one view (its SQL is ALTER VIEW, not ALTER TABLE). Functions have no tags
 * in Databricks (no routine_tags view), so FUNCTION has no tag listing.
 */
import { quoteIdent, quoteLiteral } from "./quote";

/** Securable types whose governance is listed. */
export type GovernedType = "CATALOG" | "SCHEMA" | "TABLE" | "VIEW" | "VOLUME" | "FUNCTION";

/** One securable to read: its type and lower-case names (schema/name absent above their level). */
export interface GovernedRef {
  type: GovernedType;
  catalog: string;
  schema?: string;
  name?: string;
}

interface ViewColumns {
  /** The `<level>_privileges` view. */
  privileges: string;
  /** The view listing the objects with their owner and comment (`catalogs`, `schemata`, `tables`). */
  objects: string;
  /** Column naming the catalog, schema and object in both views (null: not at this level). */
  catalog: string;
  schema: string | null;
  name: string | null;
  owner: string;
}

/** information_schema views per securable type (reference §3.1, §3.4, §3.5). One line per type. */
const GOVERNED_VIEWS: Record<GovernedType, ViewColumns> = {
  CATALOG: { privileges: "catalog_privileges", objects: "catalogs", catalog: "catalog_name", schema: null, name: null, owner: "catalog_owner" },
  SCHEMA: { privileges: "schema_privileges", objects: "schemata", catalog: "catalog_name", schema: "schema_name", name: null, owner: "schema_owner" },
  TABLE: { privileges: "table_privileges", objects: "tables", catalog: "table_catalog", schema: "table_schema", name: "table_name", owner: "table_owner" },
  VIEW: { privileges: "table_privileges", objects: "tables", catalog: "table_catalog", schema: "table_schema", name: "table_name", owner: "table_owner" },
  FUNCTION: { privileges: "routine_privileges", objects: "routines", catalog: "routine_catalog", schema: "routine_schema", name: "routine_name", owner: "routine_owner" },
  VOLUME: { privileges: "volume_privileges", objects: "volumes", catalog: "volume_catalog", schema: "volume_schema", name: "volume_name", owner: "volume_owner" },
};

/** Tag views per securable level (`<level>_tags`, all keyed catalog_name / schema_name / <object>_name). */
const TAG_VIEWS: Partial<Record<GovernedType, { view: string; name: string | null }>> = {
  CATALOG: { view: "catalog_tags", name: null },
  SCHEMA: { view: "schema_tags", name: null },
  TABLE: { view: "table_tags", name: "table_name" },
  VIEW: { view: "table_tags", name: "table_name" },
  VOLUME: { view: "volume_tags", name: "volume_name" },
};

/** What discovery lists for a whole catalog: views come as TABLE rows (see above). */
const ALL_TYPES: readonly GovernedType[] = ["CATALOG", "SCHEMA", "TABLE", "VOLUME", "FUNCTION"];
const NULL_TEXT = "CAST(NULL AS STRING)";
const infoSchema = (catalog: string, view: string) => `${quoteIdent(catalog)}.information_schema.${view}`;
const lit = (s: string) => quoteLiteral(s.toLowerCase());

/** The filter of one type's rows: the catalog always (catalog-level views list the whole metastore), plus the object when given. */
function whereOf(cols: { catalog: string; schema: string | null; name: string | null }, catalog: string, only?: GovernedRef): string[] {
  const where = [`${cols.catalog} = ${lit(catalog)}`];
  if (only?.schema !== undefined && cols.schema) where.push(`${cols.schema} = ${lit(only.schema)}`);
  if (only?.name !== undefined && cols.name) where.push(`${cols.name} = ${lit(only.name)}`);
  return where;
}

function typesOf(only?: GovernedRef): readonly GovernedType[] {
  return only ? [only.type] : ALL_TYPES;
}

function keyColumns(type: GovernedType, cols: { schema: string | null; name: string | null }): string {
  return `${quoteLiteral(type)} AS securable_type, ${cols.schema ?? NULL_TEXT} AS schema_name, ${cols.name ?? NULL_TEXT} AS object_name`;
}

/** A row of listDirectGrants. */
export interface DirectGrantRow {
  securable_type: GovernedType;
  schema_name: string | null;
  object_name: string | null;
  grantee: string;
  privilege_type: string;
}

/**
 * Direct grants (`inherited_from = 'NONE'`, reference §3.5) on a catalog and every schema and table in
 * it, or on `only`. Inherited rows are left out: replaying them would turn one catalog grant into a
 * grant on every table.
 */
export function listDirectGrants(catalog: string, only?: GovernedRef): string {
  return typesOf(only)
    .map((type) => {
      const v = GOVERNED_VIEWS[type];
      const where = [...whereOf(v, catalog, only), "inherited_from = 'NONE'"];
      return `SELECT ${keyColumns(type, v)}, grantee, privilege_type FROM ${infoSchema(catalog, v.privileges)} WHERE ${where.join(" AND ")}`;
    })
    .join(" UNION ALL ");
}

/** A row of listOwnersAndComments. */
export interface OwnerCommentRow {
  securable_type: GovernedType;
  schema_name: string | null;
  object_name: string | null;
  owner: string | null;
  comment: string | null;
}

/** Owner and comment of the catalog, its schemas and tables (information_schema schema excluded), or of `only`. */
export function listOwnersAndComments(catalog: string, only?: GovernedRef): string {
  return typesOf(only)
    .map((type) => {
      const v = GOVERNED_VIEWS[type];
      const where = whereOf(v, catalog, only);
      if (v.schema) where.push(`${v.schema} <> 'information_schema'`);
      // The catalog's own row is in the metastore-wide view; a catalog's information_schema.catalogs lists it too, but the system one always exists.
      const from = type === "CATALOG" ? "system.information_schema.catalogs" : infoSchema(catalog, v.objects);
      return `SELECT ${keyColumns(type, v)}, ${v.owner} AS owner, comment FROM ${from} WHERE ${where.join(" AND ")}`;
    })
    .join(" UNION ALL ");
}

/** A row of listGovernedTags: `column_name` set for a column tag. */
export interface GovernedTagRow {
  securable_type: GovernedType;
  schema_name: string | null;
  object_name: string | null;
  column_name: string | null;
  tag_name: string;
  tag_value: string;
}

/**
 * Tags of the catalog, its schemas, tables and columns (reference §3.6), or of `only` (a table's
 * includes its columns'). Filtered by catalog_name: on Databricks catalog_tags lists every catalog.
 * Undefined for a function: functions carry no tags.
 */
export function listGovernedTags(catalog: string, only?: GovernedRef): string | undefined {
  const parts = typesOf(only).flatMap((type) => {
    const t = TAG_VIEWS[type];
    if (!t) return [];
    const cols = { catalog: "catalog_name", schema: type === "CATALOG" ? null : "schema_name", name: t.name };
    return [`SELECT ${keyColumns(type, cols)}, ${NULL_TEXT} AS column_name, tag_name, tag_value FROM ${infoSchema(catalog, t.view)} WHERE ${whereOf(cols, catalog, only).join(" AND ")}`];
  });
  if (!only || only.type === "TABLE") {
    const cols = { catalog: "catalog_name", schema: "schema_name", name: "table_name" };
    parts.push(
      `SELECT ${keyColumns("TABLE", cols)}, column_name, tag_name, tag_value FROM ${infoSchema(catalog, "column_tags")} WHERE ${whereOf(cols, catalog, only).join(" AND ")}`,
    );
  }
  return parts.length === 0 ? undefined : parts.join(" UNION ALL ");
}

/** A row of listColumnComments. */
export interface ColumnCommentRow {
  schema_name: string;
  object_name: string;
  column_name: string;
  comment: string;
}

/** Column comments of every table of a catalog, or of one table. */
export function listColumnComments(catalog: string, table?: { schema: string; name: string }): string {
  const where = [`table_catalog = ${lit(catalog)}`, "table_schema <> 'information_schema'", "comment IS NOT NULL"];
  if (table) where.push(`table_schema = ${lit(table.schema)}`, `table_name = ${lit(table.name)}`);
  return (
    "SELECT table_schema AS schema_name, table_name AS object_name, column_name, comment " +
    `FROM ${infoSchema(catalog, "columns")} WHERE ${where.join(" AND ")}`
  );
}
