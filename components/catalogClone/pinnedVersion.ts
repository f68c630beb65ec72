/**
 * `asOf: { version: n }` pins every source table at Delta version n, but versions are per table: a
 * table created later, or rewritten less often, may not have version n, and its CLONE … VERSION AS OF n
 * fails with DELTA_VERSION_NOT_FOUND in the middle of an `up`, after other tables were cloned. The
 * program checks the pin against the history of every table it is about to clone (one batched
 * read-only query, see discoverVersionRanges) and refuses the whole deployment, naming each table and
 * its versions.
 */
import type { TableVersionRange } from "./discovery";

/** How many tables the message names before "and N more". */
const NAMED = 10;

/** Why `version` cannot be cloned from every table in `ranges`, or undefined when it can. */
export function pinnedVersionProblem(version: number, ranges: readonly TableVersionRange[]): string | undefined {
  const bad = ranges
    .filter((r) => version < r.earliest || version > r.latest)
    .sort((a, b) => (a.schema === b.schema ? a.table.localeCompare(b.table) : a.schema.localeCompare(b.schema)));
  if (bad.length === 0) return undefined;
  const named = bad.slice(0, NAMED).map((r) => `${r.schema}.${r.table} (available versions ${r.earliest}–${r.latest})`);
  const more = bad.length > NAMED ? `, and ${bad.length - NAMED} more` : "";
  const lo = Math.max(...ranges.map((r) => r.earliest));
  const hi = Math.min(...ranges.map((r) => r.latest));
  const common =
    lo > hi ? " (no single version exists in every table to clone)" : lo === hi ? ` (only version ${lo} exists in every table to clone)` : ` (versions ${lo}–${hi} exist in every table to clone)`;
  return (
    `asOf.version ${version} does not exist in ${bad.length} of the ${ranges.length} source tables to clone: ${named.join(", ")}${more}. ` +
    `Nothing was cloned. Pin a version every table has${common}, pin an instant with asOf: { timestamp: "..." }, ` +
    "or leave these tables out with scope.excludeTables."
  );
}
