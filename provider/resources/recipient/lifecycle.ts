/**
 * Lifecycle of the recipient standing for the target metastore (declared to the resource kit in handler.ts):
 * - a recipient whose sharing identifier is the target metastore's already exists → REUSED, whoever made
 *   it (Databricks allows one recipient per metastore, and a duplicate would split the grants): never
 *   dropped, unless its COMMENT carries this stack's creation token (an interrupted run of this stack);
 * - none exists → `CREATE RECIPIENT … USING ID` carrying the creation token; this stack owns it;
 * - each wanted share gets `GRANT SELECT ON SHARE … TO RECIPIENT` only when the grant is missing; only
 *   grants this stack issued are recorded (and revoked on delete).
 * A lost answer of CREATE RECIPIENT (or "already exists") is resolved by looking the recipient up again.
 * A failure after the recipient was created or a grant issued records partial state, so destroy removes
 * exactly what this stack made. Delete revokes this stack's grants, then drops the recipient only when
 * this stack created it, its token still says so and no other share is granted to it any more.
 * GUESS (reference §5): Databricks refuses a second recipient for the same sharing identifier; reuse is
 * right either way. GUESS: DESCRIBE RECIPIENT reports the identifier's uuid as `metastore_id` (the
 * documented example's field names; the engine mirrors them).
 */
import { createRecipient, describeRecipient, dropRecipient, showGrantsOnShare, showGrantsToRecipient, showRecipients } from "../../sql/sharing";
import { grantShareToRecipient, revokeShareFromRecipient } from "../../sql/grants";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { executeIdempotent, mayHaveRun } from "../idempotentWrite";
import { commentWithToken, creationTokenOwner, ownershipOf } from "../ownership";
import { PartialStateError } from "../partialState";
import type { RecipientInputs, RecipientOutputs } from "./inputs";

interface FoundRecipient {
  name: string;
  comment: string | null;
}

/** The metastore uuid of a sharing identifier (`<cloud>:<region>:<uuid>` or a bare uuid), lower case. */
export function metastoreUuidOf(sharingIdentifier: string): string {
  const parts = sharingIdentifier.trim().split(":");
  return parts[parts.length - 1].toLowerCase();
}

const info = (rows: Record<string, unknown>[], key: string) => rows.find((r) => r.info_name === key)?.info_value as string | null | undefined;

/**
 * The recipient whose sharing identifier names the target metastore, undefined when none: SHOW RECIPIENTS,
 * then DESCRIBE RECIPIENT of each (the identifier is only in DESCRIBE), the preferred name first.
 */
export async function findRecipientFor(wh: Warehouse, sharingIdentifier: string, preferred: string): Promise<FoundRecipient | undefined> {
  const target = metastoreUuidOf(sharingIdentifier);
  const rows = await wh.execute(showRecipients());
  const names = rows.map((r) => String(r.name)).sort((a, b) => Number(b === preferred) - Number(a === preferred));
  for (const name of names) {
    let described: Record<string, unknown>[];
    try {
      described = await wh.execute(describeRecipient(name));
    } catch (err) {
      if (hasErrorClass(err, "RECIPIENT_NOT_FOUND", "RECIPIENT_DOES_NOT_EXIST")) continue; // dropped meanwhile
      throw err;
    }
    const metastore = info(described, "metastore_id");
    if (metastore && metastoreUuidOf(metastore) === target) return { name, comment: info(described, "comment") ?? null };
  }
  return undefined;
}

/** Whether this stack's creation token is on the recipient. */
const ours = (r: FoundRecipient, owner: string) => ownershipOf(creationTokenOwner(r.comment), owner).kind === "this";

/** The recipient for the target metastore: reused when one exists, created (and owned) otherwise. */
async function ensureRecipient(wh: Warehouse, inputs: RecipientInputs): Promise<{ found: FoundRecipient; created: boolean }> {
  const existing = await findRecipientFor(wh, inputs.sharingIdentifier, inputs.name);
  if (existing) return { found: existing, created: false };
  const create = createRecipient({
    name: inputs.name,
    sharingIdentifier: inputs.sharingIdentifier,
    comment: commentWithToken("Delta Sharing recipient for a cross-workspace clone", inputs.owner),
    ifNotExists: false,
  });
  try {
    await wh.execute(create);
    return { found: { name: inputs.name, comment: commentWithToken(undefined, inputs.owner) }, created: true };
  } catch (err) {
    // Lost answer, or another run created it meanwhile: the recipient (and its token) says what happened.
    if (!mayHaveRun(err) && !hasErrorClass(err, "RECIPIENT_ALREADY_EXISTS")) throw err;
    const found = await findRecipientFor(wh, inputs.sharingIdentifier, inputs.name);
    if (!found) throw err;
    return { found, created: false };
  }
}

