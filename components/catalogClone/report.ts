/**
 * The clone report a CatalogClone registers as its output (DESIGN §8): what was cloned, re-cloned,
 * adopted, skipped or retained, with reasons; what the destination holds that this stack did not create
 * (foreign: left alone); bytes copied (from CLONE metrics); validation results.
 * Pure: built from the plan and the table resources' outputs.
 */
import type { ClonePlan } from "./plan";

/** What one table resource reported after the deployment (a subset of the table outputs). */
export interface TableOutcome {
  name: string;
  lastAction: string | undefined;
  lastReason: string | undefined;
  sourceVersion: number | null | undefined;
  destinationVersion: number | null | undefined;
  adopted: boolean | undefined;
  createdByStack: boolean | undefined;
  metrics: { copiedBytes: number; copiedFiles: number; sourceBytes: number } | null | undefined;
  validation: { matched: boolean; sourceRows: number | null; destinationRows: number | null } | null | undefined;
}

export interface CloneReport {
  source: string;
  destination: string;
  destinationCatalog: { adopted: boolean; createdByStack: boolean };
  /**
   * Table resources by what they last did (`cloned`, `re-cloned`, `repaired`, `adopted`, `skipped`, ...),
   * plus `notCloned` (source objects left out, see `skipped`), `retained` (see `retained`) and
   * `foreign` (see `foreign`).
   */
  counts: Record<string, number>;
  tables: {
    name: string;
    action: string;
    reason: string;
    sourceVersion: number | null;
    destinationVersion: number | null;
    copiedBytes: number;
    rowsMatched: boolean | null;
  }[];
  skipped: { name: string; tableType: string; reason: string; detail: string }[];
  retained: { name: string; because: string }[];
  /** dropExtra: destination tables no longer managed (dropped when this stack had created them). */
  released: { name: string; because: string }[];
  /**
   * Destination objects this stack did not create (no marker of this stack): left alone by `up` whatever
   * `dropExtra` says, and kept by `destroy`. `owner` is the other stack's marker when they carry one.
   */
  foreign: { name: string; tableType: string; owner: string | null; because: string }[];
  /** Sum of `copied_files_size` over the recorded clones of the registered tables. */
  bytesCopied: number;
  validation: {
    validatedTables: number;
    mismatchedTables: string[];
    gate: { verdict: string; mismatchPct: number } | null;
  };
  warnings: string[];
}

/** Builds the report. Unknown outputs (preview) count as "pending". */
export function buildReport(
  plan: ClonePlan,
  catalog: { adopted: boolean | undefined; createdByStack: boolean | undefined },
  tables: TableOutcome[],
  gate: { verdict: string; mismatchPct: number } | null,
): CloneReport {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const action = t.lastAction ?? "pending";
    counts[action] = (counts[action] ?? 0) + 1;
  }
  counts.notCloned = plan.skipped.length;
  counts.retained = plan.retained.length;
  counts.foreign = plan.foreign.length;
  const validated = tables.filter((t) => t.validation);
  return {
    source: plan.sourceCatalog,
    destination: plan.destinationCatalog,
    destinationCatalog: { adopted: catalog.adopted ?? false, createdByStack: catalog.createdByStack ?? false },
    counts,
    tables: tables.map((t) => ({
      name: t.name,
      action: t.lastAction ?? "pending",
      reason: t.lastReason ?? "",
      sourceVersion: t.sourceVersion ?? null,
      destinationVersion: t.destinationVersion ?? null,
      copiedBytes: t.metrics?.copiedBytes ?? 0,
      rowsMatched: t.validation ? t.validation.matched : null,
    })),
    skipped: plan.skipped.map((s) => ({ name: `${s.schema}.${s.name}`, tableType: s.tableType, reason: s.reason, detail: s.detail })),
    retained: plan.retained.map((r) => ({ name: `${r.schema}.${r.table}`, because: r.retainedBecause })),
    released: plan.released.map((r) => ({ name: `${r.schema}.${r.table}`, because: r.because })),
    foreign: plan.foreign.map((f) => ({ name: `${f.schema}.${f.name}`, tableType: f.tableType, owner: f.owner, because: f.because })),
    bytesCopied: tables.reduce((sum, t) => sum + (t.metrics?.copiedBytes ?? 0), 0),
    validation: {
      validatedTables: validated.length,
      mismatchedTables: validated.filter((t) => !t.validation!.matched).map((t) => t.name),
      gate,
    },
    warnings: plan.warnings,
  };
}

/** A short human summary of a plan, printed at program time (preview and up). */
export function describePlan(plan: ClonePlan): string {
  const lines = [
    `${plan.sourceCatalog} → ${plan.destinationCatalog} (${plan.destinationExists ? "destination exists" : "destination will be created"}): ` +
      `${plan.tables.length} table(s) in ${plan.schemas.length} schema(s), ${plan.skipped.length} skipped, ${plan.retained.length} retained` +
      (plan.foreign.length > 0 ? `, ${plan.foreign.length} foreign` : ""),
  ];
  for (const s of plan.skipped) lines.push(`  skip ${s.schema}.${s.name} [${s.reason}] ${s.detail}`);
  for (const r of plan.retained) {
    lines.push(`  keep ${r.schema}.${r.table} (${r.retainedBecause}; ${r.sourceSkipped ? "kept whatever dropExtra says" : "dropExtra is off"})`);
  }
  for (const r of plan.released) lines.push(`  release ${r.schema}.${r.table} (${r.because}; dropExtra is on)`);
  for (const f of plan.foreign) lines.push(`  leave ${f.schema}.${f.name} (left alone: ${f.because})`);
  for (const w of plan.warnings) lines.push(`  warning: ${w}`);
  return lines.join("\n");
}
