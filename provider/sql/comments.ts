/** Comments on securables and columns (COMMENT is not copied by CLONE). */
import { quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { securableName, securableSql, type Securable } from "./securable";

const commentValue = (text: string | null): string => (text === null ? "NULL" : quoteLiteral(text));

/**
 * `COMMENT ON <securable> IS 'text' | NULL`. Views and materialized views are addressed as TABLE, as
 * COMMENT ON requires; functions cannot be commented after creation.
 */
export function commentOn(target: Securable, text: string | null): string {
  if (target.kind === "FUNCTION" || target.kind === "METASTORE") {
    throw new Error(`COMMENT ON does not support a ${target.kind}; set the comment when creating it.`);
  }
  const on = target.kind === "VIEW" || target.kind === "MATERIALIZED VIEW" ? `TABLE ${securableName(target)}` : securableSql(target);
  return `COMMENT ON ${on} IS ${commentValue(text)}`;
}

/**
 * `COMMENT ON COLUMN t.c IS 'text' | NULL`: the form that can also remove a column comment (reference
 * §4.3; GUESS: `IS NULL` on a column, as on other securables; `ALTER TABLE … ALTER COLUMN c COMMENT` cannot).
 */
export function commentOnColumnOrNull(table: ObjectName, column: string, text: string | null): string {
  return `COMMENT ON COLUMN ${objectSql(table)}.${quoteIdent(column)} IS ${commentValue(text)}`;
}
