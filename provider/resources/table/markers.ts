/**
 * What a cloned table carries in TBLPROPERTIES so a later run (or a run after a crash) can tell what
 * it is without any state: the ownership marker (ownership.ts), the source it is a clone of, and, for
 * an adopted table, the version it had before this stack first cloned into it. Written by the same
 * CLONE statement that writes the data, so no window exists where our clone is unmarked.
 */
import { OWNER_PROPERTY } from "../ownership";
import { POLICIES_PROPERTY } from "../protectedTable/marker";
import type { TableRef } from "../../vocabulary/objectIdentity";

export const SOURCE_PROPERTY = "catalog_clone.source";
/** `none` for tables the stack created (explicit, so a marker copied from a cloned clone cannot mislead). */
export const PRE_CLONE_VERSION_PROPERTY = "catalog_clone.pre_clone_version";

export function refName(t: TableRef): string {
  return `${t.catalog}.${t.schema}.${t.table}`.toLowerCase();
}

/** TBLPROPERTIES set by every clone this stack writes. */
export function markerProperties(owner: string, source: TableRef, preCloneVersion: number | null): Record<string, string> {
  return {
    [OWNER_PROPERTY]: owner,
    [SOURCE_PROPERTY]: refName(source),
    [PRE_CLONE_VERSION_PROPERTY]: preCloneVersion === null ? "none" : String(preCloneVersion),
  };
}

/** What the markers of an existing table say. */
export interface Markers {
  owner: string | null;
  source: string | null;
  /** undefined: no marker; null: created by the stack; n: adopted at version n. */
  preCloneVersion: number | null | undefined;
  /** A shaped table's restriction fingerprint (shapedWrite.ts SHAPE_PROPERTY); null when absent (a plain clone). */
  shape: string | null;
  /** Set (`replayed`) on a protected copy (protectedTable/marker.ts), created with its row filter / masks; null on a plain clone. */
  policies: string | null;
}

export function readMarkers(props: Record<string, string>): Markers {
  const pre = props[PRE_CLONE_VERSION_PROPERTY];
  return {
    owner: props[OWNER_PROPERTY] ?? null,
    source: props[SOURCE_PROPERTY] ?? null,
    preCloneVersion: pre === undefined ? undefined : pre === "none" ? null : Number(pre),
    shape: props["catalog_clone.shape"] ?? null,
    policies: props[POLICIES_PROPERTY] ?? null,
  };
}
