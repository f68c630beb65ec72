/**
 * How a `last_altered` value of `information_schema.tables` is recorded: as an ISO-8601 string. Discovery
 * (the fingerprint) and the table handler (the drift baseline after a write) both read it through this
 * one function, so the two sides of a drift comparison are always spelled alike.
 */

/** `last_altered` as ISO-8601; null when absent; an unparsable value is kept as its text. */
export function lastAlteredIso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}
