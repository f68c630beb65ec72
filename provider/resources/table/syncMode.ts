/**
 * What each sync mode does about a drift verdict (DESIGN §3). Pure: the statements live in
 * lifecycle.ts. `resolveDrift` asks for a confirmation only when the answer can change the decision,
 * so e.g. a `snapshot` table never pays a DESCRIBE HISTORY for a source candidate.
 *
 * Maintenance (OPTIMIZE, VACUUM, ANALYZE, comments, TBLPROPERTIES) is never drift in any mode: a
 * confirmed side whose commits since the recorded version are all maintenance resolves to `unchanged`,
 * and the action carries a `baseline` to record instead (no SQL), so the next `up` does not confirm the
 * same candidate again. `full` therefore never drops a table for maintenance.
 */
import type { SyncMode } from "../../vocabulary/syncMode";
import type { DestinationState, DestinationVerdict, Screening, SideBaseline, SourceState, SourceVerdict } from "./drift";

/**
 * - `none`: leave the destination as it is (and record `baseline` when set).
 * - `clone`: `CREATE OR REPLACE TABLE … CLONE` (incremental for DEEP; keeps destination grants/history).
 * - `recreate`: `full` mode: DROP + CREATE (the caller downgrades to `clone` for adopted tables so their
 *   pre-clone version stays restorable).
 */
export interface PlannedAction {
  kind: "none" | "clone" | "recreate";
  /** `re-cloned` (source side / settings) or `repaired` (destination side); `skipped` for none. */
  label: "re-cloned" | "repaired" | "skipped";
  /**
   * Which source version to clone: `current` (or the `asOf` pin), or `recorded` = the version cloned
   * last time (snapshot repairs keep the snapshot).
   */
  at: "current" | "recorded";
  reason: string;
  /**
   * Only with kind `none`: the drift baselines to record without writing (a side whose commits since
   * the recorded version are all maintenance, or whose last_altered moved without a commit).
   */
  baseline?: { source?: SideBaseline; destination?: SideBaseline };
}

type Resolved = {
  source: Exclude<SourceState, "candidate">;
  destination: Exclude<DestinationState, "candidate">;
  /** Why a confirmed side moved, when worth saying (unknown operation, incomplete history, ...). */
  sourceDetail?: string;
  destinationDetail?: string;
};

const none = (reason: string): PlannedAction => ({ kind: "none", label: "skipped", at: "current", reason });
const withDetail = (reason: string, detail: string | undefined) => (detail ? `${reason} (${detail})` : reason);

/** The decision for fully confirmed drift. */
export function planAction(mode: SyncMode, s: Resolved & Pick<Screening, "configChanges" | "retry">): PlannedAction {
  const rewrite: PlannedAction["kind"] = mode === "full" ? "recreate" : "clone";
  if (s.source === "gone") {
    if (s.destination === "missing") return none("source table is gone and the destination was dropped; nothing to clone");
    return none("source table is gone; destination retained (dropExtra is off)");
  }
  if (s.destination === "missing")
    return { kind: "clone", label: "repaired", at: mode === "snapshot" && s.configChanges.length === 0 ? "recorded" : "current", reason: "destination table was dropped out of band" };
  if (s.configChanges.length > 0)
    return { kind: rewrite, label: "re-cloned", at: "current", reason: `settings changed: ${s.configChanges.join(", ")}` };
  if (s.retry !== null)
    return { kind: "clone", label: "repaired", at: mode === "snapshot" ? "recorded" : "current", reason: s.retry };
  if (s.destination === "restored")
    return {
      kind: rewrite,
      label: "repaired",
      at: mode === "snapshot" ? "recorded" : "current",
      reason: withDetail("destination was restored to a version before the clone", s.destinationDetail),
    };
  if (s.source === "moved") {
    if (mode === "snapshot") return none("source moved; snapshot mode keeps the first clone");
    return { kind: rewrite, label: "re-cloned", at: "current", reason: withDetail("source table moved", s.sourceDetail) };
  }
  if (s.source === "repoint") {
    // Same rows as the clone, so never a DROP (full mode included): re-point in place, keeping grants.
    if (mode === "snapshot") return none("source maintenance; snapshot mode keeps the first clone");
    return { kind: "clone", label: "repaired", at: "current", reason: s.sourceDetail ?? "shallow clone re-pointed after a source VACUUM" };
  }
  if (s.destination === "written") {
    if (mode === "mirror" || mode === "full")
      return { kind: rewrite, label: "repaired", at: "current", reason: withDetail("destination was written out of band", s.destinationDetail) };
    return none(`destination was written out of band; ${mode} mode keeps destination edits`);
  }
  return none(s.source === "pinned" ? "source pinned by asOf; no drift" : "no drift");
}

