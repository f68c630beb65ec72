/**
 * Creating a marked container (catalog, schema) the way DESIGN §4.2 and §4.9 ask, with what differs
 * between the two kinds passed in (how it is found, read, marked, created and dropped):
 * - missing → the CREATE (carrying this stack's creation marker), then the tag; a failed tag drops the
 *   new, empty container again (RESTRICT, never CASCADE), or records partial state when even that fails;
 * - existing, unmarked → adopted; this stack's → taken back (finishing a missing tag); another stack's →
 *   refused before any write, naming that stack;
 * - a CREATE whose answer was lost (or a re-send answered "already exists") is resolved by looking at
 *   the container: its creation marker says whether our statement made it. One that may still be
 *   running is never sent twice.
 * Deleting one (deleteMarked) drops only a container this stack created whose marker still names this
 * stack, and only when it is empty (containerRemoval.ts); otherwise it stays, unmarked, and destroy says why.
 * Also what the resource-kit declarations of both kinds share (markedContainerKind).
 */
import { hasErrorClass, type Warehouse } from "../warehouse/warehouse";
import type { ContainerContentRow } from "../sql/containerContents";
import { dropIfEmpty } from "./containerRemoval";
import { mayHaveRun, mayStillBeRunning, outcomeUnknown, pauseBeforeResend, RESEND_ATTEMPTS } from "./idempotentWrite";
import { OWNER_TAG, outputsForExisting, ownershipOf, type MarkedObjectOutputs } from "./ownership";
import type { ResourceKind } from "./kit/resourceKind";
import { PartialStateError } from "./partialState";

/** How one container (catalog, schema) is found, who owns it, and how it is dropped: what create and delete share. */
export interface LocatedContainer<F> {
  /** Undefined when the container does not exist; otherwise what `ownership` reads. */
  find(): Promise<F | undefined>;
  /** Who owns the found container: its tag, else its creation marker (ownership.ts effectiveMarker). */
  ownership(found: F): Promise<{ marker: string | undefined; tagMissing: boolean }>;
  /** `DROP … RESTRICT` of the container. */
  drop(): Promise<void>;
}

/** What the create of one container needs, by kind. */
export interface MarkedContainer<I extends { owner: string }, F = unknown> extends LocatedContainer<F> {
  /** `Catalog` / `Schema`. */
  label: string;
  /** The resource id: `qa`, `qa.sales`. */
  id: string;
  inputs: I;
  wh: Warehouse;
  /** The CREATE statement, carrying this stack's creation marker. */
  create: string;
  /** Error classes saying the CREATE met an existing container. */
  alreadyExists: readonly string[];
  /** How the creation marker is named in messages: `creation token`, `DBPROPERTIES marker`. */
  creationMarker: string;
  /** Writes this stack's tag (idempotent). */
  mark(): Promise<void>;
  /** Outputs to record instead of creating a missing container (a schema kept only for retained tables). */
  whenMissing?(): MarkedOutputs<I> | undefined;
}

/** What the delete of one container needs, by kind. */
export interface MarkedRemoval<F> extends LocatedContainer<F> {
  /** `catalog qa` / `schema qa.sales`, for messages. */
  what: string;
  /** The recorded outputs: this stack's marker, and whether this stack created the container. */
  props: { owner: string; createdByStack: boolean };
  /** Why a container this stack did not create stays: `was adopted, not created by this stack`. */
  notCreated: string;
  /** Runs listContainerContents for this container. */
  contents(): Promise<ContainerContentRow[]>;
  /** Removes this stack's markers from the found container it leaves in place (tag and creation marker). */
  unmark(found: F): Promise<void>;
}

/** Outputs of a marked container: the inputs, and how this stack holds it (ownership.ts markedObjectOutputs; the kit adds the warehouse). */
export type MarkedOutputs<I> = I & Omit<MarkedObjectOutputs, "warehouse">;

/** The lifecycle functions of a marked container, over plain outputs. */
export interface MarkedLifecycle<I, O> {
  create(wh: Warehouse, inputs: I): Promise<O>;
  /** Undefined when the container is gone. */
  read(wh: Warehouse, props: O): Promise<O | undefined>;
  update(wh: Warehouse, olds: O, news: I): Promise<O>;
  /** What destroy did (dropped, kept and why); undefined when there is nothing to say. */
  delete(wh: Warehouse, props: O): Promise<string | undefined>;
}

/**
 * What the kit declarations of both container kinds share, and of views and functions too
 * (definedObjectKind.ts): they hold a warehouse object, say a warehouse move in lastAction, and bring
 * their four lifecycle functions.
 */
