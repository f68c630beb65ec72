/**
 * Planning of the source tables protected by a row filter or column masks (pure, after planClone).
 * planClone plans them like any table (DEEP; SHALLOW skips them: Databricks refuses to clone them); here
 * each is taken out of `plan.tables` and either copied WITH its policies (a ProtectedTable resource), or
 * skipped with its reason:
 * - no destination table yet, or this stack's own protected copy there → copied;
 * - a plain clone this stack created before the source gained its policy → copied with its policies in the
 *   same up (the ProtectedTable drops it first, and the plain clone's resource then only forgets the table);
 *   kept unwritten (retained) with a warning that it is UNRESTRICTED only when it cannot be copied (a
 *   table this stack adopted, which is never dropped; or one of the skip reasons below);
 * - another stack's table, or a table nobody marked → left alone (foreign): a protected copy is never
 *   written over an existing table (its history would keep protected rows readable by time travel);
 * - a pinned `asOf` → skipped: Databricks refuses time travel on a protected table;
 * - shaped (where, masking, schemaOnly: written by the clone kind's CTAS) → skipped, never copied unshaped;
 * - a policy function that cannot be rebuilt in the destination → skipped (policyDiscovery.ts);
 * - a source that dropped every policy, whose destination is this stack's protected copy → copied again,
 *   without policies, by the same resource.
 */
import type { ResolvedCatalogCloneArgs } from "./args";
import type { DiscoveredTable, TableMarkerRead } from "./discovery";
import type { ClonePlan, PlannedTable } from "./plan";
import { describePolicies, unrestrictedCopyWarning } from "./plan";
import { policyCopyFor, type SourcePolicies } from "./policyDiscovery";
import type { PolicyFunction, PolicySpec } from "../../provider/resources/protectedTable/inputs";

/** A protected source table copied with its policies. */
export interface ProtectedPlannedTable {
  schema: string;
  table: string;
  source: DiscoveredTable;
  destination: DiscoveredTable | undefined;
  policies: PolicySpec;
  functions: PolicyFunction[];
  /** The destination is this stack's plain clone (made before the source gained its policy), dropped and copied with the policies. */
  replacesPlainClone?: boolean;
}

const key = (schema: string, table: string) => `${schema}.${table}`;

/**
 * The planned tables whose destination exists and whose source is protected, or whose destination is (a
 * protected copy of this stack, once its source dropped every policy): their markers decide (one read each).
 */
export function protectedWithDestination(plan: ClonePlan): { schema: string; name: string }[] {
  return plan.tables.filter((t) => t.destination && (t.source.policies || t.destination.policies)).map((t) => ({ schema: t.schema, name: t.table }));
}

const NO_POLICIES: PolicySpec = { rowFilter: null, masks: [] };

