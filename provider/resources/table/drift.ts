/**
 * Drift detection for one cloned table, in two steps so a no-drift `up` costs no statement:
 * 1. `screenDrift` compares the fingerprints discovery put in the inputs with what the last write (or
 *    the last baseline move) recorded in the outputs. Statement-free. `last_altered` moves on
 *    metadata-only operations too (comments, grants, OPTIMIZE), so a moved `last_altered` only makes a
 *    *candidate*.
 * 2. `sourceVerdict` / `destinationVerdict` turn a candidate into a verdict from the `DESCRIBE HISTORY`
 *    rows committed since the recorded version (one read-only statement per candidate, and only when
 *    the sync mode's decision depends on it, see syncMode.ts `resolveDrift`). Each row is classified
 *    (`classifyOperation`): maintenance (OPTIMIZE, VACUUM, ANALYZE, comments, TBLPROPERTIES, ...) keeps
 *    the clone valid, so the verdict is `unchanged` with a new *baseline* to record (the next no-drift
 *    `up` is statement-free again); data or schema changes, and operations not known, are drift.
 */
import type { TableInputs, TableOutputs } from "./inputs";
import { shapeKey } from "./shape";

/**
 * Source side: `pinned` = time travel, never drifts; `gone` = retained after the source table vanished;
 * `repoint` (confirmed only) = maintenance that may break a SHALLOW clone (sourceVerdict).
 */
export type SourceState = "unchanged" | "candidate" | "moved" | "repoint" | "pinned" | "gone";
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
  if (olds.cloneType !== news.cloneType) configChanges.push("cloneType");
  if (JSON.stringify(olds.asOf ?? null) !== JSON.stringify(news.asOf ?? null)) configChanges.push("asOf");
  if (olds.owner !== news.owner) configChanges.push("owner");
  if (shapeKey(olds.shape) !== shapeKey(news.shape)) configChanges.push("shape");

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

/**
 * How one committed operation bears on a clone. `maintenance`: the version holds the same rows and the
 * same schema (Delta's `changesData = false`, no schema change), so a clone of the version before it is
 * still a clone of this one. `data`: rows or schema changed. `unknown`: an operation name this code does
 * not know; treated as data-changing (fail safe) and named in the plan reason.
 */
export type OperationClass = { kind: "maintenance" } | { kind: "data"; why: string } | { kind: "unknown"; why: string };

/**
 * Operations that commit a Delta version without changing the rows or the schema a clone copies
 * (names as delta-io DeltaOperations records them). Some also need their parameters checked
 * (classifyOperation). Predictive optimization runs OPTIMIZE, VACUUM and ANALYZE on managed tables.
 */
const MAINTENANCE_OPERATIONS: ReadonlySet<string> = new Set([
  "OPTIMIZE", // compaction / Z-order / liquid clustering, also auto compaction (`auto: true`): dataChange=false
  "REORG", // REORG TABLE ... APPLY (PURGE): rewrites files without soft-deleted rows; same rows
  "VACUUM START",
  "VACUUM END",
  "COMPUTE STATS", // ANALYZE TABLE ... COMPUTE [DELTA] STATISTICS
  "SET TBLPROPERTIES", // also COMMENT ON TABLE (the description is the `comment` property)
  "UNSET TBLPROPERTIES",
  "CHANGE COLUMN", // column comment (ALTER COLUMN ... COMMENT / COMMENT ON COLUMN); see classifyOperation
  "UPGRADE PROTOCOL",
  "DROP FEATURE",
  "CLUSTER BY",
  "SET TAGS",
  "UNSET TAGS",
  "EMPTY COMMIT",
]);

/** Operations known to change rows or schema (the rest of the names are unknown, and count as data too). */
const DATA_OPERATIONS: ReadonlySet<string> = new Set([
  "WRITE",
  "STREAMING UPDATE",
  "MERGE",
  "UPDATE",
  "DELETE",
  "TRUNCATE",
  "RESTORE",
  "CLONE",
  "CONVERT",
  "COPY INTO",
  "CREATE TABLE",
  "CREATE TABLE AS SELECT",
  "REPLACE TABLE",
  "REPLACE TABLE AS SELECT",
  "CREATE OR REPLACE TABLE",
  "CREATE OR REPLACE TABLE AS SELECT",
  "ADD COLUMNS",
  "DROP COLUMNS",
  "RENAME COLUMN",
  "REPLACE COLUMNS",
  "CHANGE COLUMNS",
  "UPDATE SCHEMA",
  "MANUAL UPDATE",
  // A CHECK constraint is a Delta table property (`delta.constraints.<name>`) that CLONE copies, part of
  // the table's contract: a clone must carry the source's, so adding or dropping one is drift (re-clone).
  "ADD CONSTRAINT",
  "DROP CONSTRAINT",
]);

