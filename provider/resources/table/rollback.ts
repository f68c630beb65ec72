/**
 * Undoing writes of this stack to destination tables: one write (RESTORE to the version it had before
 * the write, or DROP when the write created the table), used by a table handler whose write failed
 * validation (or failed half-way), by the validation gate, and by delete for adopted tables; and the
 * writes of a deployment that failed with `rollbackOnFailure` (see ../deploymentLedger.ts).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { dropTable, restoreTable } from "../../sql/table";
import { executeIdempotent } from "../idempotentWrite";
import type { DeploymentLedger, LedgerEntry, LedgerWrite } from "../deploymentLedger";
import type { TableRef } from "../../vocabulary/objectIdentity";
import type { TableOutputs } from "./inputs";
import { lookupDestination, objectName } from "./lookup";

/**
 * `previousVersion` null: the table did not exist before the write, so undoing it drops the table.
 * Both statements are idempotent (DROP … IF EXISTS; RESTORE to a fixed version leaves the same data when
 * applied twice), so a lost answer is simply re-sent.
 */
export async function undoWrite(wh: Warehouse, table: TableRef, previousVersion: number | null): Promise<"restored" | "dropped"> {
  if (previousVersion === null) {
    await executeIdempotent(wh, dropTable(objectName(table)));
    return "dropped";
  }
  await executeIdempotent(wh, restoreTable(objectName(table), { version: previousVersion }));
  return "restored";
}

/**
 * Puts back one write of this deployment (rollbackOnFailure, the validation gate): RESTORE to the
 * version before it, or, for a table the write created, DROP it while it still carries this stack's
 * marker (one read first: a table someone else re-created since is left alone). Returns how, in words.
 */
export async function putBack(wh: Warehouse, w: LedgerWrite): Promise<string> {
  if (w.previousVersion !== null) {
    await undoWrite(wh, w.table, w.previousVersion);
    return `restored to version ${w.previousVersion}`;
  }
  const found = await lookupDestination(wh, w.table);
  if (!found.exists) return "already gone";
  if (found.markers.owner !== w.owner) return `left alone: it no longer carries this stack's marker (${found.markers.owner ?? "none"})`;
  await undoWrite(wh, w.table, null);
  return "dropped (this deployment created it)";
}

/** The write these outputs record as made by deployment `deploymentId` and still in place, if any. */
export function writeInPlace(outs: TableOutputs, deploymentId: string): LedgerWrite | null {
  if (outs.changedInDeployment !== deploymentId || outs.destinationVersion == null || outs.rolledBack) return null;
  return { table: outs.destination, owner: outs.owner, previousVersion: outs.previousVersion };
}

/** What these outputs say the deployment did to the table, in words. */
export function outcomeOf(outs: TableOutputs, deploymentId: string): string {
  const reason = outs.lastReason.length > 200 ? `${outs.lastReason.slice(0, 200)}...` : outs.lastReason;
  if (outs.changedInDeployment !== deploymentId && outs.lastAction !== "skipped") return `unchanged (${reason})`;
  return `${outs.lastAction} (${reason})`;
}

/** The outputs of a table whose write this deployment put back (the table holds previousVersion again, or is gone). */
export function putBackOutputs(outs: TableOutputs, recordedSourceVersion: number | null, reason: string): TableOutputs {
  return {
    ...outs,
    sourceVersion: outs.previousVersion !== null ? recordedSourceVersion : null,
    clonedSourceLastAltered: null,
    destinationVersion: null,
    destinationLastAltered: null,
    rolledBack: true,
    unverified: undefined,
    lastAction: "rolled-back",
    lastReason: reason,
  };
}

/** At most this many put-backs run at once (the warehouse limit still applies; DESIGN §5). */
const PUT_BACK_CONCURRENCY = 4;

/**
 * The first failure of a rollbackOnFailure deployment: puts back every write of the finished tables the
 * ledger hands over, a few at a time, recording how each went. Never throws: a put-back that fails is
 * recorded as such (the next `up` still sees the table as drifted or unverified).
 */
export async function putBackFinished(wh: Warehouse, ledger: DeploymentLedger, entries: LedgerEntry[]): Promise<void> {
  const queue = [...entries];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      try {
        ledger.putBack(e, await putBack(wh, e.write!), true);
      } catch (err) {
        ledger.putBack(e, `put back FAILED: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, false);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PUT_BACK_CONCURRENCY, queue.length) }, worker));
}