export function markedContainerKind<I, O extends { lastAction: string }>(
  f: MarkedLifecycle<I, O>,
): Pick<ResourceKind<I & { connection?: unknown }, O>, "holdsObject" | "noteMove" | "lifecycle"> {
  return {
    holdsObject: true,
    noteMove: (outs, move) => ({ ...outs, lastAction: `${outs.lastAction}; ${move}` }),
    lifecycle: {
      create: async (wh, inputs) => ({ outs: await f.create(wh, inputs) }),
      read: (wh, _id, props) => f.read(wh, props),
      update: (wh, _id, olds, news) => f.update(wh, olds, news),
      delete: (wh, props) => f.delete(wh, props),
    },
  };
}

/**
 * Partial state for a container this stack created (or may have) but could not finish marking: recorded
 * as created, so destroy removes it (the creation marker proves it is ours) and the next up finishes it.
 */
function unfinished<I extends { owner: string }, F>(c: MarkedContainer<I, F>, what: string, err: unknown): PartialStateError {
  const message = err instanceof Error ? err.message : String(err);
  return new PartialStateError(`${c.label} ${c.id}: ${what}: ${message}`, c.id, {
    ...c.inputs,
    adopted: false,
    createdByStack: true,
    unfinished: true,
    lastAction: `unfinished: ${what}; the next pulumi up finishes it`,
  });
}

/** Takes an existing container per the ownership rules: adopts, refuses (throws), or takes back (finishing the marking). */
async function takeExisting<I extends { owner: string }, F>(c: MarkedContainer<I, F>, found: F): Promise<MarkedOutputs<I>> {
  const { marker, tagMissing } = await c.ownership(found);
  const held = outputsForExisting(marker, c.inputs.owner, c.label, c.id);
  if (!held.createdByStack || !tagMissing) return { ...c.inputs, ...held };
  try {
    await c.mark();
  } catch (err) {
    throw unfinished(c, `its ${c.creationMarker} names this stack but writing the ${OWNER_TAG} tag failed`, err);
  }
  return {
    ...c.inputs,
    adopted: false,
    createdByStack: true,
    lastAction: `created by this stack (its CREATE carried this stack's ${c.creationMarker}; the tag was missing after a lost response or an interrupted run): marking finished`,
  };
}

/** Creates (or adopts, or takes back) the container. */
export async function createMarked<I extends { owner: string }, F>(c: MarkedContainer<I, F>): Promise<MarkedOutputs<I>> {
  const existing = await c.find();
  if (existing !== undefined) return takeExisting(c, existing);
  const instead = c.whenMissing?.();
  if (instead) return instead;
  const statement = c.label.toUpperCase();
  for (let attempt = 1; ; attempt++) {
    try {
      await c.wh.execute(c.create);
      break;
    } catch (err) {
      const lost = mayHaveRun(err);
      // Already exists: someone created it after our look, or this is a re-send of our own CREATE whose
      // first answer was lost. A lost answer: it may have run. Either way, the container (and its creation
      // marker) says what happened.
      if (!lost && !hasErrorClass(err, ...c.alreadyExists)) throw err;
      let found: F | undefined;
      try {
        found = await c.find();
      } catch (lookupErr) {
        if (lost) throw unfinished(c, `CREATE ${statement} may have run (its answer was lost) and the ${c.label.toLowerCase()} could not be looked up`, lookupErr);
        throw lookupErr;
      }
      if (found !== undefined) return takeExisting(c, found);
      // Absent, but the CREATE may still be running (or not started yet): never sent twice.
      if (mayStillBeRunning(err)) throw outcomeUnknown(`${c.label} ${c.id}: CREATE ${statement}`, err);
      if (!lost || attempt >= RESEND_ATTEMPTS) throw err;
      await pauseBeforeResend(attempt); // absent: the lost CREATE did not run, send it again
    }
  }
  try {
    await c.mark();
  } catch (err) {
    // Atomic per object: an unmarked container must not stay behind. It is new and empty, so RESTRICT
    // removes it; if even that fails, record it (partial state) so destroy or the next up deals with it.
    try {
      await c.drop();
    } catch {
      throw unfinished(c, `created, but writing the ${OWNER_TAG} tag failed and so did dropping the new ${c.label.toLowerCase()}`, err);
    }
    throw err;
  }
  return { ...c.inputs, adopted: false, createdByStack: true, lastAction: "created" };
}

/**
 * Drops the container only when this stack created it, its marker still names this stack, and it is
 * empty (what it held was deleted first by its own resources). One still holding objects this stack did
 * not create is kept and unmarked. Returns what happened (printed in the destroy output).
 */
export async function deleteMarked<F>(c: MarkedRemoval<F>): Promise<string> {
  if (!c.props.createdByStack) return `left in place: ${c.what} ${c.notCreated}`;
  const found = await c.find();
  if (found === undefined) return `already gone: ${c.what}`;
  const owner = ownershipOf((await c.ownership(found)).marker, c.props.owner);
  if (owner.kind !== "this") {
    return `left in place: ${c.what} no longer carries this stack's marker (${owner.kind === "other" ? owner.owner : "none"})`;
  }
  return dropIfEmpty({ what: c.what, contents: () => c.contents(), drop: () => c.drop(), unmark: () => c.unmark(found) });
}
