/**
 * The protected-table copy over a Warehouse. Databricks refuses to CLONE a table with a row filter or
 * column mask (reference §4.4, policyRefusals in the engine), so a write is, in this order:
 *  1. the policy functions in the destination (policyFunctions.ts);
 *  2. `CREATE [OR REPLACE] TABLE dest (cols ... MASK f ...) WITH ROW FILTER f ON (...) TBLPROPERTIES (markers)`:
 *     the table and its policies in ONE statement, so no version of it, and no moment, exists without them
 *     (whoever holds SELECT on its schema or catalog can read a new table at once); the version it creates
 *     is empty;
 *  3. `INSERT OVERWRITE dest SELECT cols FROM source`: the rows and values the stack's principal reads in the
 *     source, written under the policies already in place;
 *  4. rows counted on both sides as the same principal: a mismatch undoes the write.
 * Time travel to a version of the copy is refused by Databricks while it has policies (FGAC_TIME_TRAVEL /
 * *_FEATURE_NOT_SUPPORTED.TIME_TRAVEL), and every version of it was written with them.
 *
 * Drift: a moved source `last_altered` (new data, or a changed/removed policy: setting one moves it) or a
 * moved destination (written, dropped, a policy removed out of band) re-runs 2-4 (OR REPLACE keeps the
 * table's history, so an adopted table stays restorable); changed function bodies re-run 1 only; nothing
 * moved: no statement. Destroy: DROP (then the functions no policy calls any more). An existing table
 * nobody marked is never adopted (existingIsOurs); this stack's plain clone (made before the source gained
 * a policy) is dropped first, then copied (dropPlainClone).
 *
 * Not verified against a workspace (GUESS, reference §4.4): that `CREATE OR REPLACE TABLE` with MASK / WITH
 * ROW FILTER swaps the policies together with the table, and that INSERT OVERWRITE into a table with a row
 * filter is accepted (Databricks documents limits for MERGE only). Either failing fails the write before or
 * without rows written: never a table without its policies.
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { copyRows, countRows, createProtectedTable, listTableColumns, type ProtectedColumn, type TableColumnRow } from "../../sql/protectedTable";
import { dropTable, restoreTable } from "../../sql/table";
import { showTableProperties } from "../../sql/properties";
import { executeIdempotent } from "../idempotentWrite";
import { otherStackError } from "../ownership";
import { processRuntime } from "../runtime";
import { latestHistory, lookupDestination, objectName } from "../table/lookup";
import { markerProperties, refName } from "../table/markers";
import type { TableRef } from "../../vocabulary/objectIdentity";
import { dropUnusedPolicyFunctions, ensurePolicyFunctions } from "./policyFunctions";
import { POLICIES_PROPERTY } from "./marker";
import type { ProtectedTableInputs, ProtectedTableOutputs } from "./inputs";


export function protectedTableId(inputs: Pick<ProtectedTableInputs, "destination">): string {
  return refName(inputs.destination);
}

async function readColumns(wh: Warehouse, source: TableRef): Promise<ProtectedColumn[]> {
  const rows = (await wh.execute(listTableColumns(objectName(source)))) as unknown as TableColumnRow[];
  if (rows.length === 0) throw new Error(`the source ${refName(source)} does not exist (or has no columns); run pulumi up again to re-plan.`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.full_data_type), nullable: String(r.is_nullable).toUpperCase() !== "NO" }));
}

/**
 * The copy: functions, table with its policies, rows, counts. `existing` "protected": this stack's copy is
 * there now (OR REPLACE); "plain": this stack's plain clone is there, dropped first (dropPlainClone).
 * Undoes the table write on a failure after it (DROP what it created, RESTORE the previous copy).
 */