/** Grants the wanted shares the recipient lacks, revokes this stack's grants no longer wanted; partial state on failure. */
async function syncGrants(wh: Warehouse, held: RecipientOutputs, inputs: RecipientInputs): Promise<RecipientOutputs> {
  const granted = new Set(held.grantedShares);
  const done: string[] = [];
  try {
    for (const share of inputs.shares) {
      const holders = (await wh.execute(showGrantsOnShare(share))).map((r) => String(r.recipient).toLowerCase());
      if (holders.includes(held.recipient.toLowerCase())) continue;
      await executeIdempotent(wh, grantShareToRecipient(share, held.recipient));
      granted.add(share);
      done.push(`granted SELECT on share ${share}`);
    }
    for (const share of [...granted]) {
      if (inputs.shares.includes(share)) continue;
      await revokeIfPresent(wh, share, held.recipient);
      granted.delete(share);
      done.push(`revoked SELECT on share ${share}`);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PartialStateError(`Recipient ${held.recipient}: ${message}`, held.recipient, {
      ...held,
      grantedShares: [...granted].sort(),
      unfinished: true,
      lastAction: `unfinished: ${done.join("; ") || "no grant issued"} before a failure; the next pulumi up finishes it`,
    });
  }
  const note = done.length > 0 ? done.join("; ") : "every grant already in place";
  return { ...held, ...inputs, grantedShares: [...granted].sort(), unfinished: undefined, lastAction: `${held.lastAction}; ${note}` };
}

/** REVOKE, tolerating a share or recipient that is gone (then so is the grant). */
async function revokeIfPresent(wh: Warehouse, share: string, recipient: string): Promise<boolean> {
  try {
    await executeIdempotent(wh, revokeShareFromRecipient(share, recipient));
    return true;
  } catch (err) {
    if (hasErrorClass(err, "SHARE_NOT_FOUND", "RECIPIENT_NOT_FOUND", "SHARE_DOES_NOT_EXIST", "RECIPIENT_DOES_NOT_EXIST")) return false;
    throw err;
  }
}

/** Finds (reuses) or creates the recipient, then grants the shares it lacks. */
export async function createRecipientObject(wh: Warehouse, inputs: RecipientInputs, grantedBefore: string[] = []): Promise<RecipientOutputs> {
  const { found, created } = await ensureRecipient(wh, inputs);
  const mine = created || ours(found, inputs.owner);
  const held: RecipientOutputs = {
    ...inputs,
    recipient: found.name,
    adopted: !mine,
    createdByStack: mine,
    grantedShares: grantedBefore,
    lastAction: created
      ? `created recipient ${found.name}`
      : mine
        ? `found this stack's recipient ${found.name} (resumed after an interrupted run)`
        : `reused existing recipient ${found.name} (its sharing identifier is the target metastore's); it will never be dropped by this stack`,
  };
  return syncGrants(wh, held, inputs);
}

/** In-place changes: the granted shares (and finishing an unfinished create). */
export async function updateRecipient(wh: Warehouse, olds: RecipientOutputs, news: RecipientInputs): Promise<RecipientOutputs> {
  if (olds.unfinished) return createRecipientObject(wh, news, olds.grantedShares);
  return syncGrants(wh, { ...olds, lastAction: "unchanged" }, news);
}

/** Refresh: the recipient used is gone → the resource leaves state. */
export async function readRecipient(wh: Warehouse, props: RecipientOutputs): Promise<RecipientOutputs | undefined> {
  try {
    await wh.execute(describeRecipient(props.recipient));
    return props;
  } catch (err) {
    if (hasErrorClass(err, "RECIPIENT_NOT_FOUND", "RECIPIENT_DOES_NOT_EXIST")) return undefined;
    throw err;
  }
}

/** Revokes this stack's grants; drops the recipient only when this stack created it and nothing else is granted to it. */
export async function deleteRecipient(wh: Warehouse, props: RecipientOutputs): Promise<string> {
  let described: Record<string, unknown>[];
  try {
    described = await wh.execute(describeRecipient(props.recipient));
  } catch (err) {
    if (hasErrorClass(err, "RECIPIENT_NOT_FOUND", "RECIPIENT_DOES_NOT_EXIST")) return `already gone: recipient ${props.recipient}`;
    throw err;
  }
  const revoked: string[] = [];
  for (const share of props.grantedShares) if (await revokeIfPresent(wh, share, props.recipient)) revoked.push(share);
  const said = revoked.length > 0 ? `revoked SELECT on ${revoked.join(", ")} from recipient ${props.recipient}` : `no grant of this stack left on recipient ${props.recipient}`;
  const found = { name: props.recipient, comment: info(described, "comment") ?? null };
  if (!props.createdByStack) return `${said}; left in place: recipient ${props.recipient} existed before this stack (reused)`;
  if (!ours(found, props.owner)) return `${said}; left in place: recipient ${props.recipient} no longer carries this stack's creation token`;
  const others = (await wh.execute(showGrantsToRecipient(props.recipient))).map((r) => String(r.share));
  if (others.length > 0) return `${said}; left in place: recipient ${props.recipient} still holds shares this stack did not grant: ${others.join(", ")}`;
  await executeIdempotent(wh, dropRecipient(props.recipient));
  return `${said}; dropped recipient ${props.recipient}`;
}
