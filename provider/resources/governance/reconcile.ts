/**
 * The statements that bring one securable's managed governance from what the destination holds now to
 * what is wanted. Pure. One function serves create/update (`ownerLast`) and destroy (the wanted state
 * empty, `ownerFirst`), so the rules are written once:
 *
 * - grants: a wanted grant missing now is granted; a grant this stack replayed earlier and no longer
 *   wants is revoked, unless it was there before this stack (`before`); grants nobody asked this stack
 *   for (someone else's, in the destination) are never revoked;
 * - tags and comments: a wanted value that differs is set; a key this stack managed and no longer
 *   wants goes back to its value before (or is unset when it had none), only if it still holds what
 *   this stack wrote;
 * - owner: on create/update the owner is set LAST, after every other statement on the object, because
 *   giving the object away may take from the stack's principal the right to grant, tag or comment it
 *   (Unity Catalog: only the owner, a MANAGE holder or an admin may). On destroy it is restored FIRST,
 *   for the same reason (the restored owner is the stack's principal, which then revokes the rest).
 */
import { grant, normalizePrivilege, revoke } from "../../sql/grants";
import { setColumnTags, setTags, unsetColumnTags, unsetTags } from "../../sql/tags";
import { commentOn, commentOnColumnOrNull } from "../../sql/comments";
import { setOwner } from "../../sql/ownership";
import type { Securable } from "../../sql/securable";
import type { Before, GovernanceState, GovernedSecurable, GrantMap, TagMap, WriteCounts } from "./inputs";

/** The managed aspects of a securable as read from the destination. */
export interface Observed {
  grants: GrantMap;
  objectOwner: string | null;
  tags: TagMap;
  comment: string | null;
  columns: Record<string, { tags: TagMap; comment: string | null }>;
}

export interface Step {
  sql: string;
  kind: keyof WriteCounts;
}

/** The securable as the SQL builders take it. */
export function securableOf(s: GovernedSecurable): Securable & { kind: "CATALOG" | "SCHEMA" | "TABLE" | "VIEW" | "VOLUME" | "FUNCTION" } {
  if (s.type === "CATALOG") return { kind: "CATALOG", catalog: s.catalog };
  if (s.type === "SCHEMA") return { kind: "SCHEMA", catalog: s.catalog, schema: s.schema! };
  return { kind: s.type, catalog: s.catalog, schema: s.schema!, name: s.name! };
}

/** Principals and privileges sorted, privileges in SQL spelling, empty entries dropped: one spelling per grant set. */
export function canonicalGrants(grants: GrantMap): GrantMap {
  const out: GrantMap = {};
  for (const p of Object.keys(grants).sort()) {
    const privs = [...new Set(grants[p].map(normalizePrivilege))].sort();
    if (privs.length > 0) out[p] = privs;
  }
  return out;
}

/** Tags sorted by key. */
export function canonicalTags(tags: TagMap): TagMap {
  return Object.fromEntries(Object.keys(tags).sort().map((k) => [k, tags[k]]));
}

const has = (g: GrantMap, p: string, priv: string) => (g[p] ?? []).includes(priv);
const pairs = (g: GrantMap): [string, string][] => Object.entries(g).flatMap(([p, privs]) => privs.map((x): [string, string] => [p, x]));

/** GRANT/REVOKE statements grouped per principal. */
function grantSteps(on: Securable, desired: GrantMap, previous: GrantMap, before: GrantMap, now: GrantMap): Step[] {
  const toGrant: GrantMap = {};
  const toRevoke: GrantMap = {};
  for (const [p, priv] of pairs(desired)) if (!has(now, p, priv)) (toGrant[p] ??= []).push(priv);
  for (const [p, priv] of pairs(previous)) {
    if (!has(desired, p, priv) && !has(before, p, priv) && has(now, p, priv)) (toRevoke[p] ??= []).push(priv);
  }
  return [
    ...Object.entries(toGrant).map(([p, privs]) => ({ sql: grant(privs, on, p), kind: "grants" as const })),
    ...Object.entries(toRevoke).map(([p, privs]) => ({ sql: revoke(privs, on, p), kind: "revokes" as const })),
  ];
}

/** Tags to set and keys to unset so the managed keys read as wanted (or as before, for keys no longer wanted). */
function tagChanges(desired: TagMap, previous: TagMap, before: TagMap, now: TagMap): { set: TagMap; unset: string[] } {
  const set: TagMap = {};
  const unset: string[] = [];
  for (const [k, v] of Object.entries(desired)) if (now[k] !== v) set[k] = v;
  for (const [k, v] of Object.entries(previous)) {
    if (k in desired || now[k] !== v) continue; // still wanted, or someone changed it since: theirs now
    if (k in before) {
      if (before[k] !== v) set[k] = before[k];
    } else unset.push(k);
  }
  return { set, unset };
}

/** The comment to write (undefined: none), same rules as a tag key. */
function commentChange(desired: string | undefined, previous: string | undefined, before: string | null | undefined, now: string | null): string | null | undefined {
  if (desired !== undefined) return now === desired ? undefined : desired;
  if (previous !== undefined && now === previous) {
    const back = before ?? null;
    return back === now ? undefined : back;
  }
  return undefined;
}

const EMPTY_COLUMN = { tags: {} as TagMap, comment: undefined as string | undefined };

/**
 * The statements from `now` to `desired`. `previous`: what this stack wanted last time (empty on
 * create); `before`: the destination before this stack (keys it manages). Destroy passes an empty
 * `desired` and `ownerFirst`.
 */
