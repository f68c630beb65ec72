/** `DESCRIBE SCHEMA EXTENDED`: the way to read a schema's DBPROPERTIES (information_schema has no column for them). */
import { schemaSql, type SchemaName } from "./objectName";

/**
 * `DESCRIBE SCHEMA EXTENDED c.s` → rows (`database_description_item`, `database_description_value`);
 * the `Properties` row holds `((k1,v1), (k2,v2))`.
 */
export function describeSchemaExtended(schema: SchemaName): string {
  return `DESCRIBE SCHEMA EXTENDED ${schemaSql(schema)}`;
}

/**
 * Parses the `Properties` value of DESCRIBE SCHEMA EXTENDED (`((k1,v1), (k2,v2))`) into a map. Keys
 * cannot contain `,` or parentheses in this rendering; values are taken up to the closing parenthesis.
 */
export function parseSchemaProperties(text: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const m of text.matchAll(/\(([^,()]+),([^()]*)\)/g)) out[m[1].trim()] = m[2].trim();
  return out;
}
