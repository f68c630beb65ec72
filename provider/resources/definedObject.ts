/**
 * The lifecycle views and SQL functions share (objects defined by their text, re-created whole by
 * `CREATE OR REPLACE`, holding no data), with what differs passed in (how the object is found, written
 * and dropped, and where its marker lives):
 * - missing → created with this stack's marker carried by the creating statement (DESIGN §4.9);
 * - existing, unmarked → adopted: its definition is recorded (`previous`) and destroy writes it back
 *   instead of dropping; existing with this stack's marker → taken back (an interrupted run); another
 *   stack's → refused before any write;
 * - update re-writes the definition (`CREATE OR REPLACE`), keeping what the object was before;
 * - after each write the destination is read back (one statement) and recorded as `observed`, which is
 *   what discovery reports next time: an unchanged object then shows no change and costs no statement.
 * A lost answer to the creating statement is resolved by looking at the destination: the marker says
 * whether our statement made it.
 */
import type { Warehouse } from "../warehouse/warehouse";
import { hasErrorClass } from "../warehouse/warehouse";
import { mayHaveRun, mayStillBeRunning, outcomeUnknown } from "./idempotentWrite";
import { otherStackError, ownershipOf, type Held } from "./ownership";

/** A view or function as found in the destination. */
export interface FoundDefinition<D> {
  /** Its definition; null when this principal cannot read it (a view it does not own). */
  definition: D | null;
  /** This stack's ownership marker as the object carries it; undefined when unmarked. */
  marker: string | undefined;
  /** Set when the name is taken by an object of another kind (a table where a view is wanted). */
  otherKind?: string;
}

/** How one view or function is found, written and dropped. */
export interface DefinedObject<D> {
  /** `View` / `Function`, as messages name it. */
  label: string;
  /** `catalog.schema.name`. */
  id: string;
  find(): Promise<FoundDefinition<D> | undefined>;
  /**
   * `CREATE` (mode create) or `CREATE OR REPLACE` (replace) of `definition`, carrying this stack's marker
   * (`owner`, and whether the object was adopted, where the kind can record it), or no marker at all
   * (null: putting an adopted object back as it was).
   */
  write(definition: D, mode: "create" | "replace", marker: { owner: string; adopted: boolean } | null): Promise<void>;
  /** `DROP … IF EXISTS`. */
  drop(): Promise<void>;
  /** Error classes saying the CREATE met an existing object. */
  alreadyExists: readonly string[];
}

/** What the shared lifecycle records besides the inputs. */
export interface DefinedOutputs<D> extends Held {
  /** The destination as read back after the last write (what discovery will report). */
  observed: D | null;
  /** An adopted object's definition before this stack first wrote it (written back on destroy); null otherwise. */
  previous: D | null;
}

/** Key-order-independent JSON, so two definitions compare by content. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Whether the destination already holds exactly `wanted`. */
export function sameDefinition<D>(found: D | null, wanted: D): boolean {
  return found !== null && canonical(found) === canonical(wanted);
}

async function readBack<D>(o: DefinedObject<D>): Promise<D | null> {
  return (await o.find())?.definition ?? null;
}

