/**
 * Discovery's one statement per catalog (issue 13: fewer statements per `up`): the table listing
 * (discovery.ts listTablesWithPolicies: tables with their row filter and masks, volumes as rows of type
 * VOLUME) plus the catalog's schemas as rows of type SCHEMA and, for a destination, the catalog itself
 * as a row of type CATALOG, each with the value of the ownership tag (`owner_tag`) when asked. The
 * schema and catalog branches are discovery.ts listSchemas / listDestinationSecurables folded in; rows
 * keep the listing's columns (`table_schema` holds the schema name, `table_name` is null).
 */
import { quoteIdent, quoteLiteral } from "./quote";
import { listTablesWithPolicies } from "./discovery";

const infoSchema = (catalog: string, view: string): string => `${quoteIdent(catalog)}.information_schema.${view}`;

const LISTING_COLUMNS = [
  "table_schema",
  "table_name",
  "table_type",
  "data_source_format",
  "last_altered",
  "table_owner",
  "comment",
  "row_filter",
  "masked_columns",
  "mask_function",
  "storage_location",
];

const ORDER = " ORDER BY table_schema, table_name";

/** Row types this listing adds to the table listing's. */
export const SCHEMA_ROW = "SCHEMA";
export const CATALOG_ROW = "CATALOG";

/**
 * `catalog`'s schemas, tables, volumes (and with `ownerTag`, the catalog's own row and the tag's value on
 * it and on each schema) in ONE statement, ordered by schema and name.
 */
export function listCatalogContents(catalog: string, opts: { ownerTag?: string } = {}): string {
  const tables = listTablesWithPolicies(catalog);
  if (!tables.endsWith(ORDER)) throw new Error("listTablesWithPolicies changed its ORDER BY; update listCatalogContents.");
  const cat = quoteLiteral(catalog.toLowerCase());
  const tag = opts.ownerTag === undefined ? null : quoteLiteral(opts.ownerTag);
  const tableBranch = `SELECT ${LISTING_COLUMNS.join(", ")}, CAST(NULL AS STRING) AS owner_tag FROM (${tables.slice(0, -ORDER.length)})`;
  const schemaBranch =
    `SELECT s.schema_name AS table_schema, CAST(NULL AS STRING) AS table_name, '${SCHEMA_ROW}' AS table_type, CAST(NULL AS STRING) AS data_source_format, ` +
    "s.last_altered AS last_altered, s.schema_owner AS table_owner, s.comment AS comment, NULL AS row_filter, NULL AS masked_columns, " +
    `NULL AS mask_function, NULL AS storage_location, ${tag === null ? "CAST(NULL AS STRING)" : "t.tag_value"} AS owner_tag ` +
    `FROM ${infoSchema(catalog, "schemata")} s ` +
    (tag === null ? "" : `LEFT JOIN ${infoSchema(catalog, "schema_tags")} t ON t.catalog_name = ${cat} AND t.schema_name = s.schema_name AND t.tag_name = ${tag} `) +
    "WHERE s.schema_name <> 'information_schema'";
  const catalogBranch =
    tag === null
      ? ""
      : ` UNION ALL SELECT CAST(NULL AS STRING) AS table_schema, CAST(NULL AS STRING) AS table_name, '${CATALOG_ROW}' AS table_type, ` +
        "CAST(NULL AS STRING) AS data_source_format, NULL AS last_altered, c.catalog_owner AS table_owner, c.comment AS comment, NULL AS row_filter, " +
        "NULL AS masked_columns, NULL AS mask_function, NULL AS storage_location, t.tag_value AS owner_tag " +
        `FROM system.information_schema.catalogs c LEFT JOIN ${infoSchema(catalog, "catalog_tags")} t ON t.catalog_name = c.catalog_name AND t.tag_name = ${tag} ` +
        `WHERE c.catalog_name = ${cat}`;
  return `${tableBranch} UNION ALL ${schemaBranch}${catalogBranch}${ORDER}`;
}
