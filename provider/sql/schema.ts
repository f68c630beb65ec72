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