/** Takes an existing object per the ownership rules, then writes `definition` over it. */
async function takeExisting<D>(o: DefinedObject<D>, found: FoundDefinition<D>, definition: D, owner: string): Promise<DefinedOutputs<D>> {
  if (found.otherKind) {
    throw new Error(
      `${o.label} ${o.id}: the destination holds a ${found.otherKind} of that name; it is never replaced by a ${o.label.toLowerCase()}. ` +
        "Rename or drop it, or leave this object out of the clone's scope.",
    );
  }
  const own = ownershipOf(found.marker, owner);
  if (own.kind === "other") throw otherStackError(o.label, o.id, own.owner, owner);
  let held: Held & { previous: D | null };
  if (own.kind === "this") {
    // This stack's object (its state was lost, or an earlier answer was): nothing to write when it is as wanted.
    if (sameDefinition(found.definition, definition)) {
      return { adopted: false, createdByStack: true, previous: null, lastAction: "found this stack's marker, definition as wanted (taken back without a write)", observed: found.definition };
    }
    held = { adopted: false, createdByStack: true, previous: null, lastAction: "found this stack's marker (resumed after an interrupted run); re-written" };
  } else {
    if (found.definition === null) {
      throw new Error(
        `${o.label} ${o.id} already exists in the destination and its definition cannot be read by this principal ` +
          "(information_schema shows it to the owner only), so it could not be put back on destroy; nothing was written. " +
          "Make this principal its owner, or drop it, or leave it out of the clone's scope.",
      );
    }
    held = { adopted: true, createdByStack: false, previous: found.definition, lastAction: "adopted: existed before; re-written, and put back as it was on destroy" };
  }
  await o.write(definition, "replace", { owner, adopted: held.adopted });
  return { ...held, observed: await readBack(o) };
}

/** Creates the object (or adopts / takes back an existing one). */
export async function createDefined<D>(o: DefinedObject<D>, definition: D, owner: string): Promise<DefinedOutputs<D>> {
  const found = await o.find();
  if (found) return takeExisting(o, found, definition, owner);
  try {
    await o.write(definition, "create", { owner, adopted: false });
  } catch (err) {
    if (mayStillBeRunning(err)) throw outcomeUnknown(`${o.label} ${o.id}: CREATE`, err);
    if (!mayHaveRun(err) && !hasErrorClass(err, ...o.alreadyExists)) throw err;
    // Our statement may have run (lost answer), or someone created it meanwhile: the marker tells.
    const now = await o.find();
    if (!now) throw err;
    return takeExisting(o, now, definition, owner);
  }
  return { adopted: false, createdByStack: true, previous: null, lastAction: "created", observed: await readBack(o) };
}

/** Re-writes the definition of an object this stack holds (CREATE OR REPLACE); recreates it when it is gone. */
export async function updateDefined<D>(o: DefinedObject<D>, olds: DefinedOutputs<D>, definition: D, owner: string): Promise<DefinedOutputs<D>> {
  const found = await o.find();
  if (!found) return { ...(await createDefined(o, definition, owner)), lastAction: "re-created (it was gone from the destination)" };
  if (found.otherKind) return takeExisting(o, found, definition, owner);
  const own = ownershipOf(found.marker, owner);
  if (own.kind === "other") throw otherStackError(o.label, o.id, own.owner, owner);
  await o.write(definition, "replace", { owner, adopted: olds.adopted });
  return { adopted: olds.adopted, createdByStack: olds.createdByStack, previous: olds.previous, lastAction: "re-created (definition changed)", observed: await readBack(o) };
}

/** Refresh: undefined when the object is gone (it leaves state; the next up creates it again). */
export async function readDefined<D>(o: DefinedObject<D>): Promise<{ observed: D | null } | undefined> {
  const found = await o.find();
  if (!found || found.otherKind) return undefined;
  return { observed: found.definition };
}

/**
 * Destroy: an adopted object is written back as it was (without marker); one this stack created is
 * dropped. Either only while its marker still names this stack: one someone replaced since is theirs now.
 */
export async function deleteDefined<D>(o: DefinedObject<D>, props: DefinedOutputs<D> & { owner: string }): Promise<string | undefined> {
  const found = await o.find();
  if (!found || found.otherKind) return undefined;
  if (ownershipOf(found.marker, props.owner).kind !== "this") {
    return `${o.label} ${o.id} left in place: it no longer carries this stack's marker (replaced out of band).`;
  }
  if (props.adopted && props.previous !== null) {
    await o.write(props.previous, "replace", null);
    return `${o.label} ${o.id} put back as it was before this stack adopted it.`;
  }
  await o.drop();
  return `${o.label} ${o.id} dropped.`;
}
