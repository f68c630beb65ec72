/**
 * Delta time travel: the `VERSION AS OF n` / `TIMESTAMP AS OF 'ts'` suffix that pins a table version
 * for reads, clones and restores.
 */
import { integerLiteral, quoteLiteral } from "./quote";

/** A pinned table version: a Delta version number, or a timestamp (ISO text or Date). */
export type AsOf = { version: number } | { timestamp: string | Date };

/** Renders a timestamp literal; Dates become ISO-8601 UTC text (`2024-01-01T00:00:00.000Z`), which Spark parses. */
export function timestampLiteral(ts: string | Date): string {
  if (ts instanceof Date) {
    if (Number.isNaN(ts.getTime())) throw new Error("Invalid Date given for TIMESTAMP AS OF.");
    return quoteLiteral(ts.toISOString());
  }
  if (ts.trim() === "") throw new Error("An empty timestamp was given for TIMESTAMP AS OF.");
  return quoteLiteral(ts);
}

/** ` VERSION AS OF 12` / ` TIMESTAMP AS OF '...'` (leading space), or "" when `asOf` is undefined. */
export function asOfClause(asOf: AsOf | undefined): string {
  if (!asOf) return "";
  if ("version" in asOf) return ` VERSION AS OF ${integerLiteral(asOf.version)}`;
  return ` TIMESTAMP AS OF ${timestampLiteral(asOf.timestamp)}`;
}
