/**
 * The cloned-table lifecycle over a Warehouse: create (with adoption), diff (statement-free unless a
 * candidate must be confirmed), update (re-clone / repair per sync mode), read (refresh) and delete
 * (drop what we created, RESTORE what we adopted). handler.ts only parses and picks the warehouse.
 *
 * Atomicity (DESIGN §4.3): once a write happened, any later failure first undoes the write (RESTORE
 * to the previous version, or DROP what this call created), then throws a PartialStateError that
 * records the truth, so the next `up` continues from it and repeats nothing that completed.
 */
import { hasErrorClass, isObjectNotFound, type Warehouse } from "../../warehouse/warehouse";
import { cloneTable } from "../../sql/clone";
import { dropTable } from "../../sql/table";
import { executeIdempotent, mayHaveRun, mayStillBeRunning, OUTCOME_UNKNOWN, outcomeUnknown, pauseBeforeResend, RESEND_ATTEMPTS } from "../idempotentWrite";
import { otherStackError } from "../ownership";
import { destinationVerdict, lastAlteredMoved, screenDrift, sourceVerdict, type DestinationVerdict, type HistoryTop, type SourceVerdict } from "./drift";
import type { AsOf } from "../../vocabulary/asOf";
import type { CloneMetrics, LastAction, Observed, TableInputs, TableOutputs, ValidationResult } from "./inputs";
import { historySince, latestHistory, lookupDestination, objectName, type DestinationLookup } from "./lookup";
import { markerProperties, refName } from "./markers";
import { PartialStateError } from "../partialState";
import { processRuntime } from "../runtime";
import { undoWrite } from "./rollback";
import { resolveDrift, type PlannedAction } from "./syncMode";
import { validateClone } from "./validation";
import { isShaped } from "./shape";
import { isShapedCommit, shapedNeedsFreshTable, shapedSourceVersion, shapedWriteStatement } from "./shapedWrite";
import { schemaOnlySourceVerdict } from "./schemaOnlyDrift";

/** The resource id: the destination's three-part name. */
export function tableId(inputs: Pick<TableInputs, "destination">): string {
  return refName(inputs.destination);
}

function metricsOf(row: Record<string, unknown> | undefined): CloneMetrics | null {
  if (!row) return null;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    sourceBytes: n("source_table_size"),
    copiedBytes: n("copied_files_size"),
    copiedFiles: n("num_copied_files"),
    removedFiles: n("num_removed_files"),
  };
}

/** Who the table belongs to, from what the destination holds now. */
interface Ownership {
  adopted: boolean;
  preCloneVersion: number | null;
  createdByStack: boolean;
}

/**
 * Ownership of an existing destination table: another stack's marker fails fast; our own marker of
 * the same source = a clone we wrote (possibly left by a crashed run) = ours; no marker = adopted at
 * its current version.
 */
export function ownershipFromLookup(inputs: TableInputs, found: DestinationLookup): Ownership {
  if (!found.exists) return { adopted: false, preCloneVersion: null, createdByStack: true };
  const m = found.markers;
  if (m.owner && m.owner !== inputs.owner) {
    throw otherStackError("Table", tableId(inputs), m.owner, inputs.owner);
  }
  if (m.owner === inputs.owner && m.preCloneVersion !== undefined) {
    return m.preCloneVersion === null
      ? { adopted: false, preCloneVersion: null, createdByStack: true }
      : { adopted: true, preCloneVersion: m.preCloneVersion, createdByStack: false };
  }
  return { adopted: true, preCloneVersion: found.version, createdByStack: false };
}

interface WritePlan {
  action: PlannedAction;
  existing: DestinationLookup;
  ownership: Ownership;
  /** Source version the last clone used (for `at: "recorded"`). */
  recordedSourceVersion: number | null;
  lastAction: LastAction;
  /** The source's newest history row when the caller already read it (saves a statement). */
  sourceTop?: HistoryTop | null;
}

/**
 * A validation gate decides for the deployment (`validate.failOnMismatch: false`) and no
 * `rollbackOnFailure` turns a failure into a deployment rollback: a failed write is then recorded as
 * this table's outcome (lastAction `failed`, `failed`: why) instead of failing the resource, so that
 * Pulumi still runs the gate (it does not run the dependents of a failed resource) and the gate counts
 * it. The outputs say what the destination holds: the previous version (the write was undone, or never
 * ran) or an unverified clone; either way the next `up` retries it.
 */
export function gateCountsFailures(inputs: Pick<TableInputs, "validate" | "rollbackOnFailure">): boolean {
  return inputs.validate?.failOnMismatch === false && inputs.rollbackOnFailure !== true;
}

/**
 * Clones (or re-clones) into the destination, records what it wrote, validates, and undoes the write
 * on a mismatch or a failure (see attemptWrite). When a gate counts failures (gateCountsFailures), a
 * failure is returned as the table's outcome instead of thrown.
 */
async function writeClone(wh: Warehouse, inputs: TableInputs, plan: WritePlan): Promise<TableOutputs> {
  try {
    return await attemptWrite(wh, inputs, plan);
  } catch (err) {
    if (!gateCountsFailures(inputs)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof PartialStateError) {
      const outs = err.properties as TableOutputs;
      return { ...outs, lastAction: outs.unverified ? outs.lastAction : "failed", failed: message };
    }
    // Nothing was written (a failure before or of the write itself): the destination is as it was.
    const previousVersion = plan.existing.exists ? plan.existing.version : null;
    return {
      ...standingBefore(inputs, plan, previousVersion),
      sourceVersion: previousVersion !== null ? plan.recordedSourceVersion : null,
      clonedSourceLastAltered: null,
      destinationVersion: null,
      destinationLastAltered: null,
      rolledBack: true,
      metrics: null,
      validation: null,
      lastAction: "failed",
      lastReason: `not written: ${message}`,
      failed: message,
    };
  }
}

