/**
 * The clone report a CatalogClone registers as its output (DESIGN §8): what THIS run decided for each
 * table (cloned, re-cloned, adopted, skipped, unchanged, failed, ...), with reasons; what was skipped or
 * retained; what the destination holds that this stack did not create (foreign: left alone); bytes this
 * run copied beside the cumulative figure (from CLONE metrics); validation results.
 * Pure: built from the plan and the table resources' outputs. An unchanged resource keeps the outputs of
 * the run that last touched it, so each table's `ranAt` is compared with this run's start.
 */
import { runCopiedBytes, totalCopiedBytes } from "../../provider/resources/table/copiedBytes";
import type { ClonePlan } from "./plan";
import type { ShapingReport } from "./tableShaping";
import type { VolumesReport } from "./volumeChildren";
import type { GovernanceReport } from "./governanceResources";
import type { DefinitionsReport } from "./definitionReport";

/**
 * What one table resource reported after the deployment (a subset of the table outputs). `known: false`:
 * the engine left its outputs unknown (preview of a table that will change; a table whose step failed
 * under `pulumi up --continue-on-error`).
 */
export interface TableOutcome {
  name: string;
  known?: boolean;
  lastAction: string | undefined;
  lastReason: string | undefined;
  sourceVersion: number | null | undefined;
  destinationVersion: number | null | undefined;
  adopted: boolean | undefined;
  createdByStack: boolean | undefined;
  metrics: { copiedBytes: number; copiedFiles: number; sourceBytes: number } | null | undefined;
  validation: { matched: boolean; sourceRows: number | null; destinationRows: number | null } | null | undefined;
  /** When the table handler produced these outputs (absent in state written before it was recorded). */
  ranAt?: string | null;
  /** Bytes the run at `ranAt` copied (absent: the last clone's, provider/resources/table/copiedBytes.ts). */
  runCopiedBytes?: number | null;
  /** Bytes copied into the table by every write of this stack (absent: the last clone's). */
  totalCopiedBytes?: number | null;
  /** Why the write of the run at `ranAt` failed, when a validation gate counts it. */
  failed?: string | null;
}

/** A table whose outputs the engine left unknown (or whose step failed and left none): nothing known of it. */
export function unknownOutcome(name: string): TableOutcome {
  return { name, known: false, lastAction: undefined, lastReason: undefined, sourceVersion: undefined, destinationVersion: undefined, adopted: undefined, createdByStack: undefined, metrics: undefined, validation: undefined };
}

/** How this run's decision per table is told apart from an earlier run's outputs. */
export interface ReportRun {
  /** When this program run started (ms): outputs produced before it are an earlier run's. */
  startedAt: number;
  /** A preview: unknown outputs are decisions still to be made by `up`. */
  dryRun: boolean;
}

/** One table in the report: what THIS run decided for it, and what it holds. */
export interface TableReport {
  name: string;
  /**
   * This run's decision: `cloned`, `re-cloned`, `repaired`, `adopted`, `skipped` (looked at, nothing to
   * write), `rolled-back`, `failed`; `unchanged` (Pulumi found nothing to do, the handler did not run);
   * `pending` (preview: decided by up).
   */
  action: string;
  reason: string;
  sourceVersion: number | null;
  destinationVersion: number | null;
  /** Bytes this run copied into the table (0 for a no-op). */
  copiedBytes: number;
  /** Bytes copied into the table by every write of this stack so far (cumulative). */
  copiedBytesTotal: number;
  rowsMatched: boolean | null;
  /** Why this run's write failed, when a validation gate counted it (also a clone kept but not verified). */
  failed?: string;
  /** For `unchanged` tables: what the run that last touched it did, and when. */
  last?: { action: string; reason: string; at: string | null };
}

export interface CloneReport {
  /** With the `governance` argument: what governance the destination carries from the source, and unmapped principals. */
  governance?: GovernanceReport;
  source: string;
  destination: string;
  destinationCatalog: { adopted: boolean; createdByStack: boolean };
  /**
   * Table resources by this run's decision (`cloned`, `re-cloned`, `repaired`, `adopted`, `skipped`,
   * `unchanged`, `failed`, ...), plus `notCloned` (source objects left out, see `skipped`), `retained`
   * (see `retained`) and `foreign` (see `foreign`).
   */
  counts: Record<string, number>;
  skipped: { name: string; tableType: string; reason: string; detail: string }[];
  retained: { name: string; because: string }[];
  /** dropExtra: destination tables no longer managed (dropped when this stack had created them). */
  released: { name: string; because: string }[];
  /**
   * Destination objects this stack did not create (no marker of this stack): left alone by `up` whatever
   * `dropExtra` says, and kept by `destroy`. `owner` is the other stack's marker when they carry one.
   */
  foreign: { name: string; tableType: string; owner: string | null; because: string }[];
  /** Bytes this run copied (`copied_files_size` of its clones; 0 for a run that cloned nothing). */
  bytesCopied: number;
  /** Bytes copied into the registered tables by every run of this stack (cumulative). */
  bytesCopiedTotal: number;
  validation: {
    validatedTables: number;
    mismatchedTables: string[];
    /** Tables whose step failed in this run (also those a validation gate counted). */
    failedTables: string[];
    /** `failed`: the gate failed this run (above its threshold it rolls back and fails; mismatchPct null, see its error). */
    gate: { verdict: string; mismatchPct: number | null } | null;
  };
  warnings: string[];
  /** Subsets, schema-only tables, masked columns and TBLPROPERTIES overrides (catalogClone/tableShaping.ts); absent when none. */
  shaping?: ShapingReport;
  /** Volumes (volumeChildren.ts): each registered volume with what this run did and the files it copied. Skipped volumes are in `skipped`. */
  volumes?: VolumesReport;
  /** Views and SQL functions: counts and what the last write of each did (definitionReport.ts). */
  definitions?: DefinitionsReport;
}