/** Property keys of this stack's markers (markers.ts, ownership.ts): changing them is never maintenance. */
const MARKER_KEY_PREFIX = "catalog_clone.";

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Classifies one history row. */
export function classifyOperation(row: HistoryTop): OperationClass {
  const op = row.operation.trim().toUpperCase();
  const p = row.operationParameters ?? {};
  if (MAINTENANCE_OPERATIONS.has(op)) {
    if ((op === "OPTIMIZE" || op === "REORG") && String(p.dataChange ?? "").toLowerCase() === "true") {
      return { kind: "data", why: `${op} with dataChange=true` };
    }
    if (op === "SET TBLPROPERTIES" || op === "UNSET TBLPROPERTIES") {
      const props = parseJson(p.properties);
      const keys = Array.isArray(props) ? props : props && typeof props === "object" ? Object.keys(props) : null;
      if (keys === null) return { kind: "data", why: `${op} whose properties cannot be read` };
      if (keys.some((k) => String(k).toLowerCase().startsWith(MARKER_KEY_PREFIX))) {
        return { kind: "data", why: `${op} of this stack's markers (${MARKER_KEY_PREFIX}*)` };
      }
    }
    if (op === "CHANGE COLUMN") {
      // Delta records the new column only ({name, type, nullable, metadata}) and `position` when it moves.
      // A comment change keeps the type; a type widening leaves `delta.typeChanges` in the metadata.
      if (p.position !== undefined && p.position !== "") return { kind: "data", why: "CHANGE COLUMN that moves a column" };
      const col = parseJson(p.column) as { metadata?: Record<string, unknown> } | undefined;
      if (!col || typeof col !== "object") return { kind: "data", why: "CHANGE COLUMN whose column cannot be read" };
      if (col.metadata && typeof col.metadata === "object" && "delta.typeChanges" in col.metadata) {
        return { kind: "data", why: "CHANGE COLUMN that changes a column type" };
      }
    }
    return { kind: "maintenance" };
  }
  if (DATA_OPERATIONS.has(op)) return { kind: "data", why: op };
  return { kind: "unknown", why: `unknown operation '${row.operation}', treated as data-changing` };
}

/** The commits after a recorded version, classified. */
export type ChangesSince =
  /** The table has no version at or after the recorded one: re-created, or restored by replacement. */
  | { kind: "behind" }
  /** Nothing committed after the recorded version. */
  | { kind: "none"; top: HistoryTop }
  /** Only maintenance: `operations` distinct, oldest first. */
  | { kind: "maintenance"; top: HistoryTop; operations: string[] }
  /** At least one commit changed data; `newest` is the newest data-changing (or unknown) one. */
  | { kind: "data"; top: HistoryTop; newest: HistoryTop; why: string; unknown: boolean }
  /** Versions after the recorded one are missing from the history read: cannot prove there was no change. */
  | { kind: "incomplete"; top: HistoryTop; why: string };

/**
 * Classifies the history rows at or after `baseline` (any order; rows below it are ignored). Every
 * version from baseline+1 to the newest must be present, else the result is `incomplete` (history
 * truncated by retention, or more commits than one read returns): the caller treats that as changed.
 */
export function changesSince(rows: readonly HistoryTop[], baseline: number): ChangesSince {
  const atOrAfter = [...rows].filter((r) => r.version >= baseline).sort((a, b) => b.version - a.version);
  if (atOrAfter.length === 0) return { kind: "behind" };
  const top = atOrAfter[0];
  const after = atOrAfter.filter((r) => r.version > baseline).reverse(); // oldest first
  if (after.length === 0) return { kind: "none", top };
  for (let i = 0; i < after.length; i++) {
    if (after[i].version !== baseline + 1 + i) {
      return {
        kind: "incomplete",
        top,
        why: `the history read holds ${after.length} of the ${top.version - baseline} versions after v${baseline}`,
      };
    }
  }
  let newest: { row: HistoryTop; cls: Exclude<OperationClass, { kind: "maintenance" }> } | null = null;
  const operations: string[] = [];
  for (const row of after) {
    const cls = classifyOperation(row);
    if (cls.kind === "maintenance") {
      if (!operations.includes(row.operation.toUpperCase())) operations.push(row.operation.toUpperCase());
    } else newest = { row, cls };
  }
  if (newest) {
    return { kind: "data", top, newest: newest.row, why: `${newest.cls.why} at v${newest.row.version}`, unknown: newest.cls.kind === "unknown" };
  }
  return { kind: "maintenance", top, operations };
}

/** A baseline that moves without a write: the version drift compares with next time, and why. */
export interface SideBaseline {
  version: number;
  note: string;
}

/**
 * A confirmed source candidate:
 * - `unchanged`: its data is still what was cloned; `baseline` set when the recorded baseline should
 *   move (maintenance-only commits, or a last_altered that moved without a commit);
 * - `moved`: data or schema changed (or it cannot be proved otherwise): re-clone per sync mode;
 * - `repoint`: only maintenance, but a SHALLOW clone reads the source's files and a source VACUUM may
 *   have deleted some of them: re-point the clone (CREATE OR REPLACE, never a DROP).
 */
