/**
 * The record a torn-down cross-workspace sync leaves on the destination catalog (a catalog tag), so the
 * next program run can tell, read-only and without the share, whether anything must be cloned again:
 * `<syncId>.<source key>.<destination digest>`. The source key names what was cloned (a digest of the
 * shared source tables' identity and last_altered, and of the clone arguments); `syncId` is the value the
 * sharing resources were given in that sync (so a run with nothing to do gives them the same one and
 * changes nothing); the destination digest is the same digest of the
 * destination's copies as they stood right after the sync. Both sides compute the digest with this one
 * function, from information_schema rows, so a destination written to out of band no longer matches.
 */
import { createHash } from "crypto";

/** The catalog tag holding the record (on the destination catalog in the target workspace). */
export const SYNC_RECORD_TAG = "catalog_clone_xws_synced";

/** A table as the digest needs it: `last_altered` as ISO-8601 (provider/sql/lastAltered.ts lastAlteredIso). */
export interface DigestTable {
  schema: string;
  name: string;
  lastAltered: string | null;
}

const hash16 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** Canonical instant (ISO strings of different precision denote the same instant). */
const instant = (iso: string | null) => (iso === null ? "null" : Number.isNaN(Date.parse(iso)) ? iso : String(Date.parse(iso)));

/**
 * Digest of the tables named in `names` (`schema.table`, any case) as found in `tables`: their names and
 * last_altered, sorted. A table named but absent counts as absent (so a dropped copy changes the digest).
 */
export function tablesDigest(tables: readonly DigestTable[], names: readonly string[]): string {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const lines = tables
    .map((t) => ({ key: `${t.schema}.${t.name}`.toLowerCase(), at: instant(t.lastAltered) }))
    .filter((t) => wanted.has(t.key))
    .map((t) => `${t.key}@${t.at}`)
    .sort();
  return hash16(lines.join("\n"));
}

/**
 * A digest of `first` and `second` (as JSON): the source key is syncIdOf(source tables digest, clone
 * arguments); the syncId of a run that must sync is syncIdOf(source key, destination digest now).
 */
export function syncIdOf(first: string, second: unknown): string {
  return hash16(`${first}\n${JSON.stringify(second ?? null)}`);
}

/** The tag value: the syncId the resources were given, the source key (syncIdOf) and the destination digest. */
export const formatSyncRecord = (syncId: string, sourceKey: string, destinationDigest: string) => `${syncId}.${sourceKey}.${destinationDigest}`;

/** The tag value read back; undefined when absent or not of this shape. */
export function parseSyncRecord(value: string | null | undefined): { syncId: string; sourceKey: string; destinationDigest: string } | undefined {
  const m = /^([0-9a-f]{16})\.([0-9a-f]{16})\.([0-9a-f]{16})$/.exec(value ?? "");
  return m ? { syncId: m[1], sourceKey: m[2], destinationDigest: m[3] } : undefined;
}
