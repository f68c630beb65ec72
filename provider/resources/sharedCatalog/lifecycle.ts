/**
 * Lifecycle of the catalog over a Delta share in the target workspace (declared in handler.ts):
 * - the provider is found by the SOURCE metastore's sharing identifier (SHOW PROVIDERS, DESCRIBE PROVIDER),
 *   and must list the share; until it does (a grant takes about a minute to propagate on Databricks) the
 *   look-up is repeated with exponential backoff, bounded by `propagationTimeoutSeconds`;
 * - `CREATE CATALOG … USING SHARE provider.share` carries this stack's creation token in its COMMENT;
 *   an existing catalog of that name is taken back (this stack's token), adopted (unmarked; never
 *   dropped) or refused (another stack's), as for destination catalogs (markedContainer.ts createMarked).
 * Delete drops the catalog only when this stack created it and its token still says so. A shared catalog
 * holds no data of its own: dropping it removes only the consumer-side mount of the share.
 * GUESS: DESCRIBE PROVIDER names the provider's metastore `data_provider_global_metastore_id` (the field
 * of the Unity Catalog providers API; the engine mirrors it).
 */
import { createCatalog as createCatalogSql, dropCatalog } from "../../sql/catalog";
import { describeProvider, showProviders, showSharesInProvider } from "../../sql/sharing";
import type { Warehouse } from "../../warehouse/warehouse";
import { findCatalogRow } from "../catalog/lifecycle";
import { executeIdempotent } from "../idempotentWrite";
import { createMarked } from "../markedContainer";
import { commentWithToken, creationTokenOwner, outputsForExisting, ownershipOf } from "../ownership";
import { metastoreUuidOf } from "../recipient/lifecycle";
import type { SharedCatalogInputs, SharedCatalogOutputs } from "./inputs";

/** The provider (target-side name) whose metastore is `sharingIdentifier` and that lists `share`; undefined when not (yet) visible. */
export async function findProviderOf(wh: Warehouse, sharingIdentifier: string, share: string): Promise<string | undefined> {
  const source = metastoreUuidOf(sharingIdentifier);
  for (const row of await wh.execute(showProviders())) {
    const name = String(row.name);
    const described = await wh.execute(describeProvider(name));
    const id = described.find((r) => r.info_name === "data_provider_global_metastore_id")?.info_value;
    if (typeof id !== "string" || metastoreUuidOf(id) !== source) continue;
    const shares = (await wh.execute(showSharesInProvider(name))).map((r) => String(r.name).toLowerCase());
    return shares.includes(share.toLowerCase()) ? name : undefined;
  }
  return undefined;
}

/** Test seam: the pause between look-ups (the engine propagates at once; Databricks takes about a minute). */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** findProviderOf, repeated with exponential backoff (1 s, 2 s, 4 s, … at most 15 s apart) until the timeout. */
async function awaitProvider(wh: Warehouse, inputs: SharedCatalogInputs): Promise<string> {
  const deadline = Date.now() + inputs.propagationTimeoutSeconds * 1000;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 15_000)) {
    const found = await findProviderOf(wh, inputs.providerSharingIdentifier, inputs.share);
    if (found) return found;
    if (Date.now() + delay > deadline) {
      throw new Error(
        `[CATALOG_CLONE_SHARE_NOT_VISIBLE] Share ${inputs.share} of the metastore ${inputs.providerSharingIdentifier} is not visible in the target workspace ` +
          `after ${inputs.propagationTimeoutSeconds} s: no provider with that sharing identifier lists it. Check that the recipient for this ` +
          `workspace's metastore holds SELECT on the share, or raise propagationTimeoutSeconds.`,
      );
    }
    await pause(delay);
  }
}

/** Creates (or takes back, or adopts) the catalog over the share. */
export async function createSharedCatalog(wh: Warehouse, inputs: SharedCatalogInputs): Promise<SharedCatalogOutputs> {
  const existing = await findCatalogRow(wh, inputs.name);
  // An existing catalog is judged by its marker alone, before any wait for the provider.
  if (existing) return { ...inputs, ...outputsForExisting(creationTokenOwner(existing.comment), inputs.owner, "Catalog", inputs.name), provider: "" };
  const provider = await awaitProvider(wh, inputs);
  const held = await createMarked({
    label: "Catalog",
    id: inputs.name,
    inputs,
    wh,
    find: () => findCatalogRow(wh, inputs.name),
    ownership: async (row) => ({ marker: creationTokenOwner(row.comment), tagMissing: false }),
    drop: async () => void (await executeIdempotent(wh, dropCatalog(inputs.name, { cascade: false }))),
    create: createCatalogSql({
      name: inputs.name,
      ifNotExists: false,
      usingShare: { provider, share: inputs.share },
      comment: commentWithToken(inputs.comment, inputs.owner),
    }),
    alreadyExists: ["CATALOG_ALREADY_EXISTS", "SCHEMA_ALREADY_EXISTS"],
    creationMarker: "creation token",
    mark: async () => undefined,
  });
  return { ...held, provider };
}

/** Nothing is changed in place: another share or provider replaces the catalog; a stale unfinished create is redone. */
export async function updateSharedCatalog(wh: Warehouse, olds: SharedCatalogOutputs, news: SharedCatalogInputs): Promise<SharedCatalogOutputs> {
  if (olds.unfinished) return createSharedCatalog(wh, news);
  // A new sync after a teardown dropped the catalog (shareTeardown): mounted again, as on the first run.
  if (news.syncId !== olds.syncId && !(await findCatalogRow(wh, news.name))) return createSharedCatalog(wh, news);
  return { ...olds, ...news, lastAction: "unchanged" };
}

/** Refresh: a catalog gone from the target leaves state, unless a teardown removes it between syncs (`syncId` set; see share/lifecycle.ts readShare). */
export async function readSharedCatalog(wh: Warehouse, props: SharedCatalogOutputs): Promise<SharedCatalogOutputs | undefined> {
  if (props.syncId !== undefined) return props;
  return (await findCatalogRow(wh, props.name)) ? props : undefined;
}

/** Drops the catalog when this stack created it and its token still says so. */
export async function deleteSharedCatalog(wh: Warehouse, props: SharedCatalogOutputs): Promise<string> {
  if (!props.createdByStack) return `left in place: catalog ${props.name} was adopted, not created by this stack`;
  const row = await findCatalogRow(wh, props.name);
  if (!row) return `already gone: catalog ${props.name}`;
  if (ownershipOf(creationTokenOwner(row.comment), props.owner).kind !== "this") {
    return `left in place: catalog ${props.name} no longer carries this stack's creation token`;
  }
  await executeIdempotent(wh, dropCatalog(props.name, { cascade: false }));
  return `dropped shared catalog ${props.name}`;
}
