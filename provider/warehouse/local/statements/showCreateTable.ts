/**
 * `SHOW CREATE TABLE t` (reference §4.5): one column `createtab_stmt` holding a statement that, run
 * again, creates an equivalent table or view (columns, types, NOT NULL, column comments, partitioning,
 * comment, LOCATION for external tables, TBLPROPERTIES; views with their column list and text).
 * Row filters and column masks appear as `WITH ROW FILTER` / `MASK` clauses; CHECK constraints as the
 * `delta.constraints.*` TBLPROPERTIES Delta keeps them in. Grants, tags and owner are not part of it.
 */
import type { Row } from "../row";
import type { EngineContext, StatementHandler } from "../engineContext";
import type { TableEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { tableColumns } from "../governance/tableColumns";
import { snapshotInfo } from "../delta/tableSnapshot";
import { tablePropertiesOf } from "../governance/tableProperties";
import { sharedCatalogTables } from "../sharing/sharedCatalogs";

/** An identifier as Databricks prints it: bare when it is a plain lower-case name, else backticked. */
export function printIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : "`" + name.replace(/`/g, "``") + "`";
}

/** A string literal in Spark syntax (backslash escapes). */
function literal(s: string): string {
  return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n") + "'";
}

const TYPE_WORDS = /\b(string|int|integer|bigint|smallint|tinyint|long|short|byte|double|float|real|boolean|date|timestamp|timestamp_ntz|binary|decimal|dec|numeric|array|map|struct|void|interval|char|varchar|variant)\b/gi;

/** Type as SHOW CREATE prints it (`decimal(10,2)` → `DECIMAL(10,2)`), struct field names untouched. */
export function printType(type: string): string {
  return type.replace(TYPE_WORDS, (m) => m.toUpperCase());
}

/** The CREATE statement for a table or view entry. */
export function showCreateStatement(ctx: EngineContext, t: TableEntry): string {
  const name = [t.catalog, t.schema, t.name].map(printIdent).join(".");
  const columns = tableColumns(ctx, t) ?? [];
  if (t.type === "VIEW" || t.type === "MATERIALIZED_VIEW") {
    const kind = t.type === "VIEW" ? "VIEW" : "MATERIALIZED VIEW";
    let sql = `CREATE ${kind} ${name}`;
    if (columns.length > 0) {
      sql += " (\n" + columns.map((c) => `  ${printIdent(c.name)}${c.comment ? ` COMMENT ${literal(c.comment)}` : ""}`).join(",\n") + ")";
    }
    if (t.comment) sql += `\nCOMMENT ${literal(t.comment)}`;
    sql += propertiesClause(tablePropertiesOf(ctx, t) ?? {});
    return `${sql}\nAS ${t.viewDefinition ?? ""}`;
  }
  if (t.type === "STREAMING_TABLE") return `CREATE STREAMING TABLE ${name}\nAS ${t.viewDefinition ?? ""}`;
  const snap = snapshotInfo(ctx, t);
  let sql = `CREATE TABLE ${name} (\n`;
  const fn = (name: string) => name.split(".").map(printIdent).join(".");
  const maskOf = (col: string) => {
    const m = t.columnMasks.find((x) => x.column.toLowerCase() === col.toLowerCase());
    if (!m) return "";
    return ` MASK ${fn(m.function)}${m.usingColumns.length ? ` USING COLUMNS (${m.usingColumns.map(printIdent).join(", ")})` : ""}`;
  };
  sql += columns
    .map((c) => `  ${printIdent(c.name)} ${printType(c.type)}${c.nullable ? "" : " NOT NULL"}${c.comment ? ` COMMENT ${literal(c.comment)}` : ""}${maskOf(c.name)}`)
    .join(",\n");
  sql += `)\nUSING ${(t.format ?? "DELTA").toLowerCase()}`;
  if (t.rowFilter) sql += `\nWITH ROW FILTER ${fn(t.rowFilter.function)} ON (${t.rowFilter.inputColumns.map(printIdent).join(", ")})`;
  if (snap && snap.partitionColumns.length > 0) sql += `\nPARTITIONED BY (${snap.partitionColumns.map(printIdent).join(", ")})`;
  if (t.comment) sql += `\nCOMMENT ${literal(t.comment)}`;
  if (t.location && (t.type === "EXTERNAL" || t.type === "EXTERNAL_SHALLOW_CLONE")) sql += `\nLOCATION ${literal(t.location)}`;
  return sql + propertiesClause(snap?.properties ?? {});
}

function propertiesClause(properties: Record<string, string>): string {
  const props = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  if (props.length === 0) return "";
  return "\nTBLPROPERTIES (\n" + props.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(",\n") + ")";
}

export const showCreateTableStatement: StatementHandler = {
  name: "SHOW CREATE TABLE",
  matches: (t) => startsWithWords(t, "SHOW", "CREATE", "TABLE"),
  async run(ctx, tokens, sql): Promise<Row[]> {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "CREATE", "TABLE");
    const parts = cur.nameParts();
    cur.acceptWords("AS", "SERDE");
    cur.expectEnd();
    const q = ctx.qualify(parts);
    let entry = ctx.requireTable(q);
    if (ctx.readMeta().catalogs[q.catalog]?.share) {
      // a shared table: the consumer-side names and the provider's current columns
      entry = sharedCatalogTables(ctx, q.catalog).find((t) => t.schema === q.schema && t.name === q.name) ?? entry;
    }
    return [{ createtab_stmt: showCreateStatement(ctx, entry) }];
  },
};

export const showCreateStatements: StatementHandler[] = [showCreateTableStatement];
