/**
 * Where an external volume goes in the destination: its source LOCATION with a prefix replaced, per
 * `externalLocationMap` (source location prefix → destination prefix). Pure. Without a matching prefix
 * there is no destination location: creating the volume at the source's own location would make two
 * volumes share (and the clone write into) the source's storage, so such a volume is skipped and reported.
 */
import { z } from "zod";

const LOCATION_RE = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$|^\/[^\s]*$/i;
const locationString = (what: string) =>
  z
    .string({ error: `${what} must be a string.` })
    .regex(LOCATION_RE, { error: `${what} must be a storage URI with a scheme (s3://bucket/prefix, abfss://c@acct.dfs.core.windows.net/p, gs://b/p) or an absolute path.` });

/** `externalLocationMap`: source location prefix → destination location prefix. */
export const externalLocationMapSchema = z
  .record(z.string(), locationString("an externalLocationMap value"), {
    error: 'externalLocationMap must be an object mapping a source location prefix to a destination prefix, e.g. { "s3://prod-bucket/volumes": "s3://qa-bucket/volumes" }.',
  })
  .superRefine((m, ctx) => {
    for (const [from, to] of Object.entries(m)) {
      if (!LOCATION_RE.test(from)) {
        ctx.addIssue({ code: "custom", path: [from], message: `externalLocationMap key "${from}" must be a storage URI with a scheme (s3://bucket/prefix, abfss://c@acct.dfs.core.windows.net/p, gs://b/p) or an absolute path.` });
      } else if (overlaps(from, to)) {
        ctx.addIssue({
          code: "custom",
          path: [from],
          message: `externalLocationMap maps "${from}" to "${to}", which overlaps it; map the source prefix to storage outside it (the clone would write into the source's storage).`,
        });
      }
    }
  });

/** Without trailing slashes, so `s3://b/p/` and `s3://b/p` are one prefix. */
function trimmed(location: string): string {
  return location.replace(/\/+$/, "");
}

/** Whether `a` is `b` or lies under it, on path-segment boundaries (`s3://b/p` is under `s3://b`, not under `s3://b/pp`). */
function isUnder(a: string, b: string): boolean {
  const x = trimmed(a);
  const y = trimmed(b);
  return x === y || x.startsWith(`${y}/`);
}

/** Whether one location lies inside the other. */
export function overlaps(a: string, b: string): boolean {
  return isUnder(a, b) || isUnder(b, a);
}

/** The outcome of mapping one external volume's location. */
export type MappedLocation = { location: string } | { skip: string };

/**
 * The destination location of a volume at `source`: the longest matching prefix of `map` replaced.
 * No match, or a result that overlaps the source location, is a skip with its reason.
 */
export function mapExternalLocation(source: string, map: Readonly<Record<string, string>> | undefined): MappedLocation {
  const match = Object.keys(map ?? {})
    .filter((from) => isUnder(source, from))
    .sort((a, b) => trimmed(b).length - trimmed(a).length)[0];
  if (match === undefined) {
    return {
      skip: `no externalLocationMap prefix covers its location ${source}; creating it there would overlap the source's location. Add a prefix mapping to externalLocationMap.`,
    };
  }
  const location = `${trimmed(map![match])}${trimmed(source).slice(trimmed(match).length)}`;
  if (overlaps(location, source)) return { skip: `externalLocationMap maps its location ${source} to ${location}, which overlaps the source's location.` };
  return { location };
}
