/**
 * Destroying a catalog or schema this stack created, without ever cascading over objects it did not
 * create (DESIGN §4.8). The stack's own tables are dropped by their own resources first (delete order
 * table → schema → catalog); then the container is dropped only if it is empty:
 * 1. one read-only query lists what it still holds (tables of any type, functions, volumes, schemas);
 * 2. empty → `DROP … RESTRICT` (never CASCADE): if someone adds an object between 1 and 2, the warehouse
 *    refuses the drop and nothing is lost (the race fails safe);
 * 3. not empty (or the drop was refused) → the container stays, this stack's ownership markers are
 *    removed so it belongs to its remaining owners (a later `up` of this stack adopts it like any foreign
 *    container), and the outcome is said in the destroy output.
 * A refusal of the RESTRICT drop counts whatever its class: a container can hold objects
 * information_schema does not list (registered models, ...) and be refused with a class that names no
 * NOT_EMPTY; rethrowing would fail destroy on every retry. Only failures that decide nothing are
 * rethrown, markers left as they are: transient ones (after the retry layer's retries), permission and
 * authentication errors, a drop that may have run (its answer lost), and errors not from the warehouse.
 * The callers have checked that the container's marker names this stack.
 */
import type { Warehouse } from "../warehouse/warehouse";
import type { ContainerContentRow } from "../sql/containerContents";
import { CONTAINER_CONTENTS_LIMIT } from "../sql/containerContents";
import { WarehouseError } from "../warehouse/warehouse";

export interface Container {
  /** `catalog qa` / `schema qa.sales`, for messages. */
  what: string;
  /** Runs listContainerContents for this container. */
  contents(): Promise<ContainerContentRow[]>;
  /** `DROP … IF EXISTS … RESTRICT`. */
  drop(): Promise<void>;
  /** Removes this stack's ownership markers (tag and creation marker). */
  unmark(): Promise<void>;
}

/** Classes (and SQLSTATE class 42501) of a principal not allowed to drop: nothing is decided by them. */
const PERMISSION_CLASSES = /^(PERMISSION_DENIED|INSUFFICIENT_PERMISSIONS|UNAUTHORIZED_ACCESS|AUTHENTICATION_FAILED|NOT_AUTHORIZED)(\.|$)/;

/**
 * The warehouse refused the non-CASCADE drop: a definite answer about this container (it holds objects,
 * listed or not, or is otherwise not droppable now), as opposed to a failure that decides nothing.
 */
function refusedDrop(err: unknown): err is WarehouseError {
  if (!(err instanceof WarehouseError) || err.transient || err.mayHaveRun) return false;
  return !PERMISSION_CLASSES.test(err.errorClass) && err.sqlState !== "42501";
}

/** `qa.sales.scratch (managed), qa.sales.f (function)`, at most 10 named. */
function listed(rows: ContainerContentRow[]): string {
  const names = rows.slice(0, 10).map((r) => (r.kind === "schema" ? `schema ${r.object_schema}` : `${r.object_schema}.${r.object_name} (${r.kind})`));
  const more = rows.length > 10 ? `, and ${rows.length >= CONTAINER_CONTENTS_LIMIT ? "more" : rows.length - 10 + " more"}` : "";
  return names.join(", ") + more;
}

/** Drops `c` if it is empty, else keeps and unmarks it; returns what happened, for the destroy output. */
export async function dropIfEmpty(c: Container): Promise<string> {
  let left = await c.contents();
  let refusal = "";
  if (left.length === 0) {
    try {
      await c.drop();
      return `dropped ${c.what}`;
    } catch (err) {
      if (!refusedDrop(err)) throw err;
      // What does it hold now (someone may have added objects since the first look)?
      left = await c.contents().catch(() => []);
      refusal = ` (the warehouse refused DROP … RESTRICT: ${err.message.split("\n")[0]})`;
    }
  }
  await c.unmark();
  const what =
    left.length > 0
      ? `objects this stack did not create: ${listed(left)}`
      : "objects information_schema does not list (registered models, for example), or cannot be dropped now";
  return (
    `left in place: ${c.what} holds ${what}${refusal}. It was not dropped (never CASCADE over objects this stack did not create); ` +
    "this stack's ownership marker was removed, so it now belongs to whoever owns those objects."
  );
}
