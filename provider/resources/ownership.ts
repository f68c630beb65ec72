/**
 * The ownership marker (DESIGN §4.2): every object a stack creates carries `<project>/<stack>`, and
 * delete drops only what the marker says this stack owns. Where the marker lives per object kind:
 *
 * - catalog: a Unity Catalog TAG `catalog_clone_owner`. Regular catalogs have no SQL-settable
 *   properties (`OPTIONS` is for foreign catalogs) and tag keys may not contain `.`, hence the
 *   underscore spelling. Tags are documented for catalogs (`ALTER CATALOG … SET TAGS`, DBR 13.3+) and
 *   readable in one query from `information_schema.catalog_tags`.
 * - schema: the same TAG `catalog_clone_owner` (read from `information_schema.schema_tags` in one
 *   statement), plus DBPROPERTIES `catalog_clone.owner` written by the CREATE SCHEMA itself for humans
 *   and tools that read properties. The tag is authoritative: DBPROPERTIES are only readable through
 *   `DESCRIBE SCHEMA EXTENDED`, whose rendering is awkward to parse (additive change to the contract).
 *   A CREATE whose tagging fails drops the schema again, so no untagged schema of ours survives.
 * - table: TBLPROPERTIES `catalog_clone.owner` (the table resource writes it).
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
  /** This stack created the object (or re-found its own marker after a crash): destroy drops it (CASCADE) if the marker still names this stack. */
  createdByStack: z.boolean(),
  /** What the last operation did, for humans. */
  lastAction: z.string(),
  /**
   * Identity of the warehouse holding the object (`databricks:<host><http path>` or `local:<dir>`, never a
   * credential); absent in state written before it was recorded. See connection.ts checkWarehouse.
   */
  warehouse: z.string().optional(),
};

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
      `or, if that stack no longer exists, remove the marker from ${objectName} by hand.`,
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
): { adopted: boolean; createdByStack: boolean; lastAction: string } {
  const found = ownershipOf(marker, owner);
  if (found.kind === "other") throw otherStackError(objectKind, objectName, found.owner, owner);
  if (found.kind === "this") {
    return { adopted: false, createdByStack: true, lastAction: "found this stack's marker (resumed after an interrupted run)" };
  }
  return { adopted: true, createdByStack: false, lastAction: "adopted: existed before and belongs to no stack; it will never be dropped" };
}