export type SourceVerdict =
  | { state: "unchanged"; baseline?: SideBaseline }
  | { state: "moved"; detail?: string }
  | { state: "repoint"; detail: string };

/**
 * A confirmed destination candidate: `unchanged` (our clone's rows are there; `baseline` as for the
 * source), `written` (someone committed data on top of our clone, or it cannot be proved otherwise),
 * `restored` (rolled back to a version before our clone, or re-created: the clone is gone).
 */
export type DestinationVerdict =
  | { state: "unchanged"; baseline?: SideBaseline }
  | { state: "written"; detail?: string }
  | { state: "restored"; detail?: string };

const opList = (ops: string[]) => ops.join(", ");

/**
 * Source side. `rows`: its history at or after the recorded version (null: the table is gone);
 * `baseline`: the source version the clone holds; `lastAlteredMoved`: discovery's last_altered differs
 * from the recorded one (so a baseline move is worth recording even without a new version).
 */
export function sourceVerdict(
  rows: readonly HistoryTop[] | null,
  baseline: number | null,
  opts: { shallow: boolean; lastAlteredMoved: boolean },
): SourceVerdict {
  if (rows === null) return { state: "moved", detail: "the source table was not found" };
  if (baseline === null) return { state: "moved" }; // cannot compare: re-clone is the safe side
  const c = changesSince(rows, baseline);
  switch (c.kind) {
    case "behind":
      return { state: "moved", detail: `it has no version at or after v${baseline} any more (re-created)` };
    case "incomplete":
      return { state: "moved", detail: `${c.why}; treated as data-changing` };
    case "data":
      return c.unknown ? { state: "moved", detail: c.why } : { state: "moved" };
    case "none":
      return opts.lastAlteredMoved
        ? { state: "unchanged", baseline: { version: baseline, note: `source last_altered moved without a new version since v${baseline} (grants, tags or ownership): baseline moved, no re-clone` } }
        : { state: "unchanged" };
    case "maintenance":
      if (opts.shallow && c.operations.some((o) => o.startsWith("VACUUM"))) {
        return {
          state: "repoint",
          detail: `source maintenance (${opList(c.operations)}) since v${baseline}: a source VACUUM may have deleted files this shallow clone reads; re-pointed at v${c.top.version}`,
        };
      }
      return {
        state: "unchanged",
        baseline: { version: c.top.version, note: `source maintenance (${opList(c.operations)}) since v${baseline}: baseline moved to v${c.top.version}, no re-clone` },
      };
  }
}

/**
 * Destination side. `rows`: its history at or after `baseline`, the destination version recorded as
 * holding our clone (null rows: the table is gone). The recorded version itself must be our CLONE or
 * maintenance; anything else means the table was replaced under the same name.
 */
export function destinationVerdict(
  rows: readonly HistoryTop[] | null,
  baseline: number | null,
  opts: { lastAlteredMoved: boolean; shaped?: boolean },
): DestinationVerdict {
  if (rows === null) return { state: "restored", detail: "the destination table was not found" };
  if (baseline === null) return { state: "restored" };
  const c = changesSince(rows, baseline);
  if (c.kind === "behind") return { state: "restored" }; // re-created, or history rewritten below our version
  const recorded = rows.find((r) => r.version === baseline);
  // Our write is a CLONE, or for a shaped table (shapedWrite.ts) its CREATE TABLE … AS SELECT.
  const ours = opts.shaped ? /CLONE|AS SELECT/i : /CLONE/i;
  if (recorded && !ours.test(recorded.operation) && classifyOperation(recorded).kind === "data") {
    return { state: "written", detail: `its v${baseline} is a ${recorded.operation}, not the clone this stack recorded (replaced)` };
  }
  switch (c.kind) {
    case "incomplete":
      return { state: "written", detail: `${c.why}; treated as a write` };
    case "data": {
      if (c.newest.operation.toUpperCase() === "RESTORE") {
        const to = Number(c.newest.operationParameters?.version);
        if (!Number.isFinite(to) || to < baseline) return { state: "restored" };
      }
      return c.unknown ? { state: "written", detail: c.why } : { state: "written" };
    }
    case "none":
      return opts.lastAlteredMoved
        ? { state: "unchanged", baseline: { version: baseline, note: `destination last_altered moved without a new version since v${baseline} (grants, tags or ownership): baseline moved` } }
        : { state: "unchanged" };
    case "maintenance":
      return {
        state: "unchanged",
        baseline: {
          version: c.top.version,
          note: `destination maintenance (${opList(c.operations)}) since v${baseline}: not an edit, baseline moved to v${c.top.version}, no repair`,
        },
      };
  }
}

/** True when discovery's last_altered is known and differs from the recorded one (screenDrift's candidate test). */
export function lastAlteredMoved(now: string | null | undefined, recorded: string | null | undefined): boolean {
  return !!now && !sameInstant(now, recorded);
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
