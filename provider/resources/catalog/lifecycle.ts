/**
 * Lifecycle of the destination catalog (declared to the resource kit in handler.ts). Ownership rules (DESIGN §4.2):
 * - missing catalog → CREATE carrying this stack's creation token in its COMMENT, then SET TAGS (the
 *   marker); a failed marking drops the new, empty catalog again (atomic; RESTRICT, never CASCADE);
 * - existing, unmarked → ADOPTED: no write at all, never dropped;
 * - existing, marked by this stack (a crash left it) → taken back idempotently; with only the creation
 *   token (the tag write was lost or never ran) → ours: the marking is finished (ownership.ts);
 * - existing, marked by another stack (tag or token) → refused before any write, naming that stack.
 * A lost response of CREATE CATALOG (or a re-send answered CATALOG_ALREADY_EXISTS) is resolved by
 * looking at the catalog: the token says whether our statement created it.
 * Delete drops only a catalog this stack created whose marker still names this stack, and only when it
 * is empty (containerRemoval.ts); otherwise it stays, unmarked, and the destroy output says why.
 */
import { createCatalog as createCatalogSql, dropCatalog } from "../../sql/catalog";
import { commentOn } from "../../sql/comments";
import { listContainerContents, type ContainerContentRow } from "../../sql/containerContents";
import { findCatalog, listTags, type CatalogListingRow, type TagListingRow } from "../../sql/discovery";
import { setTags, unsetTags } from "../../sql/tags";
import type { Warehouse } from "../../warehouse/warehouse";
import { currentTime, expiryOf, expiryToRecord, EXPIRY_TAG } from "../../vocabulary/expiry";
import { executeIdempotent } from "../idempotentWrite";
import { createMarked, deleteMarked, type LocatedContainer } from "../markedContainer";
import {
  OWNER_TAG,
  commentWithToken,
  commentWithoutToken,
  creationTokenOwner,
  effectiveMarker,
} from "../ownership";
import type { CatalogInputs, CatalogOutputs } from "./inputs";

/** The catalog's row in the metastore (name, owner, comment), undefined when it does not exist. One statement. */
export async function findCatalogRow(wh: Warehouse, name: string): Promise<CatalogListingRow | undefined> {
  return (await wh.execute(findCatalog(name)))[0] as unknown as CatalogListingRow | undefined;
}

/** Does the catalog exist? (one statement) */
export async function catalogExists(wh: Warehouse, name: string): Promise<boolean> {
  return (await findCatalogRow(wh, name)) !== undefined;
}

/** The catalog's ownership marker tag, undefined when absent. */
export async function catalogMarker(wh: Warehouse, name: string): Promise<string | undefined> {
  const rows = (await wh.execute(listTags(name, "catalog"))) as unknown as TagListingRow[];
  return rows.find((r) => r.tag_name === OWNER_TAG)?.tag_value;
}

/** Who owns an existing catalog: its tag, else the creation token in its comment (ownership.ts). */
async function catalogOwnership(wh: Warehouse, row: CatalogListingRow) {
  return effectiveMarker(await catalogMarker(wh, row.catalog_name), creationTokenOwner(row.comment));
}

/** Writes this stack's marker tag (plus the extra tags and the expiry); idempotent, so a lost answer is simply re-sent. */
async function markCatalog(wh: Warehouse, inputs: CatalogInputs, expiresAt: string | undefined): Promise<void> {
  const expiry: Record<string, string> = expiresAt !== undefined ? { [EXPIRY_TAG]: expiresAt } : {};
  await executeIdempotent(wh, setTags({ kind: "CATALOG", catalog: inputs.name }, { ...(inputs.properties ?? {}), ...expiry, [OWNER_TAG]: inputs.owner }));
}

/** How the catalog `name` is found (its metastore row), who owns it, and how it is dropped (RESTRICT). */
function locatedCatalog(wh: Warehouse, name: string): LocatedContainer<CatalogListingRow> {
  return {
    find: () => findCatalogRow(wh, name),
    ownership: (row) => catalogOwnership(wh, row),
    drop: async () => void (await executeIdempotent(wh, dropCatalog(name, { cascade: false }))),
  };
}

