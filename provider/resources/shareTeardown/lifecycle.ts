/**
 * Lifecycle of the teardown after a cross-workspace deep-clone sync (declared in handler.ts). It runs
 * after every child of the deep clone (the component registers it with them as dependencies), and again
 * whenever `syncId` changes (a new sync). In order:
 * 1. the destination's copies are read (one information_schema statement, target side) and the sync
 *    record `<syncId>.<source key>.<digest>` is written as a tag on the destination catalog: the next program run
 *    compares it with what it discovers and re-shares only when something must be cloned again;
 * 2. the catalog over the share is dropped when this stack created it and its creation token still says
 *    so (a shared catalog holds no data: only the mount goes);
 * 3. the grant on the share is revoked when this stack issued it (the recipient always stays: it may be
 *    reused by others, and a created one is kept for the next sync);
 * 4. the share is dropped when this stack created it and its token still says so; from a share that
 *    existed before, only the tables this stack added are removed.
 * Every step tolerates an object already gone, so a failed teardown is simply run again (the next up).
 * Objects that pre-existed are never removed. Delete removes the sync record from the destination catalog
 * (when it is still there); the share, grant and catalog resources remove the rest.
 */
import { listTablesWithPolicies, type PolicyTableListingRow } from "../../sql/discovery";
import { lastAlteredIso } from "../../sql/lastAltered";
import { dropCatalog } from "../../sql/catalog";
import { revokeShareFromRecipient } from "../../sql/grants";
import { dropShare, shareRemoveTable, showAllInShare } from "../../sql/sharing";
import { setTags, unsetTags } from "../../sql/tags";
import { hasErrorClass, isCatalogNotFound, type Warehouse } from "../../warehouse/warehouse";
import { findCatalogRow } from "../catalog/lifecycle";
import { executeIdempotent } from "../idempotentWrite";
import { creationTokenOwner, ownershipOf } from "../ownership";
import { processRuntime } from "../runtime";
import { findShare } from "../share/lifecycle";
import { formatSyncRecord, SYNC_RECORD_TAG, tablesDigest } from "./syncRecord";
import type { ShareTeardownInputs, ShareTeardownOutputs } from "./inputs";

const GONE = ["SHARE_NOT_FOUND", "SHARE_DOES_NOT_EXIST", "RECIPIENT_NOT_FOUND", "RECIPIENT_DOES_NOT_EXIST"];

/** The digest of the destination's copies as they stand now (syncRecord.ts tablesDigest). */
async function destinationDigest(target: Warehouse, inputs: ShareTeardownInputs): Promise<string> {
  const rows = (await target.execute(listTablesWithPolicies(inputs.destinationCatalog))) as unknown as PolicyTableListingRow[];
  const tables = rows.map((r) => ({ schema: String(r.table_schema), name: String(r.table_name), lastAltered: lastAlteredIso(r.last_altered) }));
  return tablesDigest(tables, inputs.tables);
}

/** Drops the shared catalog when it is this stack's. */
async function dropSharedCatalog(target: Warehouse, inputs: ShareTeardownInputs): Promise<string> {
  const { name, createdByStack } = inputs.sharedCatalog;
  if (!createdByStack) return `left catalog ${name} (it existed before this stack)`;
  const row = await findCatalogRow(target, name);
  if (!row) return `catalog ${name} already gone`;
  if (ownershipOf(creationTokenOwner(row.comment), inputs.owner).kind !== "this") return `left catalog ${name} (no longer carries this stack's creation token)`;
  await executeIdempotent(target, dropCatalog(name, { cascade: false }));
  return `dropped shared catalog ${name}`;
}

/** Revokes the grant this stack issued (never touches the recipient). */
async function revokeGrant(source: Warehouse, inputs: ShareTeardownInputs): Promise<string> {
  const { recipient, grantedByStack } = inputs.grant;
  if (!grantedByStack) return `left the grant of ${inputs.share.name} to ${recipient} (not issued by this stack)`;
  try {
    await executeIdempotent(source, revokeShareFromRecipient(inputs.share.name, recipient));
    return `revoked SELECT on share ${inputs.share.name} from recipient ${recipient}`;
  } catch (err) {
    if (hasErrorClass(err, ...GONE)) return `grant of ${inputs.share.name} already gone`;
    throw err;
  }
}

/** Drops the share this stack created; from another share removes only the tables this stack added. */
async function dropOrEmptyShare(source: Warehouse, inputs: ShareTeardownInputs): Promise<string> {
  const { name, createdByStack, addedTables } = inputs.share;
  const row = await findShare(source, name);
  if (!row) return `share ${name} already gone`;
  if (createdByStack && ownershipOf(creationTokenOwner(row.comment), inputs.owner).kind === "this") {
    await executeIdempotent(source, dropShare(name));
    return `dropped share ${name}`;
  }
  const present = new Set((await source.execute(showAllInShare(name))).map((r) => String(r.shared_object).toLowerCase()));
  const removed: string[] = [];
  for (const key of addedTables) {
    if (!present.has(key)) continue;
    const [catalog, schema, table] = key.split(".");
    await executeIdempotent(source, shareRemoveTable(name, { catalog, schema, name: table }));
    removed.push(key);
  }
  return `left share ${name} (it existed before this stack)${removed.length > 0 ? `; removed the tables this stack added: ${removed.join(", ")}` : ""}`;
}

/** The teardown itself (create and update alike). */
export async function tearDown(target: Warehouse, inputs: ShareTeardownInputs): Promise<ShareTeardownOutputs> {
  const record = formatSyncRecord(inputs.syncId, inputs.sourceKey, await destinationDigest(target, inputs));
  await executeIdempotent(target, setTags({ kind: "CATALOG", catalog: inputs.destinationCatalog }, { [SYNC_RECORD_TAG]: record }));
  const source = await processRuntime().warehouseFor(inputs.sourceConnection);
  const done = [await dropSharedCatalog(target, inputs), await revokeGrant(source, inputs), await dropOrEmptyShare(source, inputs)];
  return { ...inputs, record, lastAction: `recorded sync ${record} on ${inputs.destinationCatalog}; ${done.join("; ")}` };
}

/** Removes the sync record from the destination catalog, when both are still there. */
export async function deleteTeardown(target: Warehouse, props: ShareTeardownOutputs): Promise<string> {
  try {
    await executeIdempotent(target, unsetTags({ kind: "CATALOG", catalog: props.destinationCatalog }, [SYNC_RECORD_TAG]));
    return `removed the sync record from ${props.destinationCatalog}`;
  } catch (err) {
    if (isCatalogNotFound(err)) return `catalog ${props.destinationCatalog} already gone`;
    throw err;
  }
}
