/**
 * Delta time travel: the `VERSION AS OF n` / `TIMESTAMP AS OF 'ts'` suffix that pins a table version
 * for reads, clones and restores.
 *
 * Timestamps are sent in Databricks' normalised form, converted to UTC, with the zone spelled out:
 * `'2024-01-15 00:00:00Z'` (fractional seconds only when not zero, up to microseconds:
 * `'2024-01-15 00:00:00.25Z'`). The `Z` matters: Databricks reads a zone-less literal in the session
 * time zone, which workspace admins may set (SQL configuration parameter TIMEZONE), so a bare
 * `'2024-01-15 00:00:00'` would pin another version on such a warehouse. Spark's timestamp parser
 * accepts a `Z` zone id right after the time.
 */
import type { AsOf } from "../vocabulary/asOf";
import { integerLiteral, quoteLiteral } from "./quote";

/** A pinned table version as rendered: the vocabulary's `asOf`, or an instant held as a Date. */
export type TimeTravel = AsOf | { timestamp: Date };

/**
 * Accepted timestamp text: ISO-8601 (`2024-01-15T00:00:00Z`, `2024-01-15T02:00:00+02:00`) or
 * Databricks' `yyyy-MM-dd[ HH:mm[:ss[.fraction]]]`; no zone means UTC. Fractions up to 9 digits are
 * read, microseconds (Delta's precision) are kept.
 */
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The normalised UTC text of a timestamp (`2024-01-15 00:00:00`). Throws on text that is not a
 * real instant (month 13, February 30, 25:00, trailing text), so nothing but a timestamp is ever sent.
 */
export function normalizeTimestamp(ts: string | Date): string {
  if (ts instanceof Date) {
    if (Number.isNaN(ts.getTime())) throw new Error("Invalid Date given for TIMESTAMP AS OF.");
    return render(ts, ts.getUTCMilliseconds() * 1000);
  }
  const text = ts.trim();
  if (text === "") throw new Error("An empty timestamp was given for TIMESTAMP AS OF.");
  const m = TIMESTAMP_TEXT.exec(text);
  const invalid = () =>
    new Error(
      `TIMESTAMP AS OF ${JSON.stringify(ts)} is not a timestamp; use ISO-8601 (2024-01-15T00:00:00Z) or "2024-01-15 00:00:00" (UTC).`,
    );
  if (!m) throw invalid();
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, s].map(Number);
  if (M < 1 || M > 12 || H > 23 || MI > 59 || S > 59) throw invalid();
  const day = new Date(Date.UTC(Y, M - 1, D));
  if (day.getUTCFullYear() !== Y || day.getUTCMonth() !== M - 1 || day.getUTCDate() !== D) throw invalid();
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const [oh, om] = [Number(z[2]), Number(z[3] ?? "0")];
    if (oh > 18 || om > 59) throw invalid();
    offsetMinutes = (z[1] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const whole = new Date(Date.UTC(Y, M - 1, D, H, MI, S) - offsetMinutes * 60_000);
  if (whole.getUTCFullYear() > 9999) throw invalid();
  const micros = Number(frac.padEnd(9, "0").slice(0, 6));
  return render(whole, micros);
}

/** `yyyy-MM-dd HH:mm:ss[.ffffff]` of a UTC instant (whole seconds from `at`) plus `micros`. */
function render(at: Date, micros: number): string {
  const base =
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return micros === 0 ? base : `${base}.${pad(micros, 6).replace(/0+$/, "")}`;
}

/** Renders a timestamp literal: the normalised UTC text (see normalizeTimestamp) with its zone, `Z`. */
export function timestampLiteral(ts: string | Date): string {
  return quoteLiteral(`${normalizeTimestamp(ts)}Z`);
}

/** ` VERSION AS OF 12` / ` TIMESTAMP AS OF '2024-01-15 00:00:00Z'` (leading space), or "" when `asOf` is undefined. */
export function asOfClause(asOf: TimeTravel | undefined): string {
  if (!asOf) return "";
  if ("version" in asOf) return ` VERSION AS OF ${integerLiteral(asOf.version)}`;
  return ` TIMESTAMP AS OF ${timestampLiteral(asOf.timestamp)}`;
}
