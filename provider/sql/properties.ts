/** Property maps: TBLPROPERTIES on tables and views, DBPROPERTIES on schemas (ownership markers live here). */
import { propertyList, quoteLiteral } from "./quote";
import { objectSql, schemaSql, type ObjectName, type SchemaName } from "./objectName";

function keyList(keys: readonly string[]): string {
  if (keys.length === 0) throw new Error("At least one property key is required to UNSET.");
  return "(" + keys.map(quoteLiteral).join(", ") + ")";
}

function nonEmpty(props: Record<string, string>): Record<string, string> {
  if (Object.keys(props).length === 0) throw new Error("At least one property is required to SET.");
  return props;
}

/** `ALTER TABLE|VIEW t SET TBLPROPERTIES ('k' = 'v', ...)`. */
export function setTableProperties(table: ObjectName, props: Record<string, string>, kind: "TABLE" | "VIEW" = "TABLE"): string {
  return `ALTER ${kind} ${objectSql(table)} SET TBLPROPERTIES ${propertyList(nonEmpty(props))}`;
}

/** `ALTER TABLE|VIEW t UNSET TBLPROPERTIES IF EXISTS ('k', ...)` (IF EXISTS unless `ifExists: false`). */
export function unsetTableProperties(
  table: ObjectName,
  keys: readonly string[],
  opts: { ifExists?: boolean; kind?: "TABLE" | "VIEW" } = {},
): string {
  return `ALTER ${opts.kind ?? "TABLE"} ${objectSql(table)} UNSET TBLPROPERTIES ${opts.ifExists === false ? "" : "IF EXISTS "}${keyList(keys)}`;
}

/** `ALTER SCHEMA c.s SET DBPROPERTIES ('k' = 'v', ...)`. */
export function setSchemaProperties(schema: SchemaName, props: Record<string, string>): string {
  return `ALTER SCHEMA ${schemaSql(schema)} SET DBPROPERTIES ${propertyList(nonEmpty(props))}`;
}

/** `SHOW TBLPROPERTIES t` → rows `key`, `value`. */
export function showTableProperties(table: ObjectName): string {
  return `SHOW TBLPROPERTIES ${objectSql(table)}`;
}
