/**
 * Discovery of views and SQL functions: ONE statement for the source and destination catalogs together,
 * on the metastore-wide `system.information_schema` (it exists whether or not the destination catalog
 * does, so a missing destination reads as "no rows", not as an error). Views (with their comment),
 * routines and routine parameters are UNIONed into one row shape, told apart by `object_kind`, so
 * discovery pays one statement more however many views and functions there are (DESIGN §3).
 */
import { quoteLiteral } from "./quote";

/** A row of listDefinitions. Columns not applying to the row's kind are null. */
export interface DefinitionListingRow {
  /** VIEW, FUNCTION or PARAMETER. */
  object_kind: "VIEW" | "FUNCTION" | "PARAMETER";
  object_catalog: string;
  object_schema: string;
  /** The view, or the function (also on its parameters' rows). */
  object_name: string;
  /** View text (NULL unless the caller owns the view, reference §3.2) or function body. */
  definition: string | null;
  /** Function: SQL or EXTERNAL. */
  routine_body: string | null;
  /** Function: Python, ... for EXTERNAL bodies. */
  external_language: string | null;
  /** Function: return type; parameter: its type. */
  data_type: string | null;
  /** Function: YES / NO. */
  is_deterministic: string | null;
  /** View, function or parameter comment. */
  comment: string | null;
  /** Parameter: position (from 0 on Databricks). */
  ordinal_position: number | null;
  /** Parameter: name. */
  parameter_name: string | null;
  /** Parameter: its DEFAULT expression, null when none. */
  parameter_default: string | null;
}

/** Views, functions and function parameters of the given catalogs (lower-cased names), in one statement. */
export function listDefinitions(catalogs: readonly string[]): string {
  if (catalogs.length === 0) throw new Error("listDefinitions needs at least one catalog.");
  const among = `(${catalogs.map((c) => quoteLiteral(c.toLowerCase())).join(", ")})`;
  const nul = (type: string) => `CAST(NULL AS ${type})`;
  return (
    "SELECT 'VIEW' AS object_kind, v.table_catalog AS object_catalog, v.table_schema AS object_schema, v.table_name AS object_name, " +
    `v.view_definition AS definition, ${nul("STRING")} AS routine_body, ${nul("STRING")} AS external_language, ${nul("STRING")} AS data_type, ` +
    `${nul("STRING")} AS is_deterministic, t.comment AS comment, ${nul("INT")} AS ordinal_position, ${nul("STRING")} AS parameter_name, ` +
    `${nul("STRING")} AS parameter_default ` +
    "FROM system.information_schema.views v LEFT JOIN system.information_schema.tables t " +
    "ON t.table_catalog = v.table_catalog AND t.table_schema = v.table_schema AND t.table_name = v.table_name " +
    `WHERE v.table_catalog IN ${among} AND v.table_schema <> 'information_schema' ` +
    "UNION ALL " +
    "SELECT 'FUNCTION', routine_catalog, routine_schema, routine_name, routine_definition, routine_body, external_language, full_data_type, " +
    `is_deterministic, comment, ${nul("INT")}, ${nul("STRING")}, ${nul("STRING")} ` +
    `FROM system.information_schema.routines WHERE routine_catalog IN ${among} AND routine_schema <> 'information_schema' ` +
    "UNION ALL " +
    `SELECT 'PARAMETER', specific_catalog, specific_schema, specific_name, ${nul("STRING")}, ${nul("STRING")}, ${nul("STRING")}, full_data_type, ` +
    `${nul("STRING")}, comment, ordinal_position, parameter_name, parameter_default ` +
    `FROM system.information_schema.parameters WHERE specific_catalog IN ${among} AND specific_schema <> 'information_schema' ` +
    "ORDER BY object_catalog, object_schema, object_name, ordinal_position"
  );
}
