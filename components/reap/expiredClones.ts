/**
 * Which clones `pulumi-uc-clone-reap` may remove: catalogs carrying this tool's ownership tag
 * (`catalog_clone_owner` = `<project>/<stack>`) and an expiry tag (`catalog_clone_expires_at`) that has
 * passed. Pure, from the one listing query's rows. Fails closed: a catalog whose expiry tag cannot be
 * read, or whose owner tag is not `<project>/<stack>`, is never reaped, and is listed with the reason.
 */
import type { OwnedCatalogTagRow } from "../../provider/sql/ownedCatalogTags";
import { OWNER_TAG } from "../../provider/resources/ownership";
import { EXPIRY_TAG, parseTimestamp } from "../../provider/vocabulary/expiry";

/** A catalog this tool owns, with its expiry. */
export interface OwnedClone {
  catalog: string;
  /** The ownership marker, `<project>/<stack>`. */
  owner: string;
  project: string;
  stack: string;
  /** UTC ISO timestamp; undefined: the clone has no ttl. */
  expiresAt: string | undefined;
}

/** What the listing says about each owned catalog at `now`. */
export interface ExpiryListing {
  /** Owned, expiry passed (at or before `now`): to be removed. */
  expired: OwnedClone[];
  /** Owned, expiry still ahead, or no ttl. */
  notExpired: OwnedClone[];
  /** Catalogs tagged by this tool that are left alone whatever happens, with the reason. */
  unreadable: { catalog: string; reason: string }[];
}

/** Sorts the listed catalogs; `project` limits them to one Pulumi project's stacks. */
export function expiryListing(rows: readonly OwnedCatalogTagRow[], now: Date, project?: string): ExpiryListing {
  const byCatalog = new Map<string, { owner?: string; expiry?: string }>();
  for (const r of rows) {
    const entry = byCatalog.get(r.catalog_name) ?? {};
    if (r.tag_name === OWNER_TAG) entry.owner = r.tag_value;
    if (r.tag_name === EXPIRY_TAG) entry.expiry = r.tag_value;
    byCatalog.set(r.catalog_name, entry);
  }
  const out: ExpiryListing = { expired: [], notExpired: [], unreadable: [] };
  for (const [catalog, { owner, expiry }] of [...byCatalog].sort(([a], [b]) => a.localeCompare(b))) {
    // An expiry tag without our ownership tag is not ours (a catalog released by destroy, or a copy).
    if (owner === undefined) continue;
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(owner);
    if (!m) {
      if (expiry !== undefined) out.unreadable.push({ catalog, reason: `its ${OWNER_TAG} tag "${owner}" is not <project>/<stack>; not removed` });
      continue;
    }
    if (project !== undefined && m[1] !== project) continue;
    const clone: OwnedClone = { catalog, owner, project: m[1], stack: m[2], expiresAt: expiry };
    if (expiry === undefined) {
      out.notExpired.push(clone);
      continue;
    }
    let at: Date;
    try {
      at = parseTimestamp(expiry, `its ${EXPIRY_TAG} tag`);
    } catch (err) {
      out.unreadable.push({ catalog, reason: `${(err as Error).message} Not removed (an unreadable expiry never counts as passed).` });
      continue;
    }
    (at.getTime() <= now.getTime() ? out.expired : out.notExpired).push(clone);
  }
  return out;
}
