/** View DDL. The query text comes from the source view (catalog references already rewritten). */
import { propertyList, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { validateSqlBody } from "./sqlFragment";

export interface CreateViewArgs {
  name: ObjectName;
  /** The query after AS (SELECT / WITH / VALUES ...). Validated: one statement, balanced parentheses. */
  query: string;
  /** Default `createOrReplace`. */
  mode?: "create" | "createOrReplace";
  comment?: string;
  properties?: Record<string, string>;
}

/** `CREATE [OR REPLACE] VIEW v [COMMENT '...'] [TBLPROPERTIES (...)] AS <query>`. */
export function createView(args: CreateViewArgs): string {
  const query = validateSqlBody(args.query, `definition of view ${args.name.catalog}.${args.name.schema}.${args.name.name}`);
  const mode = args.mode ?? "createOrReplace";
  let sql = `${mode === "createOrReplace" ? "CREATE OR REPLACE VIEW" : "CREATE VIEW"} ${objectSql(args.name)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.properties && Object.keys(args.properties).length > 0) sql += ` TBLPROPERTIES ${propertyList(args.properties)}`;
  return `${sql} AS ${query}`;
}

/** `DROP VIEW [IF EXISTS] v`. */
export function dropView(name: ObjectName, opts: { ifExists?: boolean } = {}): string {
  return `DROP VIEW ${opts.ifExists === false ? "" : "IF EXISTS "}${objectSql(name)}`;
}
