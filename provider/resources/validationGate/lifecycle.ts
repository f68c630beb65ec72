/**
 * The gate over a Warehouse (see inputs.ts for the cross-resource mechanism). Statement-free unless
 * it must roll the deployment back.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { containsUnknown } from "../checkFailures";
import { lookupDestination } from "../table/lookup";
import { refName } from "../table/markers";
import { undoWrite } from "../table/rollback";
import type { GateInputs, GateOutputs } from "./inputs";
import { decideGate } from "./threshold";

/** The gate has work only when a table changed in this deployment (or is about to, in preview). */
export function gateChanges(news: unknown, deploymentId: unknown): boolean {
  const tables = (news as { tables?: unknown }).tables;
  if (containsUnknown(tables) || containsUnknown(deploymentId)) return true;
  return Array.isArray(tables) && tables.some((t) => (t as { changedInDeployment?: unknown }).changedInDeployment === deploymentId);
}

/** Evaluates the deployment; on a share above the threshold restores every changed table and throws. */
export async function evaluateGate(wh: Warehouse, inputs: GateInputs): Promise<GateOutputs> {
  const d = decideGate(inputs.deploymentId, inputs.autoRollbackAbovePct, inputs.tables);
  const pct = Math.round(d.mismatchPct * 100) / 100;
  if (d.verdict !== "rollback") {
    return {
      ...inputs,
      validatedTables: d.validated,
      mismatchedTables: d.mismatched,
      mismatchPct: pct,
      verdict: d.verdict === "nothing-changed" ? "nothing-changed" : d.verdict,
    };
  }
  const undone: string[] = [];
  const failures: string[] = [];
  for (const t of d.changed) {
    const name = refName(t.destination);
    if (t.rolledBack || t.destinationVersion == null) continue; // already restored by its own handler
    try {
      if (t.previousVersion == null) {
        // Created in this deployment: drop it, but only while our marker is on it.
        const found = await lookupDestination(wh, t.destination);
        if (found.exists && found.markers.owner === inputs.owner) {
          await undoWrite(wh, t.destination, null);
          undone.push(`${name} (dropped)`);
        }
      } else {
        await undoWrite(wh, t.destination, t.previousVersion);
        undone.push(`${name} (restored to version ${t.previousVersion})`);
      }
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(
    `[CATALOG_CLONE_VALIDATION_ROLLBACK] ${d.mismatched.length} of ${d.validated} validated tables mismatched ` +
      `(${pct}% > autoRollbackAbovePct ${inputs.autoRollbackAbovePct}%): ${d.mismatched.join(", ")}. ` +
      `Every table changed in this deployment was rolled back: ${undone.length ? undone.join(", ") : "none left to undo"}.` +
      (failures.length ? ` Rollback FAILED for: ${failures.join("; ")}.` : "") +
      " The next pulumi up sees them as drifted and clones them again; investigate the mismatches first.",
  );
}
