/**
 * The ownership marker (DESIGN §4.2): every object a stack creates carries `<project>/<stack>`, and
 * delete drops only what the marker says this stack owns. Where the marker lives per object kind:
 *
 * - catalog: a Unity Catalog TAG `catalog_clone_owner`. Regular catalogs have no SQL-settable
 *   properties (`OPTIONS` is for foreign catalogs) and tag keys may not contain `.`, hence the
 *   underscore spelling. Tags are documented for catalogs (`ALTER CATALOG … SET TAGS`, DBR 13.3+) and
 *   readable in one query from `information_schema.catalog_tags`.
 * - schema: the same TAG `catalog_clone_owner` (read from `information_schema.schema_tags` in one
 *   statement), plus DBPROPERTIES `catalog_clone.owner`.
 * - table: TBLPROPERTIES `catalog_clone.owner`, written by the CLONE statement itself (table/markers.ts).
 *
 * Creation and marking are two statements for catalogs and schemas (`CREATE`, then `SET TAGS`): no SQL
 * creates a tagged catalog or schema. A lost response or a crash between the two would leave an
 * unmarked object that the next run adopts as foreign (never dropped, adoptable by any stack). So the
 * CREATING statement carries a marker of its own (DESIGN §4.9), read only when the tag is missing:
 * - schema: `CREATE SCHEMA … WITH DBPROPERTIES ('catalog_clone.owner' = '<project>/<stack>')`, read back
 *   with `DESCRIBE SCHEMA EXTENDED`;
 * - catalog: UC catalogs take no properties, but CREATE CATALOG takes a COMMENT: the handler appends the
 *   creation token `[catalog_clone_owner=<project>/<stack>]` (creationToken) to it, read back from
 *   `information_schema.catalogs.comment` in the same query that finds the catalog. Only that exact
 *   token counts: free text naming a stack (the component's "managed by Pulumi stack …" comment, or a
 *   user's comment of an adopted catalog) proves nothing.
 * The tag, when present, is authoritative (it is what `SET TAGS` maintains); the creation marker only
 * stands in for a tag that was never written. When an object finds its creation marker but no tag, the
 * handler finishes the marking. Releasing an object (destroy keeping a non-empty container) removes both.
 *
 * Partial state was considered for the lost-response case (throw with id + outputs recording the
 * creation intent): it cannot cover a crash (the provider process is gone before it can answer), and
 * the marker in the creating statement covers both. Partial state is still used where the handler
 * knows it created an object that it could neither mark nor remove, so `destroy` can remove it without
 * another `up` (outputs `unfinished: true`; the next `up` finishes the marking).
 */
import { z } from "zod";

/** Property key of the marker on schemas (DBPROPERTIES) and tables (TBLPROPERTIES). */
export const OWNER_PROPERTY = "catalog_clone.owner";
/** Tag key of the marker on catalogs and schemas (tag keys cannot contain `.`). */
export const OWNER_TAG = "catalog_clone_owner";

/** The marker value a stack writes: `<project>/<stack>`. */
export function ownerMarker(project: string, stack: string): string {
  return `${project}/${stack}`;
}

/** The `owner` input of catalogs and schemas: this stack's marker, `<project>/<stack>`. */
export const ownerInput = z.string().regex(/^[^/\s]+\/[^/\s]+$/, { error: "owner must be '<project>/<stack>'." });

/** Outputs of an object this stack either created and marked, or adopted (catalogs and schemas). */
export const markedObjectOutputs = {
  /** The object existed before and belonged to no stack: it is never dropped. */
  adopted: z.boolean(),
  /**
   * This stack created the object (or re-found its own marker after a crash): destroy drops it if the
   * marker still names this stack and it is empty (never CASCADE: objects others added keep it alive).
   */
  createdByStack: z.boolean(),
  /** What the last operation did, for humans. */
  lastAction: z.string(),
  /**
   * Identity of the warehouse holding the object (`databricks:<host><http path>` or `local:<dir>`, never a
   * credential); absent in state written before it was recorded. See warehouseChange.ts checkWarehouse.
   */
  warehouse: z.string().optional(),
  /**
   * Set in partial state when this stack created the object (or may have: the response was lost) but
   * could not confirm or finish its marking; the next `up` finishes it (update re-runs the create logic)
   * and destroy still drops it when its creation marker names this stack. Absent otherwise.
   */
  unfinished: z.boolean().optional(),
};

