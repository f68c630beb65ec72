/**
 * Lifecycle of a Delta share on the source side (declared to the resource kit in handler.ts):
 * - missing share → `CREATE SHARE` carrying this stack's creation token in its COMMENT (the share has no
 *   tags: the token is its only marker), then each wanted table `ALTER SHARE … ADD TABLE … WITH HISTORY`;
 * - existing share: this stack's token → taken back (a crash left it); unmarked → adopted (never
 *   dropped); another stack's → refused before any write (markedContainer.ts createMarked);
 * - before a table is added to a share this stack did not create, its grants are read: another recipient
 *   holding it would read the added tables, so the add is refused (foreignRecipients.ts);
 * - a table already in the share is never added again (nor recorded as ours); only tables this stack
 *   added are listed in `addedTables`, and only those are removed when the share itself stays.
 * A failure after the share was created records partial state (createdByStack, the tables added so far),
 * so destroy removes exactly what this stack made and the next up finishes the work.
 * Delete: DROP SHARE when this stack created it and its token still names this stack (dropping a share
 * removes only the share, never the tables); otherwise the tables this stack added are removed from it.
 */
import { createShare, describeShare, dropShare, shareAddTable, shareRemoveTable, showAllInShare } from "../../sql/sharing";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { executeIdempotent } from "../idempotentWrite";
import { createMarked } from "../markedContainer";
import { refuseForeignRecipients, ShareGrantedElsewhereError } from "./foreignRecipients";
import { commentWithToken, creationTokenOwner, ownershipOf } from "../ownership";
import { PartialStateError } from "../partialState";
import type { ShareInputs, ShareOutputs } from "./inputs";

interface ShareRow {
  name: string;
  comment: string | null;
}

const keyOf = (t: { catalog: string; schema: string; table: string }) => `${t.catalog}.${t.schema}.${t.table}`.toLowerCase();

/** The share's DESCRIBE row, undefined when it does not exist. One statement. */
export async function findShare(wh: Warehouse, name: string): Promise<ShareRow | undefined> {
  try {
    return (await wh.execute(describeShare(name)))[0] as unknown as ShareRow | undefined;
  } catch (err) {
    if (hasErrorClass(err, "SHARE_NOT_FOUND", "SHARE_DOES_NOT_EXIST")) return undefined;
    throw err;
  }
}

/** `catalog.schema.table` of every table the share holds now (its provider-side names). */
async function tablesInShare(wh: Warehouse, name: string): Promise<Set<string>> {
  const rows = await wh.execute(showAllInShare(name));
  return new Set(rows.filter((r) => (r.type ?? "TABLE") === "TABLE").map((r) => String(r.shared_object).toLowerCase()));
}

/**
 * Adds the wanted tables the share lacks and removes those this stack added that are no longer wanted.
 * Returns the tables this stack has added, as they stand; a failure midway records partial state.
 */
