/**
 * Names of Unity Catalog objects as the statement builders take them: plain unquoted parts, quoted
 * only when rendered (quote.ts), so callers never handle backticks themselves.
 */
import { quoteName } from "./quote";

/** A schema: `catalog.schema`. */
export interface SchemaName {
  catalog: string;
  schema: string;
}

/** A table, view, function or volume: `catalog.schema.name`. */
export interface ObjectName extends SchemaName {
  name: string;
}

/** Renders `` `catalog`.`schema` ``. */
export function schemaSql(n: SchemaName): string {
  return quoteName(n.catalog, n.schema);
}

/** Renders `` `catalog`.`schema`.`name` ``. */
export function objectSql(n: ObjectName): string {
  return quoteName(n.catalog, n.schema, n.name);
}

/** `catalog.schema.name` unquoted, for messages and map keys (never for SQL text). */
export function displayName(n: SchemaName | ObjectName): string {
  return "name" in n ? `${n.catalog}.${n.schema}.${n.name}` : `${n.catalog}.${n.schema}`;
}
