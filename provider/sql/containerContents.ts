/**
 * What a catalog or schema holds, in one read-only statement: the check a destroy makes before it drops
 * a container this stack created without CASCADE (DESIGN §4.8). Lists schemas (catalog level; the
 * built-in `information_schema` and the `default` schema every CREATE CATALOG makes are not content
 * of their own, their objects are), tables of every type (views, materialized views and streaming
 * tables included), functions and volumes. Objects no `information_schema` view lists (registered
 * models, for instance) are caught by the non-CASCADE DROP itself, which then fails: the caller keeps
 * the container in that case too.
 */
import { quoteIdent, quoteLiteral } from "./quote";

/** A row of listContainerContents: `kind` is `schema`, `function`, `volume` or the table type in lower case (`managed`, `view`, ...). */
export interface ContainerContentRow {
  kind: string;
  object_schema: string;
  object_name: string;
}

/** At most this many rows: enough to name what is left in a message; one row already means "not empty". */
export const CONTAINER_CONTENTS_LIMIT = 50;

/**
 * `SELECT kind, object_schema, object_name FROM (... UNION ALL ...) LIMIT n` over the catalog's
 * information_schema (and the metastore-wide schemata for schemas of a catalog). `schema` narrows to
 * the objects of one schema. The catalog must exist: `<catalog>.information_schema` of a missing
 * catalog is an error, not an empty answer.
 */
export function listContainerContents(catalog: string, schema?: string): string {
  const cat = quoteLiteral(catalog.toLowerCase());
  const info = (view: string) => `${quoteIdent(catalog)}.information_schema.${view}`;
  const inSchema = (column: string) =>
    schema === undefined ? `${column} <> 'information_schema'` : `${column} = ${quoteLiteral(schema.toLowerCase())}`;
  const parts = [
    `SELECT lower(table_type) AS kind, table_schema AS object_schema, table_name AS object_name FROM ${info("tables")} WHERE ${inSchema("table_schema")}`,
    `SELECT 'function' AS kind, routine_schema AS object_schema, routine_name AS object_name FROM ${info("routines")} WHERE ${inSchema("routine_schema")}`,
    `SELECT 'volume' AS kind, volume_schema AS object_schema, volume_name AS object_name FROM ${info("volumes")} WHERE ${inSchema("volume_schema")}`,
  ];
  if (schema === undefined) {
    parts.unshift(
      "SELECT 'schema' AS kind, schema_name AS object_schema, schema_name AS object_name FROM system.information_schema.schemata " +
        `WHERE catalog_name = ${cat} AND schema_name NOT IN ('information_schema', 'default')`,
    );
  }
  return `SELECT kind, object_schema, object_name FROM (${parts.join(" UNION ALL ")}) LIMIT ${CONTAINER_CONTENTS_LIMIT}`;
}
