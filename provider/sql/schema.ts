/** Schema DDL. Schemas carry DBPROPERTIES, which hold the stack's ownership marker. */
import { propertyList, quoteLiteral } from "./quote";
import { schemaSql, type SchemaName } from "./objectName";

export interface CreateSchemaArgs extends SchemaName {
  /** Default true. */
  ifNotExists?: boolean;
  managedLocation?: string;
  comment?: string;
  /** `WITH DBPROPERTIES (...)`. */
  properties?: Record<string, string>;
}

/** `CREATE SCHEMA [IF NOT EXISTS] c.s [MANAGED LOCATION '...'] [COMMENT '...'] [WITH DBPROPERTIES (...)]`. */
export function createSchema(args: CreateSchemaArgs): string {
  let sql = `CREATE SCHEMA ${args.ifNotExists === false ? "" : "IF NOT EXISTS "}${schemaSql(args)}`;
  if (args.managedLocation !== undefined) sql += ` MANAGED LOCATION ${quoteLiteral(args.managedLocation)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.properties && Object.keys(args.properties).length > 0) sql += ` WITH DBPROPERTIES ${propertyList(args.properties)}`;
  return sql;
}

/** `DROP SCHEMA [IF EXISTS] c.s CASCADE|RESTRICT`. Defaults: ifExists true, cascade false. */
export function dropSchema(name: SchemaName, opts: { ifExists?: boolean; cascade?: boolean } = {}): string {
  return `DROP SCHEMA ${opts.ifExists === false ? "" : "IF EXISTS "}${schemaSql(name)} ${opts.cascade ? "CASCADE" : "RESTRICT"}`;
}

/**
 * `ALTER SCHEMA c.s SET DBPROPERTIES (...)`. Databricks documents SET (not UNSET) DBPROPERTIES, so a
 * property is cleared by setting it to ''.
 */
export function setSchemaProperties(name: SchemaName, properties: Record<string, string>): string {
  if (Object.keys(properties).length === 0) throw new Error("At least one property is required to SET DBPROPERTIES.");
  return `ALTER SCHEMA ${schemaSql(name)} SET DBPROPERTIES ${propertyList(properties)}`;
}

/**
 * `DESCRIBE SCHEMA EXTENDED c.s`: rows `database_description_item` / `database_description_value`;
 * the DBPROPERTIES are the value of the `Properties` row (see schemaPropertiesOf).
 */
export function describeSchemaExtended(name: SchemaName): string {
  return `DESCRIBE SCHEMA EXTENDED ${schemaSql(name)}`;
}

/**
 * The DBPROPERTIES from the rows of describeSchemaExtended. Spark renders them as a Scala sequence of
 * pairs, `((k1,v1), (k2,v2))`; the flat form `(k1,v1, k2,v2)` is read too. Keys and values holding
 * `,` or parentheses cannot be told apart in that rendering: callers read only keys and values they
 * wrote and that hold neither (the ownership marker `<project>/<stack>`).
 */
export function schemaPropertiesOf(rows: Record<string, unknown>[]): Record<string, string> {
  const row = rows.find((r) => String(r.database_description_item ?? r.info_name ?? "").trim().toLowerCase() === "properties");
  const text = String(row?.database_description_value ?? row?.info_value ?? "").trim();
  const out: Record<string, string> = {};
  // Drop the outer parentheses, then read `k,v` pairs, each optionally in its own parentheses.
  const body = text.startsWith("(") && text.endsWith(")") ? text.slice(1, -1) : text;
  const pairs = /\(?\s*([^,()\s][^,()]*?)\s*,\s*([^,()]*?)\s*\)?(?:,|$)/g;
  for (let m = pairs.exec(body); m !== null && m[0] !== ""; m = pairs.exec(body)) out[m[1]] = m[2];
  return out;
}