export function reconcile(
  s: GovernedSecurable,
  desired: GovernanceState,
  previous: GovernanceState,
  before: Before,
  now: Observed,
  order: "ownerLast" | "ownerFirst",
): Step[] {
  const on = securableOf(s);
  const steps: Step[] = [];

  const t = tagChanges(desired.tags, previous.tags, before.tags, now.tags);
  if (Object.keys(t.set).length > 0) steps.push({ sql: setTags(on, t.set), kind: "tags" });
  if (t.unset.length > 0) steps.push({ sql: unsetTags(on, t.unset), kind: "tags" });

  const comment = commentChange(desired.comment, previous.comment, before.comment, now.comment);
  if (comment !== undefined) steps.push({ sql: commentOn(on, comment), kind: "comments" });

  if (on.kind === "TABLE") {
    const columns = new Set([...Object.keys(desired.columns), ...Object.keys(previous.columns)]);
    for (const c of [...columns].sort()) {
      const want = desired.columns[c] ?? EMPTY_COLUMN;
      const had = previous.columns[c] ?? EMPTY_COLUMN;
      const was = before.columns[c] ?? { tags: {}, comment: null };
      const is = now.columns[c] ?? { tags: {}, comment: null };
      const ct = tagChanges(want.tags ?? {}, had.tags ?? {}, was.tags, is.tags);
      if (Object.keys(ct.set).length > 0) steps.push({ sql: setColumnTags(on, c, ct.set), kind: "tags" });
      if (ct.unset.length > 0) steps.push({ sql: unsetColumnTags(on, c, ct.unset), kind: "tags" });
      const cc = commentChange(want.comment, had.comment, was.comment, is.comment);
      if (cc !== undefined) steps.push({ sql: commentOnColumnOrNull(on, c, cc), kind: "comments" });
    }
  }

  steps.push(...grantSteps(on, desired.grants, previous.grants, before.grants, now.grants));

  let ownerTo: string | undefined;
  if (desired.objectOwner !== undefined) {
    if (now.objectOwner !== desired.objectOwner) ownerTo = desired.objectOwner;
  } else if (previous.objectOwner !== undefined && now.objectOwner === previous.objectOwner && before.objectOwner && before.objectOwner !== now.objectOwner) {
    ownerTo = before.objectOwner;
  }
  if (ownerTo !== undefined) {
    const step = { sql: setOwner(on, ownerTo), kind: "owners" as const };
    if (order === "ownerLast") steps.push(step);
    else steps.unshift(step);
  }
  return steps;
}

/**
 * `before` for the keys `desired` manages: what was recorded, plus what `now` shows for keys managed for
 * the first time (a wanted grant already there counts as someone else's: never revoked).
 */
export function mergeBefore(recorded: Before | undefined, desired: GovernanceState, previous: GovernanceState, now: Observed): Before {
  const b: Before = recorded
    ? structuredClone(recorded)
    : { grants: structuredClone(now.grants), objectOwner: now.objectOwner, tags: {}, columns: {} };
  if (recorded) {
    for (const [p, priv] of pairs(desired.grants)) {
      if (!has(previous.grants, p, priv) && has(now.grants, p, priv) && !has(b.grants, p, priv)) (b.grants[p] ??= []).push(priv);
    }
    if (previous.objectOwner === undefined && desired.objectOwner !== undefined) b.objectOwner = now.objectOwner;
  }
  for (const k of Object.keys(desired.tags)) if (!(k in previous.tags) && !(k in b.tags) && k in now.tags) b.tags[k] = now.tags[k];
  if (desired.comment !== undefined && previous.comment === undefined && b.comment === undefined) b.comment = now.comment;
  for (const [c, want] of Object.entries(desired.columns)) {
    const had = previous.columns[c] ?? EMPTY_COLUMN;
    const is = now.columns[c] ?? { tags: {}, comment: null };
    const col = (b.columns[c] ??= { tags: {} });
    for (const k of Object.keys(want.tags ?? {})) if (!(k in (had.tags ?? {})) && !(k in col.tags) && k in is.tags) col.tags[k] = is.tags[k];
    if (want.comment !== undefined && had.comment === undefined && col.comment === undefined) col.comment = is.comment;
  }
  b.grants = canonicalGrants(b.grants);
  return b;
}

/**
 * The managed keys as the destination shows them (refresh): only what `desired` manages, so a grant
 * someone revoked, a tag someone changed or an owner someone moved shows as a difference from the
 * inputs (drift) and the next `up` writes it again; what others added is not shown.
 */
export function observedManaged(desired: GovernanceState, now: Observed): GovernanceState {
  const grants: GrantMap = {};
  for (const [p, priv] of pairs(desired.grants)) if (has(now.grants, p, priv)) (grants[p] ??= []).push(priv);
  const tags: TagMap = {};
  for (const k of Object.keys(desired.tags)) if (k in now.tags) tags[k] = now.tags[k];
  const columns: GovernanceState["columns"] = {};
  for (const [c, want] of Object.entries(desired.columns)) {
    const is = now.columns[c] ?? { tags: {}, comment: null };
    const ct: TagMap = {};
    for (const k of Object.keys(want.tags ?? {})) if (k in is.tags) ct[k] = is.tags[k];
    columns[c] = { tags: canonicalTags(ct), ...(want.comment !== undefined && is.comment !== null ? { comment: is.comment } : {}) };
  }
  return {
    grants: canonicalGrants(grants),
    ...(desired.objectOwner !== undefined && now.objectOwner !== null ? { objectOwner: now.objectOwner } : {}),
    tags: canonicalTags(tags),
    ...(desired.comment !== undefined && now.comment !== null ? { comment: now.comment } : {}),
    columns,
  };
}

/** Counts of the statements, by kind. */
export function countSteps(steps: readonly Step[]): WriteCounts {
  const c: WriteCounts = { grants: 0, revokes: 0, owners: 0, tags: 0, comments: 0 };
  for (const s of steps) c[s.kind]++;
  return c;
}