export function planProtectedTables(
  plan: ClonePlan,
  args: Pick<ResolvedCatalogCloneArgs, "asOf" | "policyFunctions" | "source" | "destination">,
  source: SourcePolicies,
  markers: ReadonlyMap<string, TableMarkerRead>,
  owner: string,
  shapeOf: (schema: string, table: string) => { where?: unknown; schemaOnly?: boolean; masks?: unknown[]; tblProperties?: unknown } | undefined = () => undefined,
): { plan: ClonePlan; protectedTables: ProtectedPlannedTable[] } {
  const out: ClonePlan = { ...plan, tables: [], skipped: [...plan.skipped], retained: [...plan.retained], foreign: [...plan.foreign], warnings: [...plan.warnings] };
  const protectedTables: ProtectedPlannedTable[] = [];
  const schemasInScope = new Set(plan.schemas.filter((s) => !s.retainedBecause).map((s) => s.name.toLowerCase()));
  const skip = (t: PlannedTable, detail: string) =>
    out.skipped.push({ schema: t.schema, name: t.table, tableType: t.source.tableType, reason: "ROW_ACCESS_POLICY", detail });
  for (const t of plan.tables) {
    const p = t.source.policies;
    if (!p) {
      // The source dropped every policy, and the destination is this stack's protected copy: it stays that
      // resource (a clone of another kind would take the table over and this one would then drop it), and
      // is copied again without policies, as its source now is.
      const read = t.destination?.policies ? markers.get(key(t.schema, t.table)) : undefined;
      if (read?.kind === "read" && read.owner === owner && read.policiesReplayed) {
        protectedTables.push({ schema: t.schema, table: t.table, source: t.source, destination: t.destination, policies: NO_POLICIES, functions: [] });
      } else {
        out.tables.push(t);
      }
      continue;
    }
    const what = `protected by ${describePolicies(p)}`;
    const d = t.destination;
    const read = d ? markers.get(key(t.schema, t.table)) : undefined;
    // This stack's plain clone, made before the source gained its policy: replaced by the protected copy
    // (replacesPlainClone) unless it cannot be copied; then it is kept unwritten and reported unrestricted.
    let plainClone = false;
    const keepPlain = (dest: DiscoveredTable, why: string) => {
      skip(t, `${what}: this stack cloned it before the policy existed, and ${why}; that copy is kept unwritten (see the warning).`);
      out.retained.push({ schema: t.schema, table: t.table, destination: dest, retainedBecause: `source skipped (ROW_ACCESS_POLICY): ${what}`, sourceSkipped: "ROW_ACCESS_POLICY" });
      out.warnings.push(unrestrictedCopyWarning(dest, t.source));
    };
    if (d && read?.kind !== "gone") {
      const mine = read?.kind === "read" && read.owner === owner;
      if (mine && !read.policiesReplayed) {
        if (read.adopted) {
          keepPlain(d, "it is a table this stack adopted (never dropped to make room for a protected copy)");
          continue;
        }
        plainClone = true;
      }
      if (!mine) {
        const marker = read?.kind === "read" ? read.owner : null;
        const because = marker ? `belongs to stack ${marker}` : "not created by this stack";
        skip(t, `${what}: the destination table exists and is ${because}; a protected copy is never written over an existing table (its history would keep the protected rows readable by time travel).`);
        out.foreign.push({ schema: t.schema, name: t.table, tableType: d.tableType, owner: marker, because });
        continue;
      }
    }
    const drop = (why: string) => (plainClone && d ? keepPlain(d, why.replace(/[.;]\s*$/, "")) : skip(t, `${what}: ${why}`));
    // Shaping (where, masking, schemaOnly) is written by the clone kind's CREATE TABLE AS SELECT, which a
    // protected copy does not run: skipped rather than copied without the shape the user asked for.
    const shape = shapeOf(t.schema, t.table);
    if (shape && (shape.where !== undefined || shape.schemaOnly || (shape.masks?.length ?? 0) > 0)) {
      drop(`where, masking and schemaOnly are not applied to protected copies yet, and it is not copied without them.`);
      continue;
    }
    if (shape?.tblProperties) out.warnings.push(`${t.schema}.${t.table} is copied with its row filter / column masks; tblProperties are not applied to protected copies.`);
    if (args.asOf) {
      drop(`asOf pins a source version, and Databricks refuses time travel on a table with a row filter or column mask.`);
      continue;
    }
    const spec = source.tables.get(key(t.schema, t.table).toLowerCase());
    if (!spec) {
      drop(`its policies could not be read from the source's information_schema; it is not copied.`);
      continue;
    }
    const copy = policyCopyFor(spec, source, {
      sourceCatalog: args.source.catalog,
      destinationCatalog: args.destination.catalog,
      policyFunctions: args.policyFunctions,
      schemasInScope,
    });
    if ("skip" in copy) {
      drop(`${copy.skip}`);
      continue;
    }
    protectedTables.push({ schema: t.schema, table: t.table, source: t.source, destination: read?.kind === "gone" ? undefined : d, ...copy, ...(plainClone ? { replacesPlainClone: true } : {}) });
  }
  out.skipped.sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
  return { plan: out, protectedTables };
}

/** Plan lines for the protected copies (describePlan prints the rest). */
export function describeProtected(tables: readonly ProtectedPlannedTable[]): string[] {
  return tables.map(
    (t) =>
      `  copy ${t.schema}.${t.table} with its ${[t.policies.rowFilter ? "row filter" : "", t.policies.masks.length > 0 ? `${t.policies.masks.length} column mask(s)` : ""].filter(Boolean).join(" and ")} ` +
      `(${t.replacesPlainClone ? "replaces this stack's UNRESTRICTED plain clone, dropped first" : t.destination ? "this stack's protected copy" : "new"}; created with its policies, then filled: Databricks refuses to CLONE it)`,
  );
}
