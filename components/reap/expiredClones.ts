/**
 * Which clones `pulumi-uc-clone-reap` may remove: catalogs carrying this tool's ownership tag
 * (`catalog_clone_owner` = `<project>/<stack>`) and an expiry tag (`catalog_clone_expires_at`) that has
 * passed. Pure, from the one listing query's rows. Both tags can be set by anyone allowed to APPLY TAG,
 * and removing a clone destroys its whole stack, so the tags alone are never enough. Fails closed: a
 * catalog is reaped only when its stack is a PR preview stack (`pr-<n>`, the platform program's own rule,
 * components/prStackName.ts) and the catalog is the one derived from that stack's name; anything else
 * carrying an expiry (a `qa` or `prod_dr` tagged by hand or given a ttl by mistake), an owner tag that is
 * not `<project>/<stack>`, or an expiry that cannot be read, is kept and listed with the reason.
 */
import type { OwnedCatalogTagRow } from "../../provider/sql/ownedCatalogTags";
import { OWNER_TAG } from "../../provider/resources/ownership";
import { EXPIRY_TAG, parseTimestamp } from "../../provider/vocabulary/expiry";
import { DEFAULT_PR_PREFIX, isPrStack, prDestinationCatalog } from "../prStackName";

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
  /** A PR stack's derived catalog whose expiry is still ahead, or without ttl. */
  notExpired: OwnedClone[];
  /** Catalogs carrying an expiry that are left alone whatever its value, with the reason. */
  kept: { catalog: string; reason: string }[];
}

/**
 * Sorts the listed catalogs; `project` limits them to one Pulumi project's stacks; `prefix` is the PR
 * preset's destinationPrefix (reap's `--pr-prefix`). A catalog owned by a stack that is not a PR stack
 * and carrying no expiry (every environment clone) is not listed at all.
 */
export function expiryListing(rows: readonly OwnedCatalogTagRow[], now: Date, project?: string, prefix: string = DEFAULT_PR_PREFIX): ExpiryListing {
  const byCatalog = new Map<string, { owner?: string; expiry?: string }>();
  for (const r of rows) {
    const entry = byCatalog.get(r.catalog_name) ?? {};
    if (r.tag_name === OWNER_TAG) entry.owner = r.tag_value;
    if (r.tag_name === EXPIRY_TAG) entry.expiry = r.tag_value;
    byCatalog.set(r.catalog_name, entry);
  }
  const out: ExpiryListing = { expired: [], notExpired: [], kept: [] };
  for (const [catalog, { owner, expiry }] of [...byCatalog].sort(([a], [b]) => a.localeCompare(b))) {
    // An expiry tag without our ownership tag is not ours (a catalog released by destroy, or a copy).
    if (owner === undefined) continue;
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(owner);
    if (!m) {
      if (expiry !== undefined) out.kept.push({ catalog, reason: `its ${OWNER_TAG} tag "${owner}" is not <project>/<stack>; not removed` });
      continue;
    }
    if (project !== undefined && m[1] !== project) continue;
    const clone: OwnedClone = { catalog, owner, project: m[1], stack: m[2], expiresAt: expiry };
    if (!isPrStack(clone.stack)) {
      if (expiry !== undefined) {
        out.kept.push({ catalog, reason: `its stack ${clone.stack} is not a PR preview stack (pr-<n>); reap removes only PR stacks' clones, whatever their ${EXPIRY_TAG} tag says` });
      }
      continue;
    }
    const derived = prDestinationCatalog(clone.stack, prefix);
    if (catalog !== derived) {
      if (expiry !== undefined) {
        out.kept.push({
          catalog,
          reason: `not the catalog derived from stack ${clone.stack} (${derived}); reap removes only a PR stack's derived catalog (--pr-prefix when the preset's destinationPrefix is not ${DEFAULT_PR_PREFIX})`,
        });
      }
      continue;
    }
    if (expiry === undefined) {
      out.notExpired.push(clone);
      continue;
    }
    let at: Date;
    try {
      at = parseTimestamp(expiry, `its ${EXPIRY_TAG} tag`);
    } catch (err) {
      out.kept.push({ catalog, reason: `${(err as Error).message} Not removed (an unreadable expiry never counts as passed).` });
      continue;
    }
    (at.getTime() <= now.getTime() ? out.expired : out.notExpired).push(clone);
  }
  return out;
}