/** What every outcome of a write records about the destination as it stood before: ownership, rollback target, deployment. */
function standingBefore(inputs: TableInputs, plan: WritePlan, previousVersion: number | null) {
  const { ownership } = plan;
  return {
    ...inputs,
    adopted: ownership.adopted,
    preCloneVersion: ownership.preCloneVersion,
    createdByStack: ownership.createdByStack,
    previousVersion,
    changedInDeployment: inputs.deploymentId ?? null,
  };
}

/**
 * One write: clone, record, validate; undo the write on a failure, and on a measured mismatch unless a
 * validation gate decides. Throws PartialStateError once anything was written.
 */
async function attemptWrite(wh: Warehouse, inputs: TableInputs, plan: WritePlan): Promise<TableOutputs> {
  const id = tableId(inputs);
  const { existing, ownership } = plan;
  // Full mode throws the old copy away; an adopted table keeps CREATE OR REPLACE so its pre-clone
  // version stays restorable on destroy.
  // A shaped table (where, schemaOnly, masks) whose versions were shaped otherwise (or not at all) is
  // dropped too, so its history cannot reveal wider or unmasked rows (shapedWrite.ts); an adopted one is refused.
  const shapeReset = shapedNeedsFreshTable(inputs.shape, existing, ownership.adopted, id);
  const dropFirst = (plan.action.kind === "recreate" || shapeReset) && existing.exists && !ownership.adopted;
  // The rollback target of this write: null when the write creates the table (undo = DROP), also
  // after a full-mode DROP, whose old versions are gone with the table.
  const previousVersion = existing.exists && !dropFirst ? existing.version : null;

  // Pin the source version first so validation compares exactly what was cloned.
  let asOf: AsOf | undefined;
  let sourceVersion: number | null = null;
  if (plan.action.at === "recorded" && plan.recordedSourceVersion !== null) {
    asOf = { version: plan.recordedSourceVersion };
    sourceVersion = plan.recordedSourceVersion;
  } else if (inputs.asOf) {
    asOf = inputs.asOf; // a pinned timestamp's version is read back from the clone's history
    sourceVersion = "version" in asOf ? asOf.version : null;
  } else if (plan.sourceTop === undefined && !isShaped(inputs.shape)) {
    // Not pinned: the CLONE takes the source's current version, and the version it took is read back
    // from the clone's own history (operationParameters.sourceVersion) with the baseline, which is read
    // anyway: one statement less than reading the source's history first. Validation runs after that
    // read, so it still compares exactly the version cloned. (A shaped write records the version it read
    // in its own properties, so it is pinned first.)
    asOf = undefined;
    sourceVersion = null;
  } else {
    const top = plan.sourceTop !== undefined ? plan.sourceTop : await latestHistory(wh, inputs.source);
    if (top === null) {
      throw new Error(
        `Table ${id}: its source ${refName(inputs.source)} does not exist (TABLE_OR_VIEW_NOT_FOUND). ` +
          "It was probably dropped after discovery; run `pulumi up` again to re-plan.",
      );
    }
    asOf = { version: top.version };
    sourceVersion = top.version;
  }

  // The drift baseline of the source: its last_altered now stands for the version cloned only when that is
  // its current version. A repair at the recorded (older) version records none, so that a later check in
  // a mode that follows the source confirms what was committed since instead of taking it as cloned.
  const atRecorded = plan.action.at === "recorded" && plan.recordedSourceVersion !== null;
  const clonedSourceLastAltered = atRecorded ? null : (inputs.sourceFingerprint?.lastAltered ?? null);
  const base = standingBefore(inputs, plan, previousVersion);
  // What the outputs say if the write is undone: the clone of this write is not in place (a RESTORE
  // brought back the previous clone, if any: keep its source version so a snapshot repair reuses it).
  const undone = (reason: string, validation: ValidationResult | null, metrics: CloneMetrics | null): TableOutputs => ({
    ...base,
    sourceVersion: previousVersion !== null ? plan.recordedSourceVersion : null,
    clonedSourceLastAltered: null,
    destinationVersion: null,
    destinationLastAltered: null,
    rolledBack: true,
    metrics,
    validation,
    lastAction: "rolled-back",
    lastReason: reason,
  });

  // 1. The write. A definite failure after part of it (full mode's DROP done, then the CLONE failed) is
  //    undone before it is reported. A lost answer is resolved by sendClone from what the destination holds.
  let mutated = false;
  let written: SentClone;
  try {
    if (dropFirst) {
      await executeIdempotent(wh, dropTable(objectName(inputs.destination)));
      mutated = true;
    }
    const mode = existing.exists && !dropFirst ? "createOrReplace" : "create";
    const markers = markerProperties(inputs.owner, inputs.source, ownership.adopted ? ownership.preCloneVersion : null);
    const userProperties = inputs.shape?.tblProperties ?? {};
    written = await sendClone(wh, inputs, {
      sql: isShaped(inputs.shape)
        ? await shapedWriteStatement(wh, inputs, inputs.shape, { mode, asOf, sourceVersion, markers })
        : cloneTable({
            target: objectName(inputs.destination),
            source: objectName(inputs.source),
            cloneType: inputs.cloneType,
            mode,
            asOf,
            // a user's tblProperties never override the markers (args refuse catalog_clone.* keys)
            properties: { ...userProperties, ...markers },
          }),
      creates: !existing.exists || dropFirst,
      previousVersion,
      sourceVersion,
    });
    mutated = true;
  } catch (err) {
    // Never undo over a table this write did not produce: after full mode's DROP the undo is a DROP, which
    // would drop another writer's table (DestinationTaken) or race a CLONE that may still commit.
    if (err instanceof PartialStateError || err instanceof DestinationTaken || hasErrorClass(err, OUTCOME_UNKNOWN)) throw err;
    if (!mutated) throw asOf === undefined ? sourceGoneError(id, inputs, err) : err;
    throw await undoAfterFailure(err, null);
  }
  const metrics = written.metrics;
  const recovered = written.recovered ? ` (${written.recovered})` : "";

  // 2. Read-only checks of the clone. Their failure (after the retry layer's re-sends) says nothing about
  //    the clone: it is kept, recorded as unverified (partial state), and the next up verifies it. Only a
  //    measured mismatch (step 3) rolls a clone back.
  let destinationVersion: number | null = written.top?.version ?? null;
  let validation: ValidationResult | null = null;
  const validateOpts = inputs.validate;
  let lastAltered: string | null;
  let writtenOnTop = "";
  try {
    const baseline = await cloneBaseline(wh, inputs, { previousVersion, sourceVersion });
    const { clone, newest } = baseline;
    destinationVersion = clone.version;
    lastAltered = baseline.lastAltered;
    if (newest.version !== clone.version) {
      writtenOnTop = `; v${newest.version} (${newest.operation}) was committed on top of the clone (v${clone.version}) before its baseline was read: the next pulumi up confirms it from the history`;
    }
    if (sourceVersion === null) {
      const fromHistory = isShaped(inputs.shape) ? (shapedSourceVersion(clone) ?? NaN) : Number(clone.operationParameters.sourceVersion);
      sourceVersion = Number.isFinite(fromHistory) ? fromHistory : null;
    }
    if (validateOpts && sourceVersion === null) {
      // Validation asked for is never skipped silently: without the version cloned there is nothing exact
      // to compare with, so the table is kept but reported unverified (Delta records it: reference §1.3).
      throw new Error(`the clone's history row (v${clone.version}) does not record the source version it took (operationParameters.sourceVersion)`);
    }
    if (validateOpts && sourceVersion !== null) {
      // What the destination holds now, a write on top of the clone included: that is what the stack hands over.
      validation = await validateClone(wh, validateOpts, {
        source: inputs.source,
        sourceVersion,
        destination: inputs.destination,
        destinationVersion: newest.version,
        shape: inputs.shape,
      });
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = `cloned${recovered}, but not verified: ${message}. The clone is kept (only a measured mismatch rolls back); the next pulumi up verifies it`;
    throw new PartialStateError(`Table ${id}: ${reason}.`, id, {
      ...base,
      sourceVersion,
      clonedSourceLastAltered,
      destinationVersion,
      destinationLastAltered: null,
      rolledBack: false,
      unverified: true,
      metrics,
      validation: null,
      lastAction: plan.lastAction,
      lastReason: reason,
    } satisfies TableOutputs);
  }

  const cloned: TableOutputs = {
    ...base,
    sourceVersion,
    clonedSourceLastAltered,
    destinationVersion,
    destinationLastAltered: lastAltered,
    rolledBack: false,
    metrics,
    validation,
    lastAction: plan.lastAction,
    lastReason: plan.action.reason + recovered + writtenOnTop,
  };

  // 3. A measured mismatch. A validation gate (failOnMismatch false) decides for the whole deployment:
  //    the clone is kept and recorded with its mismatch; at or below the gate's threshold it stays, above
  //    it the gate rolls back every table this deployment changed. Without a gate: undo the write,
  //    record the truth and fail.
  if (validation && !validation.matched) {
    const mismatch =
      `validation mismatch (rows ${validation.sourceRows} vs ${validation.destinationRows}, ` +
      `checksum ${validation.sourceChecksum ?? "-"} vs ${validation.destinationChecksum ?? "-"})`;
    if (validateOpts?.failOnMismatch === false) {
      return { ...cloned, lastReason: `${cloned.lastReason}; ${mismatch}: clone kept, the validation gate decides` };
    }
    let how: "restored" | "dropped";
    try {
      how = await undoWrite(wh, inputs.destination, previousVersion);
    } catch (err) {
      throw await undoAfterFailure(err, validation, true);
    }
    const reason = `${mismatch}; destination ${how}` + (how === "restored" ? ` to version ${previousVersion}` : "");
    throw new PartialStateError(`Table ${id}: ${reason}.`, id, undone(reason, validation, metrics));
  }

  return cloned;

  /**
   * The write failed for certain (or its mismatch could not be undone): undo it before surfacing the
   * error; if even that fails, record that a clone of ours may be in place (destinationVersion unknown)
   * so the next up re-examines the table. Returns the PartialStateError to throw.
   */
  async function undoAfterFailure(err: unknown, validation: ValidationResult | null, undoFailed = false): Promise<PartialStateError> {
    const message = err instanceof Error ? err.message : String(err);
    if (!undoFailed) {
      try {
        await undoWrite(wh, inputs.destination, previousVersion);
        return new PartialStateError(`Table ${id}: ${message}; the write was undone.`, id, undone(`write failed and was undone: ${message}`, validation, metricsOrNull()));
      } catch (undoErr) {
        const undoMessage = undoErr instanceof Error ? undoErr.message : String(undoErr);
        return new PartialStateError(
          `Table ${id}: ${message} (and undoing the write failed: ${undoMessage}); the next pulumi up re-examines it.`,
          id,
          { ...undone(`write interrupted: ${message}`, validation, metricsOrNull()), rolledBack: false },
        );
      }
    }
    return new PartialStateError(
      `Table ${id}: validation mismatch, and undoing the write failed: ${message}; the next pulumi up re-examines it.`,
      id,
      { ...undone(`validation mismatch; undoing the write failed: ${message}`, validation, metricsOrNull()), rolledBack: false },
    );
  }
  function metricsOrNull(): CloneMetrics | null {
    return typeof written === "undefined" ? null : written.metrics;
  }
}

/**
 * A CLONE not pinned to a source version failed before writing anything with a not-found error: most
 * likely its source was dropped after discovery (the destination's catalog and schema are created before
 * the table).
 */
function sourceGoneError(id: string, inputs: TableInputs, err: unknown): unknown {
  if (!isObjectNotFound(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new Error(
    `Table ${id}: cloning its source ${refName(inputs.source)} failed: ${message}. ` +
      "The source was probably dropped after discovery; run `pulumi up` again to re-plan.",
  );
}

/** The destination holds something this write did not produce: the write is never undone over it. */
class DestinationTaken extends Error {}

/** What sendClone learnt: the clone's metrics (null when its answer was lost), its history row when read. */
interface SentClone {
  metrics: CloneMetrics | null;
  top: HistoryTop | null;
  /** How a lost answer was resolved, for the reason text; null when the statement answered. */
  recovered: string | null;
}


/** What a write sent: the version the destination had before it (null: the write creates the table), the source version pinned. */
interface Sent {
  previousVersion: number | null;
  sourceVersion: number | null;
}

/** Is this history row the CLONE commit this write sent (clone type, pinned source version, past the version before it)? */
function isSentCommit(row: HistoryTop, inputs: Pick<TableInputs, "cloneType" | "shape">, sent: Sent): boolean {
  if (isShaped(inputs.shape)) return isShapedCommit(row, sent);
  if (row.operation.toUpperCase() !== "CLONE") return false;
  const shallow = row.operationParameters.isShallow;
  if (shallow !== undefined && shallow !== "" && (shallow === "true") !== (inputs.cloneType === "SHALLOW")) return false;
  if (sent.sourceVersion !== null && Number(row.operationParameters.sourceVersion) !== sent.sourceVersion) return false;
  return sent.previousVersion === null || row.version > sent.previousVersion;
}

/**
 * Is the destination the clone this write sent? Our markers (owner, source) travel in the CLONE's own
 * TBLPROPERTIES, the source version is pinned in its VERSION AS OF, and a replace must have committed a
 * version past the one the table had before.
 */
export function isCloneSent(found: DestinationLookup, inputs: Pick<TableInputs, "owner" | "source" | "cloneType" | "shape">, sent: Sent): boolean {
  if (!found.exists) return false;
  if (found.markers.owner !== inputs.owner || found.markers.source !== refName(inputs.source)) return false;
  return isSentCommit(found.top, inputs, sent);
}

/**
 * The drift baseline of a clone just written: its commit (the destination version recorded) and a
 * last_altered that is never later than it. An outside write committed after the clone and recorded as
 * seen would never be repaired (screenDrift compares discovery's last_altered with the recorded one), and
 * validation may take minutes. So last_altered is read FIRST, then the history: when the newest commit is
 * still the clone, nothing was committed between the clone and the last_altered read. Otherwise someone
 * wrote on top already (`newest` is past `clone`): the clone's own commit is looked up in the history since
 * the version before the write, and no last_altered is recorded, so the next up confirms the destination from
 * its history, sees the write as a write and repairs it per sync mode. Two statements, three in that race.
 */
async function cloneBaseline(
  wh: Warehouse,
  inputs: Pick<TableInputs, "destination" | "cloneType" | "shape">,
  sent: Sent,
): Promise<{ clone: HistoryTop; newest: HistoryTop; lastAltered: string | null }> {
  const runtime = processRuntime();
  const lastAltered = await runtime.lastAltered.read(wh, inputs.destination);
  // Requested after the last_altered read returned, so read after it (historyBatch.ts never joins a batch already sent).
  const top = await runtime.history.newest(wh, inputs.destination);
  if (top === null) throw new Error("the clone succeeded but the table cannot be found right after it");
  if (isSentCommit(top, inputs, sent)) return { clone: top, newest: top, lastAltered };
  const since = (await historySince(wh, inputs.destination, sent.previousVersion === null ? 0 : sent.previousVersion + 1)) ?? [];
  const clone = since.filter((r) => isSentCommit(r, inputs, sent)).sort((a, b) => a.version - b.version)[0];
  if (!clone) {
    throw new Error(`the destination's newest version is v${top.version} (${top.operation}) and the clone this write sent is not in its history`);
  }
  return { clone, newest: top, lastAltered: null };
}

/**
 * Sends the CLONE so that sending it again is safe (DESIGN §4.9). The retry layer does not re-send a
 * write that may have run (provider/warehouse/retry.ts), and a re-send of `CREATE TABLE … CLONE` whose
 * first answer was lost fails with TABLE_OR_VIEW_ALREADY_EXISTS on our own table. In both cases the
 * destination decides (one DESCRIBE HISTORY + DESCRIBE DETAIL, read-only):
 * - it holds the clone we sent (isCloneSent) → the statement ran: finish from there;
 * - it is as before (absent, or at the previous version) → the statement did not run: send it again,
 *   unless it may still be running (WarehouseError.mayStillBeRunning): then fail, outcome unknown;
 * - anything else (another writer got there) → fail cleanly, nothing recorded as ours.
 */
async function sendClone(
  wh: Warehouse,
  inputs: TableInputs,
  c: Sent & { sql: string; creates: boolean },
): Promise<SentClone> {
  for (let attempt = 1; ; attempt++) {
    try {
      const rows = await wh.execute(c.sql);
      return { metrics: metricsOf(rows[0]), top: null, recovered: null };
    } catch (err) {
      const lost = mayHaveRun(err);
      const alreadyThere = c.creates && hasErrorClass(err, "TABLE_OR_VIEW_ALREADY_EXISTS", "DELTA_TABLE_ALREADY_EXISTS");
      if (!lost && !alreadyThere) throw err;
      const now = await lookupDestination(wh, inputs.destination);
      if (isCloneSent(now, inputs, c)) {
        return {
          metrics: null,
          top: now.exists ? now.top : null,
          recovered: lost ? "its answer was lost; the destination holds this clone" : "a re-sent CLONE found this clone already in place",
        };
      }
      const untouched = c.previousVersion === null ? !now.exists : now.exists && now.version === c.previousVersion;
      if (lost && untouched) {
        // "As before" may mean "not yet": a CLONE left running (or cut off mid-flight) can still commit, and
        // a second one would run into the same table beside it. Never re-sent; the next up looks again.
        if (mayStillBeRunning(err)) throw outcomeUnknown(`Table ${tableId(inputs)}: CLONE`, err);
        if (attempt >= RESEND_ATTEMPTS) throw err;
        await pauseBeforeResend(attempt); // it did not run: send it again
        continue;
      }
      const what = now.exists
        ? `version ${now.version} (${now.top.operation}, marker ${now.markers.owner ?? "none"})`
        : "no table";
      throw new DestinationTaken(
        `Table ${tableId(inputs)}: the destination changed while this stack was cloning into it (${
          err instanceof Error ? err.message.split("\n")[0] : String(err)
        }); it now holds ${what}, which is not the clone this stack sent. Nothing was recorded as this stack's; ` +
          "run pulumi up again to re-plan (an unmarked table is adopted, another stack's is refused).",
      );
    }
  }
}

/**
 * create of a retained table (nothing is cloned into it). The component registers a retained table only
 * when its marker names this stack, so one without state is this stack's clone whose state entry was
 * lost (a run died after its CLONE, before state was saved; a removed state entry) and whose source is
 * gone since: it is recorded as it stands, without any write. Gone, or not this stack's any more (the
 * destination changed after discovery): fails, nothing recorded.
 */
async function takeBackRetained(wh: Warehouse, inputs: TableInputs): Promise<{ id: string; outs: TableOutputs }> {
  const id = tableId(inputs);
  const why = inputs.retainedBecause ?? "no source fingerprint";
  const found = await lookupDestination(wh, inputs.destination);
  if (!found.exists || found.markers.owner !== inputs.owner) {
    throw new Error(
      `Table ${id} is registered as retained (${why}) but ${found.exists ? `does not carry this stack's marker (${found.markers.owner ?? "none"})` : "no longer exists"}: ` +
        "nothing to keep. Run pulumi up again to re-plan.",
    );
  }
  const ownership = ownershipFromLookup(inputs, found);
  const cloned = found.top.operation.toUpperCase() === "CLONE" ? Number(found.top.operationParameters.sourceVersion) : NaN;
  return {
    id,
    outs: {
      ...inputs,
      ...ownership,
      previousVersion: null,
      changedInDeployment: null,
      sourceVersion: Number.isFinite(cloned) ? cloned : null,
      clonedSourceLastAltered: null,
      destinationVersion: found.version,
      destinationLastAltered: inputs.destinationFingerprint.lastAltered ?? null,
      rolledBack: false,
      metrics: null,
      validation: null,
      lastAction: "skipped",
      lastReason: `retained (${why}): this stack's clone, found without state (an interrupted run or a removed state entry); recorded without any write`,
    },
  };
}

/** create: adopt or create, then clone. */
export async function createTable(wh: Warehouse, inputs: TableInputs): Promise<{ id: string; outs: TableOutputs }> {
  if (inputs.retainedBecause || !inputs.sourceFingerprint) return takeBackRetained(wh, inputs);
  // Discovery (this run) found no destination table: no lookup. The write is then a plain CREATE (never
  // OR REPLACE), which fails on a table that appeared since (TABLE_OR_VIEW_ALREADY_EXISTS): sendClone
  // looks it up then, and finishes a clone of ours (an answer lost on an earlier send) or fails without
  // touching anything else. Markers travel in that CREATE (DESIGN §4.9).
  const existing: DestinationLookup = inputs.destinationFingerprint.exists ? await lookupDestination(wh, inputs.destination) : { exists: false };
  const ownership = ownershipFromLookup(inputs, existing);
  let sourceTop: HistoryTop | null | undefined;
  if (existing.exists && existing.markers.owner === inputs.owner && existing.markers.source === refName(inputs.source)) {
    // A clone of ours is already there (a run died after its CLONE, before state was saved). If it
    // is exactly the clone we would make now, record it instead of cloning again.
    const resumed = await resumeIdentical(wh, inputs, existing, ownership);
    if (resumed.outs) return { id: tableId(inputs), outs: resumed.outs };
    sourceTop = resumed.sourceTop;
  }
  const reason = !existing.exists
    ? "new table"
    : ownership.adopted
      ? `adopted existing destination table at version ${ownership.preCloneVersion}`
      : "resumed: a clone of this stack was already in place";
  const outs = await writeClone(wh, inputs, {
    action: { kind: "clone", label: "re-cloned", at: "current", reason },
    existing,
    ownership,
    recordedSourceVersion: null,
    lastAction: existing.exists && ownership.adopted ? "adopted" : "cloned",
    sourceTop,
  });
  return { id: tableId(inputs), outs };
}

/**
 * Resume: the destination's newest commit is our CLONE of the source version we would clone now
 * (same clone type). Then the clone is complete: validate it (if asked) and record it without
 * writing. Returns the source history row it read so the caller does not read it twice.
 */
async function resumeIdentical(
  wh: Warehouse,
  inputs: TableInputs,
  existing: Extract<DestinationLookup, { exists: true }>,
  ownership: Ownership,
): Promise<{ outs?: TableOutputs; sourceTop?: HistoryTop | null }> {
  const top = existing.top;
  if (top.operation.toUpperCase() !== "CLONE") return {};
  const shallow = top.operationParameters.isShallow;
  if (shallow !== undefined && (shallow === "true") !== (inputs.cloneType === "SHALLOW")) return {};
  let wanted: number | null = null;
  let sourceTop: HistoryTop | null | undefined;
  if (inputs.asOf && "version" in inputs.asOf) wanted = inputs.asOf.version;
  else if (!inputs.asOf) wanted = (sourceTop = await latestHistory(wh, inputs.source))?.version ?? null;
  const had = Number(top.operationParameters.sourceVersion);
  if (wanted === null || had !== wanted) return { sourceTop };
  let validation: ValidationResult | null = null;
  if (inputs.validate) {
    validation = await validateClone(wh, inputs.validate, {
      source: inputs.source,
      sourceVersion: wanted,
      destination: inputs.destination,
      destinationVersion: existing.version,
    });
    if (!validation.matched) return { sourceTop }; // not a good clone: clone again (and validate again)
  }
  return {
    outs: {
      ...inputs,
      adopted: ownership.adopted,
      preCloneVersion: ownership.preCloneVersion,
      createdByStack: ownership.createdByStack,
      previousVersion: ownership.adopted ? ownership.preCloneVersion : null,
      changedInDeployment: inputs.deploymentId ?? null,
      sourceVersion: wanted,
      clonedSourceLastAltered: inputs.sourceFingerprint?.lastAltered ?? null,
      destinationVersion: existing.version,
      destinationLastAltered: discoveredLastAltered(inputs),
      rolledBack: false,
      metrics: null,
      validation,
      lastAction: "cloned",
      lastReason: `resumed: the identical clone left by an interrupted run (source version ${wanted}) was recorded without cloning again`,
    },
  };
}

/**
 * The baseline last_altered of a clone recorded without a write (resumed, or verified): discovery's, read
 * before the lookup that found the clone still newest, so it is never later than the clone (a read after
 * validation could take in an outside write committed meanwhile, and hide it from the next screen).
 */
function discoveredLastAltered(inputs: TableInputs): string | null {
  return inputs.destinationFingerprint.exists ? (inputs.destinationFingerprint.lastAltered ?? null) : null;
}

/** What the confirmations read, kept so that a write right after them does not read it again. */
interface ConfirmationReads {
  /** The source's newest row (null: the source is gone; undefined: not read, or no row at/after the baseline). */
  sourceTop?: HistoryTop | null;
  /** The destination's history since the recorded version (null: the table is gone; undefined: not read). */
  destinationRows?: HistoryTop[] | null;
  /** The source was confirmed by a read of this update (its diff left it to the update: TableDiff `deferred`). */
  sourceReadHere?: boolean;
}

/**
 * Confirmation callbacks: one read-only history read each (the rows committed since the recorded
 * version), classified by drift.ts.
 */
function confirmers(wh: Warehouse, olds: TableOutputs, news: TableInputs, phase: "diff" | "update", reads: ConfirmationReads = {}) {
  const runtime = processRuntime();
  // diff's reads are kept for the update of the same deployment (same table, recorded versions and
  // discovery fingerprints), so the update decides on what the diff showed without reading it again; it
  // pins a re-clone to the source version the diff saw. What is committed after that read is the next
  // run's drift: discovery's last_altered then differs from the one recorded. A destination read that
  // stale is never taken as ownership: a write still reads the markers (lookupDestination), and a lost
  // answer is resolved from what the table holds then (sendClone).
  const seen = async (side: "source" | "destination", table: TableInputs["source"], from: number | null, fingerprint: string | null | undefined) => {
    const key = [side, refName(news.destination), refName(table), from, fingerprint ?? ""].join("|");
    if (phase === "update" && runtime.historySeen.has(key)) {
      const rows = runtime.historySeen.get(key)!;
      runtime.historySeen.delete(key);
      return rows;
    }
    const rows = await runtime.history.since(wh, table, from);
    if (phase === "diff") runtime.historySeen.set(key, rows);
    else if (side === "source") reads.sourceReadHere = true;
    return rows;
  };
  return {
    source: async (): Promise<SourceVerdict> => {
      const rows = await seen("source", news.source, olds.sourceVersion, news.sourceFingerprint?.lastAltered);
      reads.sourceTop = rows === null ? null : rows[0];
      const verdict = sourceVerdict(rows, olds.sourceVersion, {
        shallow: news.cloneType === "SHALLOW",
        lastAlteredMoved: lastAlteredMoved(news.sourceFingerprint?.lastAltered, olds.clonedSourceLastAltered),
      });
      return news.shape?.schemaOnly ? schemaOnlySourceVerdict(wh, news, rows, olds.sourceVersion, verdict) : verdict;
    },
    destination: async (): Promise<DestinationVerdict> => {
      const rows = await seen("destination", news.destination, olds.destinationVersion, news.destinationFingerprint.lastAltered);
      reads.destinationRows = rows;
      return destinationVerdict(rows, olds.destinationVersion, {
        lastAlteredMoved: lastAlteredMoved(news.destinationFingerprint.lastAltered, olds.destinationLastAltered),
        shaped: isShaped(olds.shape), // the recorded version was written with the recorded shape
      });
    },
  };
}

/**
 * Pulumi diff result plus the planned action (for tests and logs). `changes`: the table drifted and
 * update will write (re-clone / repair). `rebaseline`: nothing to write, but a confirmed candidate showed
 * maintenance only (or a last_altered that moved without a commit): update must run anyway to record
 * the new baseline (no SQL), so the next no-drift `up` does not confirm it again. The handler reports
 * `changes || rebaseline` to Pulumi. `deferred`: the source's confirmation was left to the update (see
 * diffTable); `action` is then what the update does unless the history shows maintenance only.
 */
export interface TableDiff {
  changes: boolean;
  rebaseline: boolean;
  replaces: string[];
  action: PlannedAction;
  confirmations: number;
  deferred?: "source";
}

/**
 * diff: read-only; statement-free unless a candidate must be confirmed. With `deferSource` (the provider's
 * diff), a source candidate is not confirmed here when every verdict is a change for Pulumi (re-clone, or
 * a baseline to record): Pulumi plans an update either way, and the update reads the source's history
 * (syncMode.ts DeferSource). Diffs run one after another as the engine plans, each read alone; the
 * updates' reads wait for each other and share one statement per catalog (readHold.ts). Without it
 * (tests of the decision), diff decides in full.
 */
export async function diffTable(wh: Warehouse, olds: TableOutputs, news: TableInputs, opts: { deferSource?: boolean } = {}): Promise<TableDiff> {
  if (refName(olds.destination) !== refName(news.destination)) {
    return {
      changes: true,
      rebaseline: false,
      replaces: ["destination"],
      action: { kind: "clone", label: "re-cloned", at: "current", reason: "destination renamed" },
      confirmations: 0,
    };
  }
  // An unchanged source whose last_altered moved records the new baseline (drift.ts sourceVerdict).
  const deferSource = opts.deferSource ? { unchangedMovesBaseline: lastAlteredMoved(news.sourceFingerprint?.lastAltered, olds.clonedSourceLastAltered) } : undefined;
  const { action, confirmations, deferred } = await resolveDrift(news.sync, screenDrift(olds, news), confirmers(wh, olds, news, "diff"), { deferSource });
  if (deferred) return { changes: true, rebaseline: false, replaces: [], action, confirmations, deferred };
  return { changes: action.kind !== "none", rebaseline: action.kind === "none" && action.baseline !== undefined, replaces: [], action, confirmations };
}

/**
 * The outputs of an update that writes nothing: the new inputs, and the moved baselines. A side's
 * baseline is the version confirmed (all commits since the last one maintenance) and the last_altered
 * discovery read for this run (the same view screenDrift compares with next time).
 */
function recordWithoutWrite(olds: TableOutputs, news: TableInputs, action: PlannedAction): TableOutputs {
  const moved = action.baseline ?? {};
  return {
    ...olds,
    ...news,
    ...(moved.source
      ? { sourceVersion: moved.source.version, clonedSourceLastAltered: news.sourceFingerprint?.lastAltered ?? olds.clonedSourceLastAltered }
      : {}),
    ...(moved.destination
      ? { destinationVersion: moved.destination.version, destinationLastAltered: news.destinationFingerprint.lastAltered ?? olds.destinationLastAltered }
      : {}),
    lastAction: "skipped",
    lastReason: action.reason,
    observed: null,
  };
}

/**
 * update: re-plan with confirmations, then re-clone / repair, or only record the new inputs and any
 * moved baseline (no SQL beyond the confirmations). The confirmation reads are the reads the write
 * needs (the destination's newest version, the source version), so a drifted table costs no statement
 * more than a clone. `announce` is told the decision when this update confirmed the source itself (its
 * diff deferred it), so that the run still says what it decided and why.
 */
export async function updateTable(
  wh: Warehouse,
  olds: TableOutputs,
  news: TableInputs,
  opts: { announce?: (decision: TableDiff) => void } = {},
): Promise<TableOutputs> {
  if (olds.unverified && olds.destinationVersion !== null && screenDrift(olds, news).configChanges.length === 0) {
    const verified = await verifyRecorded(wh, olds, news);
    if (verified) return verified;
  }
  const reads: ConfirmationReads = {};
  const screening = screenDrift(olds, news);
  const { action, confirmations } = await resolveDrift(news.sync, screening, confirmers(wh, olds, news, "update", reads));
  if (reads.sourceReadHere && opts.announce) {
    const rebaseline = action.kind === "none" && action.baseline !== undefined;
    opts.announce({ changes: action.kind !== "none", rebaseline, replaces: [], action, confirmations });
  }
  if (action.kind === "none") return recordWithoutWrite(olds, news, action);
  let existing: DestinationLookup;
  if (reads.destinationRows === null) existing = { exists: false };
  else if (reads.destinationRows === undefined && screening.destination === "unchanged" && screening.retry === null && !isShaped(news.shape))
    existing = recordedClone(olds);
  else existing = await lookupDestination(wh, news.destination, reads.destinationRows?.[0]);
  let ownership: Ownership;
  if (existing.exists) {
    ownershipFromLookup(news, existing); // fails fast on another stack's marker
    ownership = { adopted: olds.adopted, preCloneVersion: olds.preCloneVersion, createdByStack: olds.createdByStack };
  } else {
    // Dropped out of band: the pre-clone version of an adopted table is gone with it; what we
    // create now is ours to drop.
    ownership = { adopted: false, preCloneVersion: null, createdByStack: true };
  }
  return writeClone(wh, news, {
    action,
    existing,
    ownership,
    recordedSourceVersion: olds.sourceVersion,
    lastAction: action.label === "repaired" ? "repaired" : "re-cloned",
    sourceTop: reads.sourceTop,
  });
}

/**
 * The destination as recorded, without reading it: discovery's last_altered this run equals the one read
 * right after our last write, so nothing was committed to it since (a TBLPROPERTIES change, our markers
 * included, commits; a table dropped and created again has another last_altered): it still is our clone
 * at the recorded version, with the markers that write set. The same proof a no-drift `up` rests on; the
 * write that follows is a CREATE OR REPLACE whose lost answer sendClone resolves by reading the table.
 */
function recordedClone(olds: TableOutputs): DestinationLookup {
  const version = olds.destinationVersion!;
  return {
    exists: true,
    version,
    top: { version, operation: "CLONE", operationParameters: olds.sourceVersion === null ? {} : { sourceVersion: String(olds.sourceVersion) } },
    markers: {
      owner: olds.owner,
      source: refName(olds.source),
      preCloneVersion: olds.adopted ? olds.preCloneVersion : null,
      shape: null,
      policies: null,
    },
  };
}

/**
 * A clone recorded as unverified (a read-only check after it failed): when the destination still holds
 * exactly that clone, verify it without writing: validation as configured, then record it. A measured
 * mismatch undoes the write that made it (RESTORE to the version before it, or DROP), like a mismatch
 * right after the clone. Returns undefined when the destination changed since: the caller re-plans (the
 * unverified flag makes screenDrift ask for a repair).
 */
async function verifyRecorded(wh: Warehouse, olds: TableOutputs, news: TableInputs): Promise<TableOutputs | undefined> {
  const id = tableId(news);
  const found = await lookupDestination(wh, news.destination);
  if (!found.exists || found.version !== olds.destinationVersion) return undefined;
  if (!isCloneSent(found, news, { previousVersion: null, sourceVersion: olds.sourceVersion })) return undefined;
  const { unverified: _dropped, ...recorded } = olds;
  let validation: ValidationResult | null = null;
  let lastAltered: string | null;
  try {
    if (news.validate && olds.sourceVersion !== null) {
      validation = await validateClone(wh, news.validate, {
        source: news.source,
        sourceVersion: olds.sourceVersion,
        destination: news.destination,
        destinationVersion: found.version,
        shape: news.shape,
      });
    }
    const undoing = validation && !validation.matched && news.validate?.failOnMismatch !== false;
    lastAltered = undoing ? null : discoveredLastAltered(news);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = `clone of source version ${olds.sourceVersion} still not verified: ${message}. The clone is kept; the next pulumi up verifies it`;
    const outs: TableOutputs = { ...olds, ...news, unverified: true, lastReason: reason };
    // A validation gate counts it (as a failure of this deployment, which may roll it back).
    if (gateCountsFailures(news)) return { ...outs, changedInDeployment: news.deploymentId ?? null, failed: message };
    throw new PartialStateError(`Table ${id}: ${reason}.`, id, outs);
  }
  if (validation && !validation.matched && news.validate?.failOnMismatch === false) {
    // A validation gate decides (see attemptWrite step 3): kept, and counted in this deployment.
    return {
      ...recorded,
      ...news,
      changedInDeployment: news.deploymentId ?? null,
      destinationLastAltered: lastAltered,
      validation,
      observed: null,
      lastReason: `clone of source version ${olds.sourceVersion} (left unverified by the last run) verified: validation mismatch (rows ${validation.sourceRows} vs ${validation.destinationRows}); clone kept, the validation gate decides`,
    };
  }
  if (validation && !validation.matched) {
    const how = await undoWrite(wh, news.destination, olds.previousVersion);
    const reason =
      `validation mismatch (rows ${validation.sourceRows} vs ${validation.destinationRows}, ` +
      `checksum ${validation.sourceChecksum ?? "-"} vs ${validation.destinationChecksum ?? "-"}); destination ${how}` +
      (how === "restored" ? ` to version ${olds.previousVersion}` : "");
    const outs: TableOutputs = {
      ...recorded,
      ...news,
      sourceVersion: null, // the version restored to holds an earlier clone (or none) of unknown source version
      clonedSourceLastAltered: null,
      destinationVersion: null,
      destinationLastAltered: null,
      rolledBack: true,
      validation,
      lastAction: "rolled-back",
      lastReason: reason,
    };
    throw new PartialStateError(`Table ${id}: ${reason}.`, id, outs);
  }
  return {
    ...recorded,
    ...news,
    destinationLastAltered: lastAltered,
    validation,
    observed: null,
    lastReason: `verified the clone of source version ${olds.sourceVersion} left unverified by the last run`,
  };
}

/**
 * What a refresh sees: the destination compared with the version recorded as holding our clone.
 * `rows`: its history at or after that version, newest first (null: the table is gone). Maintenance
 * since (OPTIMIZE, VACUUM, comments, ...) is not drift.
 */
export function observe(rows: HistoryTop[] | null, recordedVersion: number | null, shaped = false): Observed {
  if (rows === null) return { exists: false, version: null, lastOperation: null, drift: "dropped" };
  const top = rows[0] ?? null;
  const verdict = recordedVersion === null ? "none" : destinationVerdict(rows, recordedVersion, { lastAlteredMoved: false, shaped }).state;
  return {
    exists: true,
    version: top?.version ?? null,
    lastOperation: top?.operation ?? null,
    drift: verdict === "unchanged" || verdict === "none" ? "none" : verdict,
  };
}

/**
 * read (refresh): one history read (the rows since the recorded version). The recorded baseline is
 * kept, so the next `up` still sees the drift and repairs it per the sync mode; `observed` is what
 * refresh shows. A failed read is rethrown: the table is never reported gone on an error.
 */
export async function readTable(wh: Warehouse, id: string, props: TableOutputs): Promise<{ id: string; props: TableOutputs }> {
  // Batched per catalog with the other tables refreshed at the same time (historyBatch.ts).
  const history = processRuntime().history;
  let rows = await history.since(wh, props.destination, props.destinationVersion);
  // Nothing at or after the recorded version (re-created or restored below it): show its newest row.
  if (rows !== null && rows.length === 0) {
    const newest = await history.newest(wh, props.destination);
    rows = newest === null ? null : [newest];
  }
  return { id, props: { ...props, observed: observe(rows, props.destinationVersion, isShaped(props.shape)) } };
}

/**
 * delete: tables the stack created are dropped (only while their marker still names this stack);
 * adopted tables are RESTOREd to their pre-clone version; another stack's table is never touched.
 */
export async function deleteTable(wh: Warehouse, props: TableOutputs): Promise<"dropped" | "restored" | "absent" | "kept"> {
  const found = await lookupDestination(wh, props.destination);
  if (!found.exists) return "absent";
  const m = found.markers;
  if (m.owner && m.owner !== props.owner) throw otherStackError("Table", tableId(props), m.owner, props.owner);
  if (props.adopted && props.preCloneVersion !== null) {
    if (found.version === props.preCloneVersion) return "kept";
    return undoWrite(wh, props.destination, props.preCloneVersion);
  }
  // A protected copy (catalog-clone:ProtectedTable) replaced this plain clone in the same up, once its source
  // gained a row filter or column mask: the table is that resource's now, and this one only forgets it.
  if (m.policies !== null) return "kept";
  if (props.createdByStack && m.owner === props.owner) return undoWrite(wh, props.destination, null);
  return "kept"; // unmarked: not provably ours, so it stays
}