/** The outputs in markedObjectOutputs as one type. */
export type MarkedObjectOutputs = z.infer<z.ZodObject<typeof markedObjectOutputs>>;

/** How this stack holds an object it found or created (markedObjectOutputs, without the identity and the partial-state flag). */
export type Held = Pick<MarkedObjectOutputs, "adopted" | "createdByStack" | "lastAction">;

/** Who owns an existing object, according to its marker. */
export type Ownership =
  | { kind: "none" }
  | { kind: "this"; owner: string }
  | { kind: "other"; owner: string };

/** Classifies a marker value (undefined/empty: nobody's) relative to `owner` (this stack's marker). */
export function ownershipOf(marker: string | null | undefined, owner: string): Ownership {
  if (marker === undefined || marker === null || marker.trim() === "") return { kind: "none" };
  return marker === owner ? { kind: "this", owner } : { kind: "other", owner: marker };
}

/** The error raised when an object carries another stack's marker: names the stack and what to do. */
export function otherStackError(objectKind: string, objectName: string, otherOwner: string, owner: string): Error {
  const [project, stack] = otherOwner.includes("/") ? otherOwner.split("/", 2) : ["?", otherOwner];
  return new Error(
    `[CATALOG_CLONE_OWNED_BY_ANOTHER_STACK] ${objectKind} ${objectName} belongs to stack "${stack}" of project "${project}" ` +
      `(marker ${otherOwner}), not to ${owner}. This stack never touches another stack's objects. ` +
      `Choose another destination, or destroy the other stack first (pulumi destroy -s ${stack}), ` +
      `or, if that stack no longer exists, remove the marker from ${objectName} by hand ` +
      `(the tag ${OWNER_TAG}; on a catalog also the token ${creationToken(otherOwner)} in its comment, ` +
      `on a schema the DBPROPERTIES ${OWNER_PROPERTY}, set to '').`,
  );
}

/**
 * Outputs for an object that already exists when this stack wants to create it: its own marker (left by an
 * interrupted run) is taken back, an unmarked object is adopted (never written, never dropped), and another
 * stack's marker is refused before any write (throws otherStackError).
 */
export function outputsForExisting(
  marker: string | undefined,
  owner: string,
  objectKind: string,
  objectName: string,
): Held {
  const found = ownershipOf(marker, owner);
  if (found.kind === "other") throw otherStackError(objectKind, objectName, found.owner, owner);
  if (found.kind === "this") {
    return { adopted: false, createdByStack: true, lastAction: "found this stack's marker (resumed after an interrupted run)" };
  }
  return { adopted: true, createdByStack: false, lastAction: "adopted: existed before and belongs to no stack; it will never be dropped" };
}

/** The token a catalog's creating statement carries in its COMMENT: `[catalog_clone_owner=<project>/<stack>]`. */
export function creationToken(owner: string): string {
  return `[${OWNER_TAG}=${owner}]`;
}

const TOKEN = new RegExp(`\\s*\\[${OWNER_TAG}=([^\\]\\s]+)\\]`, "g");

/** The owner named by a creation token in `comment` (the first, if several), undefined when none. */
export function creationTokenOwner(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  TOKEN.lastIndex = 0;
  return TOKEN.exec(comment)?.[1];
}

/** `comment` with this stack's creation token appended (any earlier token replaced). */
export function commentWithToken(comment: string | null | undefined, owner: string): string {
  const text = commentWithoutToken(comment);
  return text === null ? creationToken(owner) : `${text} ${creationToken(owner)}`;
}

/** `comment` without creation tokens; null when nothing else is left. */
export function commentWithoutToken(comment: string | null | undefined): string | null {
  if (!comment) return null;
  const text = comment.replace(TOKEN, "").trim();
  return text === "" ? null : text;
}

/**
 * The marker that decides who owns a catalog or schema: the tag when it has one, else the marker its
 * creating statement carried (see the header). `tagMissing` tells the handler to finish the marking.
 */
export function effectiveMarker(tag: string | undefined, creationMarker: string | undefined): { marker: string | undefined; tagMissing: boolean } {
  if (tag !== undefined && tag.trim() !== "") return { marker: tag, tagMissing: false };
  return { marker: creationMarker, tagMissing: true };
}
