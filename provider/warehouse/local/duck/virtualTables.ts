/**
 * Loads large virtual relations (information_schema views of big catalogs) into DuckDB tables with
 * the appender before a statement runs, instead of inlining thousands of rows as SQL literals that
 * DuckDB would have to parse. The statement's rewritten SQL then reads the loaded table.
 */
import { randomUUID } from "crypto";
import { DuckDBTimestampValue, type DuckDBConnection } from "@duckdb/node-api";
import type { Token } from "../frontEnd/lexer";
import type { VirtualRelation } from "../engineContext";
import { duckIdent } from "../frontEnd/queryRewriter";

/** Relations smaller than this are inlined as VALUES (cheaper than creating a table). */
export const APPENDER_MIN_ROWS = 100;

/** `<catalog>.information_schema.<view>` references in a statement: [catalog or null (system), view]. */
export function informationSchemaRefs(tokens: readonly Token[], sessionCatalog: string): [string | null, string][] {
  const out: [string | null, string][] = [];
  const part = (t: Token | undefined) => (t && (t.kind === "word" || t.kind === "ident") ? (t.kind === "word" ? t.text : t.value).toLowerCase() : undefined);
  for (let i = 0; i < tokens.length; i++) {
    if (part(tokens[i]) !== "information_schema" || tokens[i + 1]?.value !== "." || !part(tokens[i + 2])) continue;
    const hasCatalog = tokens[i - 1]?.value === "." && part(tokens[i - 2]) !== undefined;
    const catalog = hasCatalog ? part(tokens[i - 2])! : sessionCatalog;
    out.push([catalog === "system" ? null : catalog, part(tokens[i + 2])!]);
  }
  return out;
}

/** Creates a table holding `rel` and returns its quoted name. */
export async function loadVirtualRelation(conn: DuckDBConnection, rel: VirtualRelation): Promise<string> {
  const name = duckIdent(`__vr_${randomUUID().replace(/-/g, "")}`);
  await conn.run(`CREATE TABLE ${name} (${rel.columns.map((c) => `${duckIdent(c.name)} ${c.type}`).join(", ")})`);
  const appender = await conn.createAppender(name.slice(1, -1));
  for (const row of rel.rows) {
    for (const c of rel.columns) {
      const v = row[c.name] ?? row[c.name.toLowerCase()] ?? row[c.name.toUpperCase()];
      if (v === null || v === undefined) {
        appender.appendNull();
        continue;
      }
      switch (c.type) {
        case "BIGINT": appender.appendBigInt(BigInt(Math.trunc(Number(v)))); break;
        case "DOUBLE": appender.appendDouble(Number(v)); break;
        case "BOOLEAN": appender.appendBoolean(Boolean(v)); break;
        case "TIMESTAMP": {
          const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(String(v));
          appender.appendTimestamp(new DuckDBTimestampValue(BigInt(ms) * 1000n));
          break;
        }
        default: appender.appendVarchar(typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
      }
    }
    appender.endRow();
  }
  appender.closeSync();
  return name;
}
