/**
 * Timestamps as Spark reads and prints them, for time travel (`TIMESTAMP AS OF`, RESTORE) and its
 * error messages.
 */
import { errors } from "../errors/coreErrors";

/**
 * Parses a Spark timestamp literal: `yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]]][zone]`, zone `Z` or
 * `±HH:mm`; without a zone, in the session time zone (UTC here). Anything else is malformed, as
 * Spark's cast says (no lenient Date.parse forms).
 */
export function parseTimestamp(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:\d{2})?$/i.exec(s.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}${(m[3] ?? "Z").toUpperCase()}`) : NaN;
  if (Number.isNaN(ms)) throw errors.castInvalid(`The value '${s}' of the type "STRING" cannot be cast to "TIMESTAMP" because it is malformed.`);
  return ms;
}

/** Epoch ms as Spark prints a timestamp in messages (`2024-01-02 03:04:05.678`, UTC). */
export function fmtTs(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}
