/**
 * Drift detection for one cloned table, in two steps so a no-drift `up` costs no statement:
 * 1. `screenDrift` compares the fingerprints discovery put in the inputs with what the last write
 *    recorded in the outputs. Statement-free. `last_altered` moves on metadata-only operations too
 *    (comments, grants, OPTIMIZE), so a moved `last_altered` only makes a *candidate*.
 * 2. `confirmSourceDrift` / `confirmDestinationDrift` turn a candidate into a verdict from the newest
 *    `DESCRIBE HISTORY … LIMIT 1` row: one read-only statement per candidate, and only when the sync
 *    mode's decision depends on it (see syncMode.ts `resolveDrift`).
 */
import type { TableInputs, TableOutputs } from "./inputs";

/** Source side: `pinned` = time travel, never drifts; `gone` = retained after the source table vanished. */
export type SourceState = "unchanged" | "candidate" | "moved" | "pinned" | "gone";
/**
 * Destination side: `written` = someone committed on top of our clone; `restored` = the destination was
 * rolled back to a version before our clone (out of band or by the validation gate): the clone is gone;
 * `missing` = dropped.
 */
export type DestinationState = "unchanged" | "candidate" | "missing" | "written" | "restored";

export interface Screening {
  source: SourceState;
  destination: DestinationState;
  /** Inputs that change what is cloned (source name, clone type, time travel pin, owner marker). */
  configChanges: string[];
  /** Set when the recorded state holds no clone of ours (rolled back by validation, partial create). */
  retry: string | null;
}

/** The newest `DESCRIBE HISTORY` row, reduced to what drift needs. */
export interface HistoryTop {
  version: number;
  operation: string;
  operationParameters: Record<string, string>;
}

/** True when two timestamps denote the same instant (ISO strings of different precision compare equal). */
export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == b;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a === b;
  return ta === tb;
}

function sameRef(a: { catalog: string; schema: string; table: string }, b: typeof a): boolean {
  return (
    a.catalog.toLowerCase() === b.catalog.toLowerCase() &&
    a.schema.toLowerCase() === b.schema.toLowerCase() &&
    a.table.toLowerCase() === b.table.toLowerCase()
  );
}

/** Statement-free comparison of the new inputs with the recorded outputs. */
export function screenDrift(olds: TableOutputs, news: TableInputs): Screening {
  const configChanges: string[] = [];
  if (!sameRef(olds.source, news.source)) configChanges.push("source");
  if ((olds.cloneType ?? "DEEP") !== (news.cloneType ?? "DEEP")) configChanges.push("cloneType");
  if (JSON.stringify(olds.asOf ?? null) !== JSON.stringify(news.asOf ?? null)) configChanges.push("asOf");
  if (olds.owner !== news.owner) configChanges.push("owner");

  let retry: string | null = null;
  if (olds.rolledBack) retry = "the last clone failed validation and was rolled back";
  else if (olds.destinationVersion == null) retry = "no completed clone is recorded";
  else if (olds.unverified) retry = "the last clone was not verified (a check after it failed)";

  let source: SourceState;
  if (news.retainedBecause || !news.sourceFingerprint) source = "gone";
  else if (news.asOf) source = "pinned";
  else if (!news.sourceFingerprint.lastAltered) source = "candidate"; // no signal: ask the history
  else source = sameInstant(news.sourceFingerprint.lastAltered, olds.clonedSourceLastAltered) ? "unchanged" : "candidate";

  let destination: DestinationState;
  if (!news.destinationFingerprint.exists) destination = "missing";
  else if (!news.destinationFingerprint.lastAltered) destination = "candidate";
  else destination = sameInstant(news.destinationFingerprint.lastAltered, olds.destinationLastAltered) ? "unchanged" : "candidate";

  return { source, destination, configChanges, retry };
}

/** A source candidate has moved when its newest version is past the version we cloned. */
export function confirmSourceDrift(top: HistoryTop | null, clonedVersion: number | null): "unchanged" | "moved" {
  if (top == null || clonedVersion == null) return "moved"; // cannot compare: re-clone is the safe side
  return top.version > clonedVersion ? "moved" : "unchanged";
}

/**
 * A destination candidate: same version as we wrote → metadata-only change (false positive); a RESTORE
 * to a version older than ours → our clone was undone; anything else → written out of band.
 */
export function confirmDestinationDrift(
  top: HistoryTop | null,
  writtenVersion: number | null,
): "unchanged" | "written" | "restored" {
  if (top == null || writtenVersion == null) return "restored";
  if (top.version === writtenVersion) return "unchanged";
  if (top.operation.toUpperCase() === "RESTORE") {
    const to = Number(top.operationParameters?.version);
    if (!Number.isFinite(to) || to < writtenVersion) return "restored";
  }
  if (top.version < writtenVersion) return "restored"; // table re-created under the same name
  return "written";
}

/** Reads the fields drift needs from a `DESCRIBE HISTORY` row (column names as Databricks prints them). */
export function historyTop(row: Record<string, unknown> | undefined): HistoryTop | null {
  if (!row) return null;
  const params = row.operationParameters;
  let operationParameters: Record<string, string> = {};
  if (params && typeof params === "object") {
    operationParameters = Object.fromEntries(
      Object.entries(params as Record<string, unknown>).map(([k, v]) => [k, v == null ? "" : String(v)]),
    );
  } else if (typeof params === "string") {
    try {
      operationParameters = JSON.parse(params) as Record<string, string>;
    } catch {
      operationParameters = {};
    }
  }
  return { version: Number(row.version), operation: String(row.operation ?? ""), operationParameters };
}
