/** The gate's decision, pure: which tables changed in this deployment, the mismatch share, and the verdict. */
import { refName } from "../table/markers";
import type { GateTable } from "./inputs";

export interface GateDecision {
  changed: GateTable[];
  validated: number;
  mismatched: string[];
  mismatchPct: number;
  /** `rollback` when the share exceeds the threshold (strictly). */
  verdict: "passed" | "reported" | "rollback" | "nothing-changed";
}

export function decideGate(deploymentId: string, autoRollbackAbovePct: number, tables: readonly GateTable[]): GateDecision {
  const changed = tables.filter((t) => t.changedInDeployment === deploymentId);
  const validated = changed.filter((t) => t.validation != null);
  const mismatched = validated.filter((t) => t.validation && !t.validation.matched).map((t) => refName(t.destination));
  const mismatchPct = validated.length === 0 ? 0 : (mismatched.length * 100) / validated.length;
  let verdict: GateDecision["verdict"];
  if (changed.length === 0) verdict = "nothing-changed";
  else if (mismatchPct > autoRollbackAbovePct) verdict = "rollback";
  else verdict = mismatched.length > 0 ? "reported" : "passed";
  return { changed, validated: validated.length, mismatched, mismatchPct, verdict };
}