/** What must agree for a confirmation to be unnecessary (the reason text may differ). */
function decisionKey(a: PlannedAction): string {
  return a.kind === "none" ? "none" : `${a.kind}/${a.at}/${a.label}`;
}

/**
 * What a caller that needs only Pulumi's answer (is anything to be done?) lets resolveDrift leave to the
 * update: the source's confirmation, when every verdict it could give is a change (a write, or a
 * baseline to record). `unchangedMovesBaseline`: an unchanged source verdict records a baseline (its
 * last_altered moved: drift.ts sourceVerdict), so "unchanged" is a change too.
 */
export interface DeferSource {
  unchangedMovesBaseline: boolean;
}

/**
 * Resolves candidates by calling `confirm` only where the decision depends on it, then plans.
 * `confirm` runs one read-only history read for the given side. A side confirmed as unchanged may
 * return a baseline to record: it is attached to the action when nothing is written (a write records a
 * fresh baseline of its own). With `deferSource` (see DeferSource) a source confirmation that cannot
 * change the answer is not run: the result is `deferred`, its action the one for a source that moved
 * (what the update does unless the history shows maintenance only).
 */
export async function resolveDrift(
  mode: SyncMode,
  screening: Screening,
  confirm: {
    source(): Promise<SourceVerdict>;
    destination(): Promise<DestinationVerdict>;
  },
  opts: { deferSource?: DeferSource } = {},
): Promise<{ action: PlannedAction; confirmations: number; deferred?: "source" }> {
  let confirmations = 0;
  let source = screening.source;
  let destination = screening.destination;
  let sourceDetail: string | undefined;
  let destinationDetail: string | undefined;
  const baseline: NonNullable<PlannedAction["baseline"]> = {};
  const base = { configChanges: screening.configChanges, retry: screening.retry };
  const plans = (src: Resolved["source"][], dst: Resolved["destination"][]) =>
    new Set(src.flatMap((a) => dst.map((b) => decisionKey(planAction(mode, { ...base, source: a, destination: b })))));
  const srcOptions = (): Resolved["source"][] => (source === "candidate" ? ["unchanged", "moved", "repoint"] : [source]);
  const dstOptions = (): Resolved["destination"][] =>
    destination === "candidate" ? ["unchanged", "written", "restored"] : [destination];

  // Destination first: a restored/written destination often decides alone (and is the rarer candidate).
  if (destination === "candidate" && plans(srcOptions(), dstOptions()).size > 1) {
    const v = await confirm.destination();
    confirmations++;
    destination = v.state;
    if (v.state === "unchanged") baseline.destination = v.baseline;
    else destinationDetail = v.detail;
  }
  if (source === "candidate" && plans(srcOptions(), dstOptions()).size > 1) {
    const defer = opts.deferSource;
    const isChange = (s: Resolved["source"], d: Resolved["destination"]) =>
      planAction(mode, { ...base, source: s, destination: d }).kind !== "none" ||
      (s === "unchanged" && defer?.unchangedMovesBaseline === true) ||
      baseline.destination !== undefined;
    if (defer && srcOptions().every((s) => dstOptions().every((d) => isChange(s, d)))) {
      const dst = destination === "candidate" ? "unchanged" : destination;
      return { action: planAction(mode, { ...base, source: "moved", destination: dst, destinationDetail }), confirmations, deferred: "source" };
    }
    const v = await confirm.source();
    confirmations++;
    source = v.state;
    if (v.state === "unchanged") baseline.source = v.baseline;
    else sourceDetail = v.detail;
  }
  // Any remaining candidate cannot change the decision: resolve it to "unchanged" for the reason text.
  const resolved: Resolved = {
    source: source === "candidate" ? "unchanged" : source,
    destination: destination === "candidate" ? "unchanged" : destination,
    sourceDetail,
    destinationDetail,
  };
  const action = planAction(mode, { ...base, ...resolved });
  if (action.kind !== "none") return { action, confirmations };
  const moved = { ...(baseline.source ? { source: baseline.source } : {}), ...(baseline.destination ? { destination: baseline.destination } : {}) };
  if (!moved.source && !moved.destination) return { action, confirmations };
  const notes = [moved.source?.note, moved.destination?.note].filter((n): n is string => !!n);
  const reason = [...(action.reason === "no drift" ? [] : [action.reason]), ...notes].join("; ");
  return { action: { ...action, reason, baseline: moved }, confirmations };
}
