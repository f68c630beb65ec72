/**
 * What each sync mode does about a drift verdict (DESIGN §3). Pure: the statements live in
 * lifecycle.ts. `resolveDrift` asks for a confirmation only when the answer can change the decision,
 * so e.g. a `snapshot` table never pays a DESCRIBE HISTORY for a source candidate.
 */
import type { SyncMode } from "./inputs";
import type { DestinationState, Screening, SourceState } from "./drift";

/**
 * - `none`: leave the destination as it is.
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
}

type Resolved = { source: Exclude<SourceState, "candidate">; destination: Exclude<DestinationState, "candidate"> };

const none = (reason: string): PlannedAction => ({ kind: "none", label: "skipped", at: "current", reason });

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
      reason: "destination was restored to a version before the clone",
    };
  if (s.source === "moved") {
    if (mode === "snapshot") return none("source moved; snapshot mode keeps the first clone");
    return { kind: rewrite, label: "re-cloned", at: "current", reason: "source table moved" };
  }
  if (s.destination === "written") {
    if (mode === "mirror" || mode === "full")
      return { kind: rewrite, label: "repaired", at: "current", reason: "destination was written out of band" };
    return none(`destination was written out of band; ${mode} mode keeps destination edits`);
  }
  return none(s.source === "pinned" ? "source pinned by asOf; no drift" : "no drift");
}

/** What must agree for a confirmation to be unnecessary (the reason text may differ). */
function decisionKey(a: PlannedAction): string {
  return a.kind === "none" ? "none" : `${a.kind}/${a.at}/${a.label}`;
}

/**
 * Resolves candidates by calling `confirm` only where the decision depends on it, then plans.
 * `confirm` runs one read-only DESCRIBE HISTORY … LIMIT 1 for the given side.
 */
export async function resolveDrift(
  mode: SyncMode,
  screening: Screening,
  confirm: {
    source(): Promise<"unchanged" | "moved">;
    destination(): Promise<"unchanged" | "written" | "restored">;
  },
): Promise<{ action: PlannedAction; confirmations: number }> {
  let confirmations = 0;
  let source = screening.source;
  let destination = screening.destination;
  const base = { configChanges: screening.configChanges, retry: screening.retry };
  const plans = (src: Resolved["source"][], dst: Resolved["destination"][]) =>
    new Set(src.flatMap((a) => dst.map((b) => decisionKey(planAction(mode, { ...base, source: a, destination: b })))));
  const srcOptions = (): Resolved["source"][] => (source === "candidate" ? ["unchanged", "moved"] : [source]);
  const dstOptions = (): Resolved["destination"][] =>
    destination === "candidate" ? ["unchanged", "written", "restored"] : [destination];

  // Destination first: a restored/written destination often decides alone (and is the rarer candidate).
  if (destination === "candidate" && plans(srcOptions(), dstOptions()).size > 1) {
    destination = await confirm.destination();
    confirmations++;
  }
  if (source === "candidate" && plans(srcOptions(), dstOptions()).size > 1) {
    source = await confirm.source();
    confirmations++;
  }
  // Any remaining candidate cannot change the decision: resolve it to "unchanged" for the reason text.
  const resolved: Resolved = {
    source: source === "candidate" ? "unchanged" : source,
    destination: destination === "candidate" ? "unchanged" : destination,
  };
  return { action: planAction(mode, { ...base, ...resolved }), confirmations };
}