async function syncTables(wh: Warehouse, held: ShareOutputs, inputs: ShareInputs): Promise<ShareOutputs> {
  const added = new Set(held.addedTables);
  const wanted = new Map(inputs.tables.map((t) => [keyOf(t), t]));
  const done: string[] = [];
  try {
    const present = await tablesInShare(wh, inputs.name);
    const toAdd = [...wanted.keys()].filter((key) => !present.has(key));
    if (!held.createdByStack && toAdd.length > 0) await refuseForeignRecipients(wh, inputs.name, inputs.recipientSharingIdentifier, toAdd);
    for (const [key, t] of wanted) {
      if (present.has(key)) continue;
      await executeIdempotent(wh, shareAddTable({ share: inputs.name, table: { catalog: t.catalog, schema: t.schema, name: t.table }, history: inputs.withHistory }));
      added.add(key);
      done.push(`added ${key}`);
    }
    for (const key of [...added]) {
      if (wanted.has(key)) continue;
      if (present.has(key)) {
        const [catalog, schema, name] = key.split(".");
        await executeIdempotent(wh, shareRemoveTable(inputs.name, { catalog, schema, name }));
      }
      added.delete(key);
      done.push(`removed ${key}`);
    }
  } catch (err) {
    // Refused before any write, on a share this stack did not create: there is no partial state to record.
    if (err instanceof ShareGrantedElsewhereError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialStateError(`Share ${inputs.name}: ${message}`, inputs.name, {
      ...held,
      addedTables: [...added].sort(),
      unfinished: true,
      lastAction: `unfinished: ${done.length} table change(s) applied before a failure; the next pulumi up finishes it`,
    });
  }
  const note = done.length > 0 ? done.join("; ") : "every table already shared";
  return { ...held, ...inputs, addedTables: [...added].sort(), unfinished: undefined, lastAction: `${held.lastAction}; ${note}` };
}

/** Creates (or adopts, or takes back) the share, then adds the tables it lacks. */
export async function createShareObject(wh: Warehouse, inputs: ShareInputs, addedBefore: string[] = []): Promise<ShareOutputs> {
  const held = await createMarked({
    label: "Share",
    id: inputs.name,
    inputs,
    wh,
    find: () => findShare(wh, inputs.name),
    ownership: async (row) => ({ marker: creationTokenOwner(row.comment), tagMissing: false }),
    drop: async () => void (await executeIdempotent(wh, dropShare(inputs.name))),
    create: createShare(inputs.name, { comment: commentWithToken(inputs.comment, inputs.owner), ifNotExists: false }),
    alreadyExists: ["SHARE_ALREADY_EXISTS"],
    creationMarker: "creation token",
    mark: async () => undefined,
  });
  return syncTables(wh, { ...held, addedTables: addedBefore }, inputs);
}

/** In-place changes: the table list (and finishing an unfinished create). */
export async function updateShare(wh: Warehouse, olds: ShareOutputs, news: ShareInputs): Promise<ShareOutputs> {
  if (olds.unfinished) return createShareObject(wh, news, olds.addedTables);
  // A new sync after a teardown dropped the share (shareTeardown): made again, as on the first run.
  if (news.syncId !== olds.syncId && !(await findShare(wh, news.name))) return createShareObject(wh, news);
  return syncTables(wh, { ...olds, lastAction: "unchanged" }, news);
}

/**
 * Refresh: a share gone from the workspace leaves state, unless a teardown removes it between syncs
 * (`syncId` set): then its absence is expected, and forgetting it would make the next up (with nothing to
 * sync) create it again and leave it mounted until the next sync.
 */
export async function readShare(wh: Warehouse, props: ShareOutputs): Promise<ShareOutputs | undefined> {
  if (props.syncId !== undefined) return props;
  return (await findShare(wh, props.name)) ? props : undefined;
}

/** Drops the share this stack created; from any other share, removes only the tables this stack added. */
export async function deleteShare(wh: Warehouse, props: ShareOutputs): Promise<string> {
  const row = await findShare(wh, props.name);
  if (!row) return `already gone: share ${props.name}`;
  const mine = ownershipOf(creationTokenOwner(row.comment), props.owner).kind === "this";
  if (props.createdByStack && mine) {
    await executeIdempotent(wh, dropShare(props.name));
    return `dropped share ${props.name}`;
  }
  const present = await tablesInShare(wh, props.name);
  const removed: string[] = [];
  for (const key of props.addedTables) {
    if (!present.has(key)) continue;
    const [catalog, schema, name] = key.split(".");
    await executeIdempotent(wh, shareRemoveTable(props.name, { catalog, schema, name }));
    removed.push(key);
  }
  const why = props.createdByStack ? "no longer carries this stack's creation token" : "existed before this stack";
  return `left in place: share ${props.name} ${why}${removed.length > 0 ? `; removed the tables this stack added: ${removed.join(", ")}` : ""}`;
}
