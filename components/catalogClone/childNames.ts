/**
 * Names of the child resources a CatalogClone registers. Names are part of each child's URN, so they
 * must be stable across runs and never contain the URN delimiter `::`. Unity Catalog names cannot
 * contain `.`, so `schema.table` is unambiguous; `%` and `:` are percent-encoded.
 */

function encode(part: string): string {
  return part.replace(/%/g, "%25").replace(/:/g, "%3A");
}

/** The destination catalog resource: `<component>`. Its type differs from the component's, so the URN is unique. */
export function catalogChildName(component: string): string {
  return encode(component);
}

/** A destination schema resource: `<component>/<schema>`. */
export function schemaChildName(component: string, schema: string): string {
  return `${encode(component)}/${encode(schema)}`;
}

/** A destination table resource: `<component>/<schema>.<table>` (source names). */
export function tableChildName(component: string, schema: string, table: string): string {
  return `${encode(component)}/${encode(schema)}.${encode(table)}`;
}
