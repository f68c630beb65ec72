/**
 * SQL user-defined functions (`CREATE FUNCTION ... RETURN <expr>`), e.g. row-filter and mask functions.
 * Only SQL-bodied functions: external (Python) bodies are not rebuilt here.
 */
import { quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { validateSqlBody, validateSqlFragment, validateSqlType } from "./sqlFragment";

export interface FunctionParameter {
  name: string;
  /** SQL type text, e.g. `STRING`, `DECIMAL(10,2)`. */
  type: string;
  comment?: string;
  /** DEFAULT expression (Spark SQL), validated as one expression. */
  default?: string;
}

export interface CreateFunctionArgs {
  name: ObjectName;
  parameters: FunctionParameter[];
  /** Return type text (`STRING`, `BOOLEAN`, ...). */
  returns: string;
  /** The expression or query after RETURN. */
  body: string;
  /** Default `createOrReplace`. */
  mode?: "create" | "createOrReplace";
  comment?: string;
  deterministic?: boolean;
}

/** `CREATE [OR REPLACE] FUNCTION f(p T [DEFAULT e] [COMMENT '...'], ...) RETURNS T [COMMENT '...'] [[NOT] DETERMINISTIC] RETURN <body>`. */
export function createFunction(args: CreateFunctionArgs): string {
  const label = `function ${args.name.catalog}.${args.name.schema}.${args.name.name}`;
  const params = args.parameters
    .map((p) => {
      const d = p.default !== undefined ? ` DEFAULT ${validateSqlFragment(p.default, `default of parameter ${p.name} of ${label}`)}` : "";
      const c = p.comment !== undefined ? ` COMMENT ${quoteLiteral(p.comment)}` : "";
      return `${quoteIdent(p.name)} ${validateSqlType(p.type, `type of parameter ${p.name} of ${label}`)}${d}${c}`;
    })
    .join(", ");
  const mode = args.mode ?? "createOrReplace";
  const head = mode === "createOrReplace" ? "CREATE OR REPLACE FUNCTION" : "CREATE FUNCTION";
  let sql = `${head} ${objectSql(args.name)}(${params}) RETURNS ${validateSqlType(args.returns, `return type of ${label}`)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.deterministic !== undefined) sql += args.deterministic ? " DETERMINISTIC" : " NOT DETERMINISTIC";
  return `${sql} RETURN ${validateSqlBody(args.body, `body of ${label}`)}`;
}

/** `DROP FUNCTION [IF EXISTS] f`. */
export function dropFunction(name: ObjectName, opts: { ifExists?: boolean } = {}): string {
  return `DROP FUNCTION ${opts.ifExists === false ? "" : "IF EXISTS "}${objectSql(name)}`;
}
