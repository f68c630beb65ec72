/**
 * `policyTables: "view"` (share a table protected by a row filter or column mask through a view that
 * applies the policy) is refused, before any SQL: it cannot be made safe (DESIGN §4.10, never less
 * protected than the source), so the option fails closed.
 * - A row filter or mask decides by WHO reads (`current_user()`, `is_account_group_member()`). Rows of a
 *   shared view are computed on the provider side for the recipient; whose identity those functions see
 *   there is not documented (GUESS: the share owner's, or a provider-side service identity, never the
 *   target workspace's reader, who is not a principal of the source metastore). The policy would then be
 *   evaluated for the wrong principal, typically one that is exempt, and the target would read raw rows.
 * - Freezing the policy for a fixed principal inside the view does not help either: the view would still
 *   show every target reader what that principal sees in the source, whoever they are.
 * - The embedded engine cannot share views at all (ALTER SHARE … ADD VIEW is refused), so no test could
 *   prove the behaviour this option would rely on; an engine more lenient than Databricks is not allowed.
 * What works instead: leave them out (`skip`) and clone them with CatalogClone inside the source
 * workspace (it carries the policies), or share a copy shaped for the target (masked / filtered) built
 * in the source workspace.
 */
import type { InputProblem } from "../../provider/inputProblems";

/** The refusal of `policyTables: "view"`, none for the other values. */
export function policyViewProblems(policyTables: string): InputProblem[] {
  if (policyTables !== "view") return [];
  return [
    {
      field: "policyTables",
      message:
        '"view" is not supported: a row filter or column mask evaluated inside a shared view sees the provider-side identity, not the ' +
        "target's reader, so it could expose what it hides. Use \"skip\" (listed in notShared) and clone those tables inside the source " +
        "workspace, or share a masked / filtered copy built there (a CatalogClone with masking or tableOverrides.where).",
    },
  ];
}
