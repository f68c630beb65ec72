/**
 * Single-object lookups of a view or SQL function, as the view and function handlers read them before
 * and after a write: ONE statement each on the metastore-wide `system.information_schema` (it exists
 * whether or not the catalog does, so a dropped catalog reads as "no object", not as an error).
 */
import { quoteLiteral } from "./quote";
import type { ObjectName } from "./objectName";

const lower = (s: string) => quoteLiteral(s.toLowerCase());

/**
 * A row of findFunction: the routine's columns repeated on each of its parameters' rows (one row with
 * null parameter columns when it has none), parameters in order.
 */
export interface FunctionLookupRow {
  routine_body: string | null;
  routine_definition: string | null;
  full_data_type: string | null;
  is_deterministic: string | null;
  comment: string | null;
  ordinal_position: number | null;
  parameter_name: string | null;
  parameter_type: string | null;
  parameter_comment: string | null;
  parameter_default: string | null;
}

/** The function `fn` and its parameters (no row: it does not exist). */
export function findFunction(fn: ObjectName): string {
  return (
    "SELECT r.routine_body AS routine_body, r.routine_definition AS routine_definition, r.full_data_type AS full_data_type, " +
    "r.is_deterministic AS is_deterministic, r.comment AS comment, p.ordinal_position AS ordinal_position, " +
    "p.parameter_name AS parameter_name, p.full_data_type AS parameter_type, p.comment AS parameter_comment, p.parameter_default AS parameter_default " +
    "FROM system.information_schema.routines r LEFT JOIN system.information_schema.parameters p " +
    "ON p.specific_catalog = r.specific_catalog AND p.specific_schema = r.specific_schema AND p.specific_name = r.specific_name " +
    `WHERE r.routine_catalog = ${lower(fn.catalog)} AND r.routine_schema = ${lower(fn.schema)} AND r.routine_name = ${lower(fn.name)} ` +
    "ORDER BY p.ordinal_position"
  );
}

/** A row of findView. `view_definition` is NULL unless the caller owns the view (reference §3.2). */
export interface ViewLookupRow {
  table_type: string;
  view_definition: string | null;
  comment: string | null;
}

/** The relation `view` (a view or a table: `table_type` says which) with its definition (no row: nothing of that name). */
export function findView(view: ObjectName): string {
  return (
    "SELECT t.table_type AS table_type, v.view_definition AS view_definition, t.comment AS comment " +
    "FROM system.information_schema.tables t LEFT JOIN system.information_schema.views v " +
    "ON v.table_catalog = t.table_catalog AND v.table_schema = t.table_schema AND v.table_name = t.table_name " +
    `WHERE t.table_catalog = ${lower(view.catalog)} AND t.table_schema = ${lower(view.schema)} AND t.table_name = ${lower(view.name)}`
  );
}