/** Creates (or adopts) the destination catalog (markedContainer.ts); a ttl's expiry starts now. */
export async function createCatalog(wh: Warehouse, inputs: CatalogInputs): Promise<CatalogOutputs> {
  const expiresAt = inputs.ttl !== undefined ? expiryOf(inputs.ttl, currentTime()) : undefined;
  const outs = await createMarked({
    ...locatedCatalog(wh, inputs.name),
    label: "Catalog",
    id: inputs.name,
    inputs,
    wh,
    create: createCatalogSql({
      name: inputs.name,
      ifNotExists: false,
      managedLocation: inputs.managedLocation,
      // The creation token makes this statement's catalog recognisable as ours before it is tagged.
      comment: commentWithToken(inputs.comment, inputs.owner),
    }),
    alreadyExists: ["CATALOG_ALREADY_EXISTS", "SCHEMA_ALREADY_EXISTS"],
    creationMarker: "creation token",
    mark: () => markCatalog(wh, inputs, expiresAt),
  });
  // An adopted catalog is never written: it carries no expiry of ours.
  return outs.createdByStack ? { ...outs, expiresAt } : outs;
}

/**
 * Whether an up must write the expiry tag although no input changed: the recorded expiry has less than
 * half of its ttl left (expiryToRecord). Only a catalog this stack created carries one.
 */
export function expiryDue(olds: CatalogOutputs, news: CatalogInputs, now: Date): boolean {
  return olds.createdByStack && expiryToRecord(news.ttl, olds, now) !== olds.expiresAt;
}

/**
 * Removes this stack's markers from a catalog it leaves in place: the tags (ownership and expiry: a
 * catalog that is no longer this tool's must not be offered to reap), and the creation token of its comment.
 */
async function unmarkCatalog(wh: Warehouse, name: string, comment: string | null): Promise<void> {
  await executeIdempotent(wh, unsetTags({ kind: "CATALOG", catalog: name }, [OWNER_TAG, EXPIRY_TAG]));
  if (creationTokenOwner(comment) !== undefined) {
    await executeIdempotent(wh, commentOn({ kind: "CATALOG", catalog: name }, commentWithoutToken(comment)));
  }
}

/** Drops the catalog when this stack created it, still marks it and it is empty; otherwise keeps it, unmarked (markedContainer.ts). */
export async function deleteCatalog(wh: Warehouse, props: CatalogOutputs): Promise<string> {
  return deleteMarked({
    ...locatedCatalog(wh, props.name),
    what: `catalog ${props.name}`,
    props,
    notCreated: "was adopted, not created by this stack",
    contents: async () => (await wh.execute(listContainerContents(props.name))) as unknown as ContainerContentRow[],
    unmark: (row) => unmarkCatalog(wh, props.name, row.comment),
  });
}

/** Refresh: gone catalogs disappear from state; otherwise the recorded outputs stand. */
export async function readCatalog(wh: Warehouse, props: CatalogOutputs): Promise<CatalogOutputs | undefined> {
  return (await catalogExists(wh, props.name)) ? props : undefined;
}

/** Applies in-place changes. Only a catalog this stack owns is ever written. */
export async function updateCatalog(wh: Warehouse, olds: CatalogOutputs, news: CatalogInputs): Promise<CatalogOutputs> {
  // Partial state of a creation that was not confirmed: run the create logic again (it finds the
  // catalog and its token, or creates it).
  if (olds.unfinished) return createCatalog(wh, news);
  const outs: CatalogOutputs = { ...news, adopted: olds.adopted, createdByStack: olds.createdByStack, lastAction: "unchanged" };
  if (!olds.createdByStack) return { ...outs, lastAction: "adopted catalog: nothing is written to it" };
  const expiresAt = expiryToRecord(news.ttl, olds, currentTime());
  outs.expiresAt = expiresAt;
  const done: string[] = [];
  if ((olds.comment ?? null) !== (news.comment ?? null) || olds.owner !== news.owner) {
    // The comment keeps the creation token (ownership.ts) while this stack owns the catalog.
    await executeIdempotent(wh, commentOn({ kind: "CATALOG", catalog: news.name }, commentWithToken(news.comment, news.owner)));
    done.push("comment updated");
  }
  if (olds.owner !== news.owner || JSON.stringify(olds.properties ?? {}) !== JSON.stringify(news.properties ?? {}) || olds.expiresAt !== expiresAt) {
    // A ttl removed: its tag goes too, or reap would still take the catalog for expired.
    if (olds.expiresAt !== undefined && expiresAt === undefined) await executeIdempotent(wh, unsetTags({ kind: "CATALOG", catalog: news.name }, [EXPIRY_TAG]));
    await markCatalog(wh, news, expiresAt);
    done.push(olds.expiresAt !== expiresAt ? `tags updated (expires ${expiresAt ?? "never"})` : "tags updated");
  }
  if ((olds.managedLocation ?? null) !== (news.managedLocation ?? null)) {
    done.push("managedLocation only applies when the catalog is created; the existing catalog keeps its location");
  }
  return { ...outs, lastAction: done.length > 0 ? done.join("; ") : "unchanged" };
}
