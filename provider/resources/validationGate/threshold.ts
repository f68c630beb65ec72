/** The gate's decision, pure: which tables changed in this deployment, the bad share, and the verdict. */
import { refName } from "../table/markers";
import type { GateTable } from "./inputs";

export interface GateDecision {
  changed: GateTable[];
  /** Changed tables that were validated (their validation ran). */
  validated: number;
  mismatched: string[];
  /** Changed tables whose write failed (recorded, not thrown: see GateTable.failed). */
  failed: string[];
  /** (mismatched + failed) / (validated + failed), in percent; 0 when nothing was validated or failed. */
  mismatchPct: number;
  /** `rollback` when the share exceeds the threshold (strictly); at the threshold the deployment passes. */
  verdict: "passed" | "reported" | "rollback" | "nothing-changed";
}

export function decideGate(deploymentId: string, autoRollbackAbovePct: number, tables: readonly GateTable[]): GateDecision {
  const changed = tables.filter((t) => t.changedInDeployment === deploymentId);
  const failed = changed.filter((t) => t.failed != null && t.failed !== "");
  const validated = changed.filter((t) => t.validation != null && !failed.includes(t));
  const mismatched = validated.filter((t) => t.validation && !t.validation.matched).map((t) => refName(t.destination));
  const considered = validated.length + failed.length;
  const mismatchPct = considered === 0 ? 0 : ((mismatched.length + failed.length) * 100) / considered;
  let verdict: GateDecision["verdict"];
  if (changed.length === 0) verdict = "nothing-changed";
  else if (mismatchPct > autoRollbackAbovePct) verdict = "rollback";
  else verdict = mismatched.length + failed.length > 0 ? "reported" : "passed";
  return { changed, validated: validated.length, mismatched, failed: failed.map((t) => refName(t.destination)), mismatchPct, verdict };
}
