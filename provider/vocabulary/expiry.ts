/**
 * Expiry of a clone (PR preview stacks): a `ttl` such as `3d` or `12h` in arguments and stack config, the
 * UTC timestamp it gives (`now + ttl`) written as a tag on the destination catalog, when that tag is
 * (re)written (expiryToRecord), and the clock both the catalog resource and `pulumi-uc-clone-reap` read.
 * One definition for args, the catalog resource and reap.
 *
 * The clock is injectable (CATALOG_CLONE_NOW, an ISO timestamp) so tests can move time without waiting;
 * reap also takes `--now`.
 */
import { z } from "zod";

/** Catalog tag holding the expiry (UTC, ISO 8601, seconds). Tag keys cannot contain `.` (see ownership.ts). */
export const EXPIRY_TAG = "catalog_clone_expires_at";

/** Environment variable that replaces the system clock (an ISO 8601 timestamp), for tests and dry runs. */
export const CLOCK_ENV = "CATALOG_CLONE_NOW";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** At most a year: a "preview" kept longer is not a preview, and a typo (`300d`) should be caught. */
const MAX_TTL_MS = 366 * UNIT_MS.d;

/** `3d`, `12h`, `90m`, `2w`: a whole number and one unit (m, h, d, w). Parsed to milliseconds. */
export function ttlSchema(field: string) {
  return z
    .string({ error: `${field} must be a duration such as "3d" or "12h" (a whole number and m, h, d or w).` })
    .transform((s, ctx) => {
      const m = /^\s*(\d{1,6})\s*([mhdw])\s*$/.exec(s);
      const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
      if (!m || ms <= 0 || ms > MAX_TTL_MS) {
        ctx.addIssue({
          code: "custom",
          message: `${field} must be a duration between 1m and 366d such as "3d", "12h", "90m" or "2w" (a whole number and one unit: m minutes, h hours, d days, w weeks); got "${s}".`,
        });
        return z.NEVER;
      }
      return s.trim();
    });
}

/** Milliseconds of a ttl already checked by ttlSchema. */
export function ttlMillis(ttl: string): number {
  const m = /^(\d+)\s*([mhdw])$/.exec(ttl.trim());
  if (!m) throw new Error(`not a ttl: ${ttl}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** The expiry tag value for a clone deployed at `now` with `ttl`: UTC ISO 8601 to the second. */
export function expiryOf(ttl: string, now: Date): string {
  return new Date(Math.floor((now.getTime() + ttlMillis(ttl)) / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The expiry a catalog should carry after this up: `now + ttl` when the catalog gets its first expiry or
 * its ttl changed, or when less than half of the ttl remains (an active PR stays alive); otherwise the
 * recorded one, so a no-drift up writes nothing and an active stack costs at most one tag write per
 * ttl/2. Undefined without ttl. An unreadable recorded expiry is replaced.
 */
export function expiryToRecord(ttl: string | undefined, recorded: { ttl?: string; expiresAt?: string }, now: Date): string | undefined {
  if (ttl === undefined) return undefined;
  if (recorded.expiresAt === undefined || recorded.ttl !== ttl) return expiryOf(ttl, now);
  let at: number;
  try {
    at = parseTimestamp(recorded.expiresAt, "the recorded expiry").getTime();
  } catch {
    return expiryOf(ttl, now);
  }
  return at - now.getTime() < ttlMillis(ttl) / 2 ? expiryOf(ttl, now) : recorded.expiresAt;
}

/**
 * The current time: `CATALOG_CLONE_NOW` when set (must be a valid timestamp: a typo must not make every
 * clone look expired or never expire), else the system clock.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const fake = env[CLOCK_ENV];
  if (fake === undefined || fake === "") return new Date();
  return parseTimestamp(fake, CLOCK_ENV);
}

/** A timestamp given by a user (`--now`, CATALOG_CLONE_NOW) or read from an expiry tag; throws naming `what`. */
export function parseTimestamp(text: string, what: string): Date {
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(t)) throw new Error(`${what} must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T12:00:00Z; got "${text}".`);
  return new Date(t);
}
