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
 * Also what the resource-kit declarations of both kinds share (markedContainerKind).
 */
import { hasErrorClass, type Warehouse } from "../warehouse/warehouse";
import { mayHaveRun, mayStillBeRunning, outcomeUnknown, pauseBeforeResend, RESEND_ATTEMPTS } from "./idempotentWrite";
import { OWNER_TAG, outputsForExisting } from "./ownership";
import type { ResourceKind } from "./kit/resourceKind";
import { PartialStateError } from "./partialState";

/** What the create of one container needs, by kind. */
export interface MarkedContainer<I extends { owner: string }> {
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
  /** Undefined when the container does not exist; otherwise what `ownership` reads. */
  find(): Promise<unknown | undefined>;
  /** Who owns the found container: its tag, else its creation marker (ownership.ts effectiveMarker). */
  ownership(found: unknown): Promise<{ marker: string | undefined; tagMissing: boolean }>;
  /** Writes this stack's tag (idempotent). */
  mark(): Promise<void>;
  /** `DROP … RESTRICT` of the new container. */
  drop(): Promise<void>;
  /** Outputs to record instead of creating a missing container (a schema kept only for retained tables). */
  whenMissing?(): MarkedOutputs<I> | undefined;
}

/** Outputs of a marked container: the inputs, and how this stack holds it. */
export type MarkedOutputs<I> = I & { adopted: boolean; createdByStack: boolean; lastAction: string; unfinished?: boolean };

/** The lifecycle functions of a marked container, over plain outputs. */
export interface MarkedLifecycle<I, O> {
  create(wh: Warehouse, inputs: I): Promise<O>;
  /** Undefined when the container is gone. */
  read(wh: Warehouse, props: O): Promise<O | undefined>;
  update(wh: Warehouse, olds: O, news: I): Promise<O>;
  /** What destroy did (dropped, kept and why). */
  delete(wh: Warehouse, props: O): Promise<string>;
}

/**
 * What the kit declarations of both container kinds share: they hold a warehouse object, say a
 * warehouse move in lastAction, and bring their four lifecycle functions.
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
function unfinished<I extends { owner: string }>(c: MarkedContainer<I>, what: string, err: unknown): PartialStateError {
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
async function takeExisting<I extends { owner: string }>(c: MarkedContainer<I>, found: unknown): Promise<MarkedOutputs<I>> {
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
export async function createMarked<I extends { owner: string }>(c: MarkedContainer<I>): Promise<MarkedOutputs<I>> {
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
      let found: unknown;
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
