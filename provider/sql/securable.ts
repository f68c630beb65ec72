/**
 * Securables: the objects GRANT, COMMENT ON, SET TAGS and OWNER TO act on, rendered as
 * `<TYPE> <name>` the way Unity Catalog spells them.
 */
import { quoteIdent } from "./quote";
import { objectSql, schemaSql, type ObjectName } from "./objectName";

export type Securable =
  | { kind: "CATALOG"; catalog: string }
  | { kind: "SCHEMA"; catalog: string; schema: string }
  | ({ kind: "TABLE" | "VIEW" | "MATERIALIZED VIEW" | "VOLUME" | "FUNCTION" } & ObjectName)
  | { kind: "SHARE" | "RECIPIENT" | "PROVIDER"; name: string }
  | { kind: "METASTORE" };

/** The bare name of a securable, quoted (`` `c`.`s`.`t` ``); "" for the metastore. */
export function securableName(s: Securable): string {
  switch (s.kind) {
    case "CATALOG": return quoteIdent(s.catalog);
    case "SCHEMA": return schemaSql(s);
    case "SHARE": case "RECIPIENT": case "PROVIDER": return quoteIdent(s.name);
    case "METASTORE": return "";
    default: return objectSql(s);
  }
}

/** `TABLE `c`.`s`.`t`` — the securable as it follows ON in GRANT / COMMENT ON. */
export function securableSql(s: Securable): string {
  return s.kind === "METASTORE" ? "METASTORE" : `${s.kind} ${securableName(s)}`;
}
