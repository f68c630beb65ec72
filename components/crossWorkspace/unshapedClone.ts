/**
 * Shaping options (masking, row subsets, schema only) refused in a CrossWorkspaceClone's `clone`: the
 * shape would be applied only to the deep copy, after sharing, while the shared catalog it is copied
 * from stays mounted in the target workspace with the raw source rows (readable by whoever is granted on
 * it). A shaped destination would look protected while the raw data sits next to it: refused, with the fix.
 * `shareLifecycle: "teardown"` does not lift this (DESIGN §4.10): the raw shared catalog is still mounted in
 * the target for every sync, and stays mounted after a failed one until a sync succeeds; for that time it is
 * readable by its owner and by the TARGET metastore's admins, who need not be readers of the raw source.
 */
import type { InputProblem } from "../../provider/inputProblems";

const FIX =
  "the shared catalog this clone copies from stays in the target workspace with the source tables unmasked and complete, readable by anyone granted on it (with shareLifecycle teardown too, for each sync and after a failed one), " +
  "so shaping only the destination would not protect the data. Remove it here; to share shaped data, first build the shaped copy in the SOURCE workspace " +
  "(a CatalogClone with masking / tableOverrides.where / schemaOnly) and use that catalog as source.catalog";

/** One problem per shaping option found in `clone` (the CatalogClone arguments), none when it has none. */
export function shapingProblems(clone: Record<string, unknown>): InputProblem[] {
  const problems: InputProblem[] = [];
  if (clone.masking !== undefined) problems.push({ field: "clone.masking", message: `column masking is not supported across workspaces: ${FIX}.` });
  if (clone.schemaOnly === true) problems.push({ field: "clone.schemaOnly", message: `schemaOnly is not supported across workspaces: ${FIX}.` });
  const overrides = clone.tableOverrides;
  if (overrides && typeof overrides === "object") {
    for (const [key, o] of Object.entries(overrides as Record<string, unknown>)) {
      if (!o || typeof o !== "object") continue; // CatalogClone's own validation names it
      const entry = o as Record<string, unknown>;
      if (entry.where !== undefined) problems.push({ field: `clone.tableOverrides["${key}"].where`, message: `row subsets are not supported across workspaces: ${FIX}.` });
      if (entry.schemaOnly === true) problems.push({ field: `clone.tableOverrides["${key}"].schemaOnly`, message: `schemaOnly is not supported across workspaces: ${FIX}.` });
    }
  }
  return problems;
}
