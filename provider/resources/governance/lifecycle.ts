/**
 * Lifecycle of the governance resource (declared to the resource kit in handler.ts): reads what the
 * destination securable holds (one statement per concern), then writes only the difference
 * (reconcile.ts). Every statement is idempotent (GRANT, REVOKE, SET/UNSET TAGS, COMMENT, OWNER TO), so
 * a lost answer is simply re-sent. A no-drift `up` never calls it: the kit's comparison of inputs with
 * outputs is statement-free, and refresh (read) is what shows drift.
 */
import {
  listColumnComments,
  listDirectGrants,
  listGovernedTags,
  listOwnersAndComments,
  type ColumnCommentRow,
  type DirectGrantRow,
  type GovernedRef,
  type GovernedTagRow,
  type OwnerCommentRow,
} from "../../sql/governanceListing";
import { isCatalogNotFound, isObjectNotFound, type Warehouse } from "../../warehouse/warehouse";
import { executeIdempotent } from "../idempotentWrite";
import { otherStackGovernance } from "./markerCheck";
import { canonicalGrants, countSteps, mergeBefore, observedManaged, reconcile, type Observed, type Step } from "./reconcile";
import type { GovernanceInputs, GovernanceOutputs, GovernanceState, GovernedSecurable, WriteCounts } from "./inputs";

const EMPTY_STATE: GovernanceState = { grants: {}, tags: {}, columns: {} };
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The display name of a securable, for messages. */
export function securableLabel(s: GovernedSecurable): string {
  return `${s.type.toLowerCase()} ${[s.catalog, s.schema, s.name].filter((x) => x !== undefined).join(".")}`;
}

function refOf(s: GovernedSecurable): GovernedRef {
  return { type: s.type, catalog: s.catalog, schema: s.schema, name: s.name };
}

/** What the destination holds for the securable; undefined when it (or its catalog) is gone. */
export async function observe(wh: Warehouse, s: GovernedSecurable): Promise<Observed | undefined> {
  const ref = refOf(s);
  let objects: OwnerCommentRow[];
  try {
    objects = (await wh.execute(listOwnersAndComments(s.catalog, ref))) as unknown as OwnerCommentRow[];
  } catch (err) {
    if (isCatalogNotFound(err) || isObjectNotFound(err)) return undefined;
    throw err;
  }
  if (objects.length === 0) return undefined;
  const grantRows = (await wh.execute(listDirectGrants(s.catalog, ref))) as unknown as DirectGrantRow[];
  const tagQuery = listGovernedTags(s.catalog, ref); // none for a function: functions carry no tags
  const tagRows = (tagQuery === undefined ? [] : await wh.execute(tagQuery)) as unknown as GovernedTagRow[];
  const commentRows =
    s.type === "TABLE" ? ((await wh.execute(listColumnComments(s.catalog, { schema: s.schema!, name: s.name! }))) as unknown as ColumnCommentRow[]) : [];

  const grants: Record<string, string[]> = {};
  for (const r of grantRows) (grants[String(r.grantee)] ??= []).push(String(r.privilege_type));
  const observed: Observed = { grants: canonicalGrants(grants), objectOwner: text(objects[0].owner), tags: {}, comment: text(objects[0].comment), columns: {} };
  const column = (c: string) => (observed.columns[c] ??= { tags: {}, comment: null });
  for (const r of tagRows) {
    if (r.column_name === null || r.column_name === undefined) observed.tags[String(r.tag_name)] = String(r.tag_value ?? "");
    else column(String(r.column_name)).tags[String(r.tag_name)] = String(r.tag_value ?? "");
  }
  for (const r of commentRows) column(String(r.column_name)).comment = text(r.comment);
  return observed;
}

async function run(wh: Warehouse, steps: readonly Step[]): Promise<void> {
  for (const step of steps) await executeIdempotent(wh, step.sql);
}

const desiredOf = (i: GovernanceInputs): GovernanceState => ({
  grants: i.grants,
  ...(i.objectOwner !== undefined ? { objectOwner: i.objectOwner } : {}),
  tags: i.tags,
  ...(i.comment !== undefined ? { comment: i.comment } : {}),
  columns: i.columns,
});

function describe(c: WriteCounts): string {
  const parts = Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return parts.length === 0 ? "already as wanted: nothing written" : `replayed (${parts.join(", ")} statements)`;
}

/** Brings the securable to `news` from what it holds; `olds` is the recorded outputs (undefined on create). */
async function apply(wh: Warehouse, news: GovernanceInputs, olds: GovernanceOutputs | undefined): Promise<GovernanceOutputs> {
  const desired = desiredOf(news);
  const previous = olds?.wanted ?? EMPTY_STATE;
  const now = await observe(wh, news.securable);
  const none: WriteCounts = { grants: 0, revokes: 0, owners: 0, tags: 0, comments: 0 };
  if (now === undefined) {
    // The object is not there (its clone failed, or it was dropped): nothing to write. The outputs show
    // nothing managed, so the next `up` sees the difference and replays once the object exists.
    return {
      ...news,
      ...EMPTY_STATE,
      wanted: previous,
      before: olds?.before,
      written: none,
      lastAction: `${securableLabel(news.securable)} not found: nothing replayed yet`,
    };
  }
  const before = mergeBefore(olds?.before, desired, previous, now);
  const steps = reconcile(news.securable, desired, previous, before, now, "ownerLast");
  if (steps.length > 0) {
    const taken = await otherStackGovernance(wh, news.securable, news.owner, securableLabel(news.securable).split(" ")[1]);
    if (taken) throw taken;
  }
  await run(wh, steps);
  const written = countSteps(steps);
  return { ...news, wanted: desired, before, written, lastAction: describe(written) };
}

export async function createGovernance(wh: Warehouse, inputs: GovernanceInputs): Promise<GovernanceOutputs> {
  return apply(wh, inputs, undefined);
}

export async function updateGovernance(wh: Warehouse, olds: GovernanceOutputs, news: GovernanceInputs): Promise<GovernanceOutputs> {
  return apply(wh, news, olds);
}

/** Refresh: the managed keys as the destination shows them (drift reads as a difference from the inputs); gone → forgotten. */
export async function readGovernance(wh: Warehouse, props: GovernanceOutputs): Promise<GovernanceOutputs | undefined> {
  const now = await observe(wh, props.securable);
  if (now === undefined) return undefined;
  return { ...props, ...EMPTY_STATE, objectOwner: undefined, comment: undefined, ...observedManaged(props.wanted, now) };
}

/** Destroy: the owner restored first, then what this stack granted revoked and its tags and comments put back. */
export async function deleteGovernance(wh: Warehouse, props: GovernanceOutputs): Promise<string> {
  const label = securableLabel(props.securable);
  const now = await observe(wh, props.securable);
  if (now === undefined) return `governance of ${label}: the object is gone, nothing to restore`;
  if (!props.before) return `governance of ${label}: nothing was replayed, nothing to restore`;
  const steps = reconcile(props.securable, EMPTY_STATE, props.wanted, props.before, now, "ownerFirst");
  await run(wh, steps);
  const c = countSteps(steps);
  return `governance of ${label}: restored (${c.owners} owner, ${c.revokes} revoke, ${c.tags} tag, ${c.comments} comment statements)`;
}
