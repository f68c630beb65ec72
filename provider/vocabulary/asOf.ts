/**
 * Time travel (`asOf`): pins the source version cloned, `{ version }` or `{ timestamp }`. One definition
 * for CatalogClone's `asOf`, the table resource's input and the SQL builders (provider/sql/timeTravel.ts
 * renders it). Users write `{ version?, timestamp? }`; validation leaves exactly one of them, so the
 * value every layer below sees is `{ version: n }` or `{ timestamp: "..." }`.
 */
import { z } from "zod";
import { objectShapeError } from "./objectShapeError";

/** ISO-8601 (`2026-01-31T23:59:59Z`) or Databricks' `yyyy-MM-dd[ HH:mm:ss[.SSS]]` (no zone = UTC). */
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses the accepted timestamp forms; undefined when the text is not a real instant (e.g. month 13). */
export function parseAsOfTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined; // 2026-02-30
  const z = zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${z}`);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** The fields of `asOf` as written. */
const asOfFields = z.strictObject(
  {
    /** Clone the source as of this Delta version (`VERSION AS OF n`), a non-negative integer. */
    version: z
      .number({ error: "asOf.version must be a number (a Delta table version)." })
      .int({ error: "asOf.version must be a whole number (a Delta table version)." })
      .min(0, { error: "asOf.version must be 0 or greater (Delta versions start at 0)." })
      .optional(),
    /**
     * Clone the source as of this instant (`TIMESTAMP AS OF '...'`): ISO-8601 (`2026-01-31T23:59:59Z`) or
     * `yyyy-MM-dd HH:mm:ss` (UTC). Must not be in the future.
     */
    timestamp: z.string({ error: "asOf.timestamp must be a string such as 2026-01-31T23:59:59Z." }).optional(),
  },
  {
    error: objectShapeError("asOf", '{ version: 12 } (a Delta version) or { timestamp: "2026-01-31T23:59:59Z" }', (input) =>
      typeof input === "number" ? `To pin version ${input}, write asOf: { version: ${input} }.` : typeof input === "string" ? `To pin that instant, write asOf: { timestamp: ${JSON.stringify(input)} }.` : undefined,
    ),
  },
);

/** A pinned source: a Delta version, or an instant (text as accepted by parseAsOfTimestamp). */
export type AsOf = { version: number } | { timestamp: string };

export const asOfSchema = asOfFields
  .superRefine((v, ctx) => {
    const both = v.version !== undefined && v.timestamp !== undefined;
    const none = v.version === undefined && v.timestamp === undefined;
    if (both || none) {
      ctx.addIssue({ code: "custom", path: [], message: "asOf needs exactly one of { version } or { timestamp }." });
    }
    if (v.timestamp !== undefined) {
      const t = parseAsOfTimestamp(v.timestamp);
      if (!t) {
        ctx.addIssue({
          code: "custom",
          path: ["timestamp"],
          message: `asOf.timestamp "${v.timestamp}" is not a valid timestamp; use ISO-8601 such as 2026-01-31T23:59:59Z or "2026-01-31 23:59:59".`,
        });
      } else if (t.getTime() > Date.now()) {
        ctx.addIssue({
          code: "custom",
          path: ["timestamp"],
          message: `asOf.timestamp "${v.timestamp}" is in the future; time travel can only pin a past instant.`,
        });
      }
    }
  })
  .transform((v): AsOf => (v.version !== undefined ? { version: v.version } : { timestamp: v.timestamp! }));
