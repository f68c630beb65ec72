/**
 * Inline typed relations: rows computed in TypeScript (DESCRIBE HISTORY, information_schema views)
 * rendered as a DuckDB `VALUES` subquery with explicit column types.
 */
import type { Row } from "../row";
import { duckIdent, duckLiteral } from "../frontEnd/queryRewriter";

export interface TypedColumn {
  name: string;
  /** DuckDB type, e.g. `BIGINT`, `MAP(VARCHAR, VARCHAR)`. */
  type: string;
}

function literal(v: unknown, type: string): string {
  if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
  if (type === "TIMESTAMP" || type === "TIMESTAMP WITH TIME ZONE") {
    const d = v instanceof Date ? v : new Date(typeof v === "number" ? v : String(v));
    return `CAST(${duckLiteral(d.toISOString().replace("T", " ").replace("Z", ""))} AS TIMESTAMP)`;
  }
  if (type.startsWith("MAP(")) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return `CAST(MAP {} AS ${type})`;
    return `CAST(MAP {${entries.map(([k, x]) => `${duckLiteral(k)}: ${duckLiteral(String(x))}`).join(", ")}} AS ${type})`;
  }
  if (type.endsWith("[]")) {
    const items = (v as unknown[]).map((x) => literal(x, type.slice(0, -2)));
    return `CAST([${items.join(", ")}] AS ${type})`;
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "bigint") return `CAST(${String(v)} AS ${type})`;
  if (typeof v === "object") return `CAST(${duckLiteral(JSON.stringify(v))} AS ${type})`;
  return `CAST(${duckLiteral(String(v))} AS ${type})`;
}

/** `(SELECT ...)` producing `rows` with `columns` (rows are keyed by column name). */
export function valuesRelation(columns: TypedColumn[], rows: Row[]): string {
  if (rows.length === 0) {
    return `(SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${duckIdent(c.name)}`).join(", ")} WHERE false)`;
  }
  const body = rows.map((r) => `(${columns.map((c) => literal(r[c.name] ?? r[c.name.toLowerCase()] ?? r[c.name.toUpperCase()], c.type)).join(", ")})`).join(", ");
  return `(SELECT * FROM (VALUES ${body}) AS __v(${columns.map((c) => duckIdent(c.name)).join(", ")}))`;
}
