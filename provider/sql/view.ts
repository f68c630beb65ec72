/** View DDL. The query text comes from the source view (catalog references already rewritten). */
import { propertyList, quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { validateSqlBody } from "./sqlFragment";

export interface CreateViewArgs {
  name: ObjectName;
  /** The query after AS (SELECT / WITH / VALUES ...). Validated: one statement, balanced parentheses. */
  query: string;
  /** Default `createOrReplace`. */
  mode?: "create" | "createOrReplace" | "ifNotExists";
  comment?: string;
  /** Optional column list with comments: `(a COMMENT '...', b)`. */
  columns?: { name: string; comment?: string }[];
  properties?: Record<string, string>;
}

/** `CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v [(cols)] [COMMENT '...'] [TBLPROPERTIES (...)] AS <query>`. */
export function createView(args: CreateViewArgs): string {
  const query = validateSqlBody(args.query, `definition of view ${args.name.catalog}.${args.name.schema}.${args.name.name}`);
  const mode = args.mode ?? "createOrReplace";
  const head = mode === "createOrReplace" ? "CREATE OR REPLACE VIEW" : mode === "ifNotExists" ? "CREATE VIEW IF NOT EXISTS" : "CREATE VIEW";
  let sql = `${head} ${objectSql(args.name)}`;
  if (args.columns && args.columns.length > 0) {
    sql += " (" + args.columns.map((c) => quoteIdent(c.name) + (c.comment !== undefined ? ` COMMENT ${quoteLiteral(c.comment)}` : "")).join(", ") + ")";
  }
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.properties && Object.keys(args.properties).length > 0) sql += ` TBLPROPERTIES ${propertyList(args.properties)}`;
  return `${sql} AS ${query}`;
}

/** `DROP VIEW [IF EXISTS] v`. */
export function dropView(name: ObjectName, opts: { ifExists?: boolean } = {}): string {
  return `DROP VIEW ${opts.ifExists === false ? "" : "IF EXISTS "}${objectSql(name)}`;
}