/**
 * The report with one row per table. The rows are the CatalogClone's `tables` property, apart from the
 * summary (`report`, which the root program exports): at 2,000 tables they are ~400 KB, and `pulumi stack
 * output` would print them all. State does not store them: reportTables.ts rebuilds them from the table
 * resources' outputs.
 */
export interface CloneReportWithTables extends CloneReport {
  tables: TableReport[];
}

/** The summary of a report: everything but its per-table rows. */
export function withoutTables(report: CloneReportWithTables): CloneReport {
  const { tables: _rows, ...summary } = report;
  return summary;
}

/** This run's decision for one table (also rebuilt from state by reportTables.ts). */
export function tableReport(t: TableOutcome, run: ReportRun): TableReport {
  const recorded = {
    sourceVersion: t.sourceVersion ?? null,
    destinationVersion: t.destinationVersion ?? null,
    copiedBytesTotal: totalCopiedBytes(t),
    rowsMatched: t.validation ? t.validation.matched : null,
  };
  if (t.known === false || t.lastAction === undefined) {
    return run.dryRun
      ? { name: t.name, action: "pending", reason: "decided by pulumi up", ...recorded, copiedBytes: 0 }
      : {
          name: t.name,
          action: "failed",
          reason: "its step failed in this run; its error says what this deployment did, table by table",
          ...recorded,
          copiedBytes: 0,
        };
  }
  const ranAt = t.ranAt ? Date.parse(t.ranAt) : NaN;
  if (!(ranAt >= run.startedAt)) {
    // Pulumi found nothing to change: the outputs are those of the run that last touched the table.
    return {
      name: t.name,
      action: "unchanged",
      reason: "nothing to do this run (no drift that its sync mode acts on)",
      ...recorded,
      copiedBytes: 0,
      last: { action: t.lastAction, reason: t.lastReason ?? "", at: t.ranAt ?? null },
    };
  }
  return {
    name: t.name,
    action: t.lastAction,
    reason: t.lastReason ?? "",
    ...recorded,
    copiedBytes: runCopiedBytes(t),
    ...(t.failed ? { failed: t.failed } : {}),
  };
}

/** Builds the report. `run` tells this run's decisions from an earlier run's outputs. */
export function buildReport(
  plan: ClonePlan,
  catalog: { adopted: boolean | undefined; createdByStack: boolean | undefined },
  tables: TableOutcome[],
  gate: { verdict: string; mismatchPct: number | null } | null,
  run: ReportRun = { startedAt: 0, dryRun: false },
): CloneReportWithTables {
  const rows = tables.map((t) => tableReport(t, run));
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.action] = (counts[r.action] ?? 0) + 1;
  counts.notCloned = plan.skipped.length;
  counts.retained = plan.retained.length;
  counts.foreign = plan.foreign.length;
  const validated = rows.filter((r) => r.rowsMatched !== null);
  const warnings = [...plan.warnings];
  if (gate?.verdict === "failed") {
    warnings.push(
      "the validation gate failed: above its threshold it rolls back every table this deployment changed (see its error, table by table); the next pulumi up clones them again",
    );
  }
  return {
    source: plan.sourceCatalog,
    destination: plan.destinationCatalog,
    destinationCatalog: { adopted: catalog.adopted ?? false, createdByStack: catalog.createdByStack ?? false },
    counts,
    tables: rows,
    skipped: plan.skipped.map((s) => ({ name: `${s.schema}.${s.name}`, tableType: s.tableType, reason: s.reason, detail: s.detail })),
    retained: plan.retained.map((r) => ({ name: `${r.schema}.${r.table}`, because: r.retainedBecause })),
    released: plan.released.map((r) => ({ name: `${r.schema}.${r.table}`, because: r.because })),
    foreign: plan.foreign.map((f) => ({ name: `${f.schema}.${f.name}`, tableType: f.tableType, owner: f.owner, because: f.because })),
    bytesCopied: rows.reduce((sum, r) => sum + r.copiedBytes, 0),
    bytesCopiedTotal: rows.reduce((sum, r) => sum + r.copiedBytesTotal, 0),
    validation: {
      validatedTables: validated.length,
      mismatchedTables: validated.filter((r) => r.rowsMatched === false).map((r) => r.name),
      failedTables: rows.filter((r) => r.action === "failed" || r.failed !== undefined).map((r) => r.name),
      gate,
    },
    warnings,
  };
}

/** A short human summary of a plan, printed at program time (preview and up). */
export function describePlan(plan: ClonePlan): string {
  const lines = [
    `${plan.sourceCatalog} → ${plan.destinationCatalog} (${plan.destinationExists ? "destination exists" : "destination will be created"}): ` +
      `${plan.tables.length} table(s) in ${plan.schemas.length} schema(s), ${plan.skipped.length} skipped, ${plan.retained.length} retained` +
      (plan.foreign.length > 0 ? `, ${plan.foreign.length} foreign` : "") +
      (plan.views.length + plan.functions.length > 0 ? `, ${plan.views.length} view(s), ${plan.functions.length} function(s)` : ""),
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
