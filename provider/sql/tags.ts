/** Unity Catalog tags on catalogs, schemas, tables, views, volumes and columns (not copied by CLONE). */
import { propertyList, quoteIdent, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { securableSql, type Securable } from "./securable";

const TAGGABLE = new Set(["CATALOG", "SCHEMA", "TABLE", "VIEW", "MATERIALIZED VIEW", "VOLUME"]);

function taggable(s: Securable): string {
  if (!TAGGABLE.has(s.kind)) throw new Error(`Tags cannot be set on a ${s.kind} with ALTER ... SET TAGS.`);
  return securableSql(s);
}

function keyList(keys: readonly string[]): string {
  if (keys.length === 0) throw new Error("At least one tag key is required to UNSET TAGS.");
  return "(" + keys.map(quoteLiteral).join(", ") + ")";
}

function nonEmpty(tags: Record<string, string>): Record<string, string> {
  if (Object.keys(tags).length === 0) throw new Error("At least one tag is required to SET TAGS.");
  return tags;
}

/** `ALTER <securable> SET TAGS ('k' = 'v', ...)`; a key-only tag has value "". */
export function setTags(target: Securable, tags: Record<string, string>): string {
  return `ALTER ${taggable(target)} SET TAGS ${propertyList(nonEmpty(tags))}`;
}

/** `ALTER <securable> UNSET TAGS ('k', ...)`. */
export function unsetTags(target: Securable, keys: readonly string[]): string {
  return `ALTER ${taggable(target)} UNSET TAGS ${keyList(keys)}`;
}

/** `ALTER TABLE t ALTER COLUMN c SET TAGS ('k' = 'v', ...)`. */
export function setColumnTags(table: ObjectName, column: string, tags: Record<string, string>): string {
  return `ALTER TABLE ${objectSql(table)} ALTER COLUMN ${quoteIdent(column)} SET TAGS ${propertyList(nonEmpty(tags))}`;
}

/** `ALTER TABLE t ALTER COLUMN c UNSET TAGS ('k', ...)`. */
export function unsetColumnTags(table: ObjectName, column: string, keys: readonly string[]): string {
  return `ALTER TABLE ${objectSql(table)} ALTER COLUMN ${quoteIdent(column)} UNSET TAGS ${keyList(keys)}`;
}
