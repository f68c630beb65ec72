/**
 * The gate over a Warehouse (see inputs.ts for the cross-resource mechanism). Statement-free unless
 * it must roll the deployment back.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { containsUnknown } from "../kit/previewUnknowns";
import { refName } from "../table/markers";
import { putBack } from "../table/rollback";
import type { GateInputs, GateOutputs, GateTable } from "./inputs";
import { decideGate } from "./threshold";

/** The gate has work only when a table changed in this deployment (or is about to, in preview). */
export function gateChanges(news: unknown, deploymentId: unknown): boolean {
  const tables = (news as { tables?: unknown }).tables;
  if (containsUnknown(tables) || containsUnknown(deploymentId)) return true;
  return Array.isArray(tables) && tables.some((t) => (t as { changedInDeployment?: unknown }).changedInDeployment === deploymentId);
}

/** One table in the gate's account of the deployment: what its handler did, and what the gate did to it. */
function accountOf(t: GateTable, deploymentId: string, gate: string): string {
  const did = t.changedInDeployment === deploymentId ? `${t.lastAction ?? "changed"}${t.lastReason ? ` (${clip(t.lastReason)})` : ""}` : "unchanged by this deployment";
  return `  ${refName(t.destination)}: ${did}${gate ? `; ${gate}` : ""}`;
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

/**
 * Evaluates the deployment `deploymentId`. At or below the threshold: returns the verdict (nothing is
 * rolled back). Above it: puts back every table this deployment changed whose write is still in place
 * (RESTORE to the version before it, or DROP of what it created while it carries this stack's marker),
 * then throws, saying table by table what the deployment did and what the gate undid.
 */
export async function evaluateGate(wh: Warehouse, inputs: GateInputs, deploymentId: string): Promise<GateOutputs> {
  const d = decideGate(deploymentId, inputs.autoRollbackAbovePct, inputs.tables);
  const pct = Math.round(d.mismatchPct * 100) / 100;
  if (d.verdict !== "rollback") {
    return {
      ...inputs,
      deploymentId,
      validatedTables: d.validated,
      mismatchedTables: d.mismatched,
      failedTables: d.failed,
      mismatchPct: pct,
      verdict: d.verdict,
    };
  }
  const done = new Map<GateTable, string>();
  let failures = 0;
  for (const t of d.changed) {
    if (t.rolledBack || t.destinationVersion == null) {
      done.set(t, "nothing of this deployment in place (its handler undid the write, or it never ran)");
      continue;
    }
    try {
      done.set(t, `rolled back: ${await putBack(wh, { table: t.destination, owner: inputs.owner, previousVersion: t.previousVersion ?? null })}`);
    } catch (err) {
      failures++;
      done.set(t, `rollback FAILED: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  const bad = [...d.mismatched.map((n) => `${n} (mismatch)`), ...d.failed.map((n) => `${n} (failed)`)];
  throw new Error(
    `[CATALOG_CLONE_VALIDATION_ROLLBACK] ${d.mismatched.length + d.failed.length} of ${d.validated + d.failed.length} validated tables ` +
      `mismatched or failed (${pct}% > autoRollbackAbovePct ${inputs.autoRollbackAbovePct}%): ${bad.join(", ")}. ` +
      `Every table changed in this deployment was rolled back` +
      (failures ? `, except ${failures} whose rollback FAILED` : "") +
      ". The next pulumi up sees them as drifted and clones them again; investigate the mismatches first.\n" +
      "This deployment, table by table:\n" +
      inputs.tables.map((t) => accountOf(t, deploymentId, done.get(t) ?? "")).join("\n"),
  );
}