async function writeCopy(
  wh: Warehouse,
  inputs: ProtectedTableInputs,
  existing: Existing,
  createdFunctions: readonly string[],
  action: string,
  reason: string,
): Promise<ProtectedTableOutputs> {
  const functions = await ensurePolicyFunctions(wh, inputs.owner, inputs.functions, createdFunctions);
  const columns = await readColumns(wh, inputs.source);
  const dest = objectName(inputs.destination);
  // After the functions and the source's columns are in hand: a refusal there leaves the plain clone as it was.
  if (existing === "plain") await dropPlainClone(wh, inputs);
  const previous = existing === "protected" ? await latestHistory(wh, inputs.destination) : null;
  await executeIdempotent(
    wh,
    createProtectedTable({
      table: dest,
      columns,
      policies: inputs.policies,
      properties: { ...markerProperties(inputs.owner, inputs.source, null), [POLICIES_PROPERTY]: "replayed" },
      orReplace: previous !== null,
    }),
  );
  let rows: { source: number; destination: number };
  try {
    // OVERWRITE: sent again after a lost answer, it leaves the same rows.
    await executeIdempotent(wh, copyRows(dest, objectName(inputs.source), columns.map((c) => c.name)));
    const count = async (t: TableRef) => Number((await wh.execute(countRows(objectName(t))))[0]?.n ?? 0);
    rows = { source: await count(inputs.source), destination: await count(inputs.destination) };
    if (rows.source !== rows.destination) {
      throw new Error(
        `rows read as this principal differ after the copy (source ${rows.source}, destination ${rows.destination}): ` +
          "the row filter reads values this principal sees masked? Run the stack as a principal the policies exempt",
      );
    }
  } catch (err) {
    if (previous === null) await executeIdempotent(wh, dropTable(dest));
    else await executeIdempotent(wh, restoreTable(dest, { version: previous.version }));
    throw new Error(`ProtectedTable ${protectedTableId(inputs)}: ${err instanceof Error ? err.message : String(err)}; the write was undone.`);
  }
  return {
    ...inputs,
    createdByStack: true,
    createdFunctions: functions,
    copiedSourceLastAltered: inputs.sourceFingerprint.lastAltered,
    destinationLastAltered: await processRuntime().lastAltered.read(wh, inputs.destination),
    rows,
    lastAction: action,
    lastReason: reason,
    ranAt: new Date().toISOString(),
  };
}

/**
 * An existing destination table is written only when it is this stack's (its marker: a copy left by an
 * interrupted run). Another stack's is refused; so is one nobody marked: a protected copy is never written
 * over an existing table, because restoring it on destroy would leave the source's protected rows in its
 * history, readable by time travel once its own (or no) policies are back.
 */
/** What the destination holds: nothing, this stack's protected copy, or this stack's plain clone (created, not adopted). */
type Existing = "none" | "protected" | "plain";

async function existingIsOurs(wh: Warehouse, inputs: ProtectedTableInputs): Promise<Existing> {
  const found = await lookupDestination(wh, inputs.destination);
  if (!found.exists) return "none";
  const m = found.markers;
  if (m.owner && m.owner !== inputs.owner) throw otherStackError("Table", protectedTableId(inputs), m.owner, inputs.owner);
  if (m.owner !== inputs.owner) {
    throw new Error(
      `ProtectedTable ${protectedTableId(inputs)}: the destination table exists and was not created by this stack. ` +
        "A copy of a table protected by a row filter or column mask is never written into an existing table (its history would " +
        "keep the protected rows readable by time travel after it is restored): drop or rename it, or exclude the table from scope.",
    );
  }
  if (m.policies !== null) return "protected";
  if (m.preCloneVersion !== null) {
    // Planning keeps an adopted table as it is (protectedPlan.ts); this guards a stale plan.
    throw new Error(
      `ProtectedTable ${protectedTableId(inputs)}: the destination is a table this stack adopted, not created; it is never dropped ` +
        "to make room for a protected copy (its pre-clone version must stay restorable): drop or rename it, or exclude the table from scope.",
    );
  }
  return "plain";
}

/**
 * This stack's plain clone, made before its source gained a row filter or column mask, is DROPPED before the
 * protected copy is created in its place (not CREATE OR REPLACE): its versions hold the unrestricted rows, and
 * a replaced table keeps them in its history. Databricks (and the engine) refuse time travel while the table
 * has policies, but a later copy without policies (the source dropped them) would make them readable again.
 * The plain clone's resource, deleted by Pulumi at the end of the same up, then only forgets the table
 * (table/lifecycle.ts deleteTable: it carries the policies marker).
 */
async function dropPlainClone(wh: Warehouse, inputs: ProtectedTableInputs): Promise<void> {
  await executeIdempotent(wh, dropTable(objectName(inputs.destination)));
}

export async function createProtected(wh: Warehouse, inputs: ProtectedTableInputs): Promise<{ id: string; outs: ProtectedTableOutputs }> {
  const existing = await existingIsOurs(wh, inputs);
  const reason =
    existing === "protected"
      ? "copied again over this stack's own copy left by an interrupted run"
      : existing === "plain"
        ? "this stack's plain clone, made before its source gained a row filter or column mask, dropped and copied with them"
        : "copied with its source's row filter and masks";
  return { id: protectedTableId(inputs), outs: await writeCopy(wh, inputs, existing, [], "cloned", reason) };
}

/** What moved since the recorded write, in words (empty: nothing). */
export function protectedDrift(olds: ProtectedTableOutputs, news: ProtectedTableInputs): { data: string[]; functions: boolean } {
  const data: string[] = [];
  if (news.sourceFingerprint.lastAltered === null || news.sourceFingerprint.lastAltered !== olds.copiedSourceLastAltered) data.push("the source changed (data or policies)");
  if (!news.destinationFingerprint.exists) data.push("the destination table is gone");
  else if ((news.destinationFingerprint.lastAltered ?? null) !== olds.destinationLastAltered) data.push("the destination was changed out of band");
  if (JSON.stringify(news.policies) !== JSON.stringify(olds.policies)) data.push("the policies changed");
  return { data, functions: JSON.stringify(news.functions) !== JSON.stringify(olds.functions) };
}

export async function updateProtected(wh: Warehouse, olds: ProtectedTableOutputs, news: ProtectedTableInputs): Promise<ProtectedTableOutputs> {
  const drift = protectedDrift(olds, news);
  if (drift.data.length > 0) {
    const existing = await existingIsOurs(wh, news);
    return writeCopy(wh, news, existing, olds.createdFunctions, "re-cloned", drift.data.join("; "));
  }
  if (drift.functions) {
    const functions = await ensurePolicyFunctions(wh, news.owner, news.functions, olds.createdFunctions);
    return { ...olds, ...news, createdFunctions: functions, lastAction: "functions-updated", lastReason: "a policy function's definition changed in the source", ranAt: new Date().toISOString() };
  }
  return { ...olds, ...news, lastAction: "unchanged", lastReason: "no drift", ranAt: new Date().toISOString() };
}

/** Refresh: the table gone out of band is recorded (the next up re-copies it); otherwise the recorded outputs. */
export async function readProtected(wh: Warehouse, props: ProtectedTableOutputs): Promise<ProtectedTableOutputs> {
  const top = await latestHistory(wh, props.destination);
  if (top === null) return { ...props, destinationFingerprint: { exists: false }, destinationLastAltered: null, lastReason: "refresh: the destination table is gone" };
  return props;
}

/** Whether the table still carries the protected-copy property its creating statement set (marker.ts). */
async function isProtectedCopy(wh: Warehouse, table: TableRef): Promise<boolean> {
  const rows = await wh.execute(showTableProperties(objectName(table)));
  return rows.some((r) => String(r.key) === POLICIES_PROPERTY);
}

export async function deleteProtected(wh: Warehouse, props: ProtectedTableOutputs): Promise<string> {
  const found = await lookupDestination(wh, props.destination);
  const id = protectedTableId(props);
  const done: string[] = [];
  if (!found.exists) done.push(`${id} already gone`);
  else if (found.markers.owner !== props.owner) done.push(`${id} left alone: it no longer carries this stack's marker (${found.markers.owner ?? "none"})`);
  else if (!(await isProtectedCopy(wh, props.destination))) done.push(`${id} left alone: it is no longer a protected copy (another resource of this stack cloned into it)`);
  else {
    await executeIdempotent(wh, dropTable(objectName(props.destination)));
    done.push(`dropped ${id}`);
  }
  const dropped = props.createdFunctions.length > 0 ? await dropUnusedPolicyFunctions(wh, props.owner, props.createdFunctions) : [];
  if (dropped.length > 0) done.push(`dropped functions ${dropped.join(", ")}`);
  return done.join("; ");
}
