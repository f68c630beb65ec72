/**
 * Inputs and outputs of the cloned-table resource (`catalog-clone:Table`), as zod schemas: the single
 * source of their TypeScript types and of check() error messages.
 *
 * The COMPONENT fills the inputs from discovery (CLONE-CONTRACT.md). Additive fields beyond the
 * contract: `validate.failOnMismatch` (false when a catalog-level gate decides) and `rollbackOnFailure`.
 * No input changes on a run where nothing else changed: the deployment's identity is not an input (see
 * `deploymentId` and provider/resources/runtime.ts).
 */
import { z } from "zod";
import { asOfSchema } from "../../vocabulary/asOf";
import { cloneTypeSchema, DEFAULT_CLONE_TYPE } from "../../vocabulary/cloneType";
import { tableRefSchema } from "../../vocabulary/objectIdentity";
import { DEFAULT_SYNC_MODE, syncModeSchema } from "../../vocabulary/syncMode";
import { TableShape } from "./shape";

/**
 * What discovery saw of the source table (information_schema.tables). Only `lastAltered` decides drift;
 * the type and format are recorded for the record, and state leaves them out at their usual value
 * (recordedSourceFingerprint), which parsing puts back.
 */
export const SourceFingerprint = z.object({
  tableType: z.string().default("MANAGED"),
  format: z.string().nullable().default("DELTA"),
  /** information_schema `last_altered`, ISO-8601; null when the warehouse does not report it (always a candidate). */
  lastAltered: z.string().nullable(),
});
export type SourceFingerprint = z.infer<typeof SourceFingerprint>;

/**
 * The source fingerprint as state records it (once per table): without the type and format at their
 * schema default (~40 B per table). Parsing puts them back, so a fingerprint recorded with them (older
 * state) and one recorded without them read the same.
 */
export function recordedSourceFingerprint(fp: SourceFingerprint | undefined): SourceFingerprint | undefined {
  if (fp === undefined) return undefined;
  const usual = SourceFingerprint.parse({ lastAltered: fp.lastAltered });
  const { tableType, format, ...rest } = fp;
  return { ...(tableType !== usual.tableType ? { tableType } : {}), ...(format !== usual.format ? { format } : {}), ...rest } as SourceFingerprint;
}

/** What discovery saw of the destination table; `exists: false` when absent. */
export const DestinationFingerprint = z.object({
  exists: z.boolean(),
  lastAltered: z.string().nullable().optional(),
  tableType: z.string().nullable().optional(),
});
export type DestinationFingerprint = z.infer<typeof DestinationFingerprint>;

export const ValidateOptions = z.object({
  /** Compare row counts of source (at the cloned version) and destination. */
  rowCounts: z.boolean().default(true),
  /** Compare an order-independent checksum of all rows. */
  checksums: z.boolean().default(false),
  /**
   * true (default): a mismatch restores the table and fails this resource. false: the catalog-level
   * validation gate decides: the clone is kept and the mismatch recorded in `validation`, and (unless
   * `rollbackOnFailure` is on) a failed write is recorded too (`failed`, lastAction `failed`) instead of
   * failing the resource, so the gate counts it. The gate rolls back every table this deployment changed
   * when the share of mismatched and failed tables is above its threshold, and nothing otherwise.
   */
  failOnMismatch: z.boolean().default(true),
});
export type ValidateOptions = z.infer<typeof ValidateOptions>;

/** Inputs of one cloned table. */
export const TableInputs = z.object({
  /** Non-secret warehouse selector (provider/resources/connectionRef.ts); absent → stack config / env. */
  connection: z.unknown().optional(),
  /** `<project>/<stack>`: the ownership marker written into TBLPROPERTIES. */
  owner: z.string().min(1, "owner must be '<project>/<stack>'"),
  /** The source table cloned (only ever read). */
  source: tableRefSchema,
  /** The destination table kept as its clone. */
  destination: tableRefSchema,
  /** DEEP (copies the data) or SHALLOW (references the source's files); provider/vocabulary/cloneType.ts. */
  cloneType: cloneTypeSchema.default(DEFAULT_CLONE_TYPE),
  /** How the table follows its source after the first clone (provider/vocabulary/syncMode.ts). */
  sync: syncModeSchema.default(DEFAULT_SYNC_MODE),
  /** Time travel: pins the source version cloned. A pinned source never drifts. */
  asOf: asOfSchema.optional(),
  /** What discovery saw of the source; absent only when `retainedBecause` is set (the source table is gone). */
  sourceFingerprint: SourceFingerprint.optional(),
  /** What discovery saw of the destination (whether it exists, its last_altered). */
  destinationFingerprint: DestinationFingerprint,
  /** The checks run after each write (row counts, checksums) and who acts on a mismatch. */
  validate: ValidateOptions.optional(),
  /** Subset, masks, schema only, extra TBLPROPERTIES (shape.ts); absent: a plain clone. */
  shape: TableShape.optional(),
  /**
   * Not set by the program: the table handler fills it in with the deployment its provider process
   * serves (provider/resources/runtime.ts) before calling the lifecycle, and never records it as an
   * input, so it shows in no diff. The outputs record it as `changedInDeployment`.
   */
  deploymentId: z.string().optional(),
  /**
   * The CatalogClone's `rollbackOnFailure`: when any table of this catalog fails in a deployment, every
   * table the deployment changed is put back (RESTORE to its version before the deployment, or DROP of
   * what it created): those that finished earlier (by the failing handler) and those still in flight (by
   * their own handler, before it returns). See ../deploymentLedger.ts.
   */
  rollbackOnFailure: z.boolean().optional(),
  /** Set by the component when the source table is gone and `dropExtra` is off: keep, do not re-clone. */
  retainedBecause: z.string().optional(),
  /**
   * Not set by the program: check derives it (driftSeen.ts) from the last run's inputs, so the preview's
   * diff names what changed (`source changed since the last run (last_altered … → …)`). Absent when
   * nothing changed.
   */
  drift: z.string().optional(),
});
export type TableInputs = z.infer<typeof TableInputs>;

export const CloneMetrics = z.object({
  sourceBytes: z.number(),
  copiedBytes: z.number(),
  copiedFiles: z.number(),
  removedFiles: z.number(),
});
export type CloneMetrics = z.infer<typeof CloneMetrics>;

export const ValidationResult = z.object({
  sourceRows: z.number().nullable(),
  destinationRows: z.number().nullable(),
  sourceChecksum: z.string().nullable(),
  destinationChecksum: z.string().nullable(),
  matched: z.boolean(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

/** `failed`: the write failed and a validation gate counts it (see ValidateOptions.failOnMismatch). */
export const LastAction = z.enum(["cloned", "re-cloned", "repaired", "adopted", "skipped", "rolled-back", "failed"]);
export type LastAction = z.infer<typeof LastAction>;

/** What refresh (read) observed in the destination, compared with what the last write recorded. */
export const Observed = z.object({
  exists: z.boolean(),
  version: z.number().nullable(),
  lastOperation: z.string().nullable(),
  /** `none`, or what happened out of band: `dropped`, `written`, `restored`, `replaced`. */
  drift: z.enum(["none", "dropped", "written", "restored", "replaced"]),
});
export type Observed = z.infer<typeof Observed>;

/**
 * Inputs that outputs do not repeat: only a write or the preview reads them (the new inputs, or the old
 * ones in check), never the recorded state, which keeps them once per table (as inputs) instead of twice.
 */
const INPUTS_NOT_RECORDED = { sourceFingerprint: true, destinationFingerprint: true, validate: true, rollbackOnFailure: true, retainedBecause: true, deploymentId: true } as const;

/** Keys of outputs recorded before state version 2 that version 2 no longer records (handler.ts upgrader). */
export const OUTPUTS_DROPPED_IN_V2 = Object.keys(INPUTS_NOT_RECORDED);

/** Outputs: the inputs as last applied (those a later diff, update, refresh or destroy reads) plus what the last write produced. */
export const TableOutputs = TableInputs.omit(INPUTS_NOT_RECORDED).extend({
  /** Source version cloned (null when nothing is cloned, e.g. rolled back before any clone stuck). */
  sourceVersion: z.number().nullable(),
  /** The source fingerprint the recorded clone was taken at (drift baseline). */
  clonedSourceLastAltered: z.string().nullable(),
  /** Destination version our last write produced; null when the destination holds no clone of ours. */
  destinationVersion: z.number().nullable(),
  /** Destination information_schema `last_altered` right after our last write (drift baseline). */
  destinationLastAltered: z.string().nullable(),
  /** The destination existed before this stack and was not ours. */
  adopted: z.boolean(),
  /** Version of an adopted table before the first clone: destroy RESTOREs to it. */
  preCloneVersion: z.number().nullable(),
  /** The stack created the table: destroy drops it. */
  createdByStack: z.boolean(),
  /**
   * Destination version just before the last write (null: the table did not exist). The validation
   * gate restores to it (or drops) when it rolls back the deployment in `changedInDeployment`.
   */
  previousVersion: z.number().nullable(),
  /** The deployment (provider/resources/runtime.ts) that last wrote this table (or tried to). */
  changedInDeployment: z.string().nullable(),
  /** The last write was undone by validation (the table holds `previousVersion` again). */
  rolledBack: z.boolean(),
  /**
   * The clone is in place but was not verified: a read-only query after it (its history, validation,
   * last_altered) failed even after retries. Only a measured mismatch rolls a clone back, so it is kept;
   * the resource failed (partial state) and the next `up` verifies it. Absent when verified.
   */
  unverified: z.boolean().optional(),
  /** What the last clone copied (source bytes, copied bytes and files); null when nothing was cloned. */
  metrics: CloneMetrics.nullable(),
  /**
   * Bytes copied into this table by every write this stack made (cumulative: `metrics.copiedBytes` of
   * each clone, also of clones undone afterwards). State leaves it out while it equals the last clone's
   * `metrics.copiedBytes` (copiedBytes.ts), as state written before it was recorded does.
   */
  totalCopiedBytes: z.number().optional(),
  /** Bytes the run at `ranAt` copied into this table (0 when it wrote nothing); left out like `totalCopiedBytes`. */
  runCopiedBytes: z.number().optional(),
  /** The checks after the last write (rows, checksums, matched); null when none ran. */
  validation: ValidationResult.nullable(),
  /** What the last run did to the table. */
  lastAction: LastAction,
  /** Why it did that (the drift it saw, the sync mode's decision, the failure). */
  lastReason: z.string(),
  /**
   * Why the last write failed, when a validation gate counts the failure instead of the resource
   * failing (lastAction `failed`; also `unverified` clones). Absent otherwise.
   */
  failed: z.string().optional(),
  /**
   * When the handler produced these outputs (ISO-8601). A program compares it with its own start to tell
   * what this run did from what an earlier run did (an unchanged resource keeps its old outputs).
   */
  ranAt: z.string().optional(),
  /** What the last refresh saw in the destination (out-of-band drift); absent until a refresh ran. */
  observed: Observed.nullable().optional(),
  /**
   * Identity of the warehouse holding the table (`databricks:<host><http path>` or `local:<dir>`, never a
   * credential); absent in state written before it was recorded. See warehouseChange.ts checkWarehouse.
   */
  warehouse: z.string().optional(),
});
export type TableOutputs = z.infer<typeof TableOutputs>;

/**
 * Outputs state does not record while they hold these values (the kit puts them back when it reads state):
 * most tables were never adopted, rolled back or validated, and clone with the default type and sync mode.
 * A program reading a ClonedTable sees them absent (undefined) then.
 */
export const TABLE_OUTPUT_DEFAULTS = {
  cloneType: DEFAULT_CLONE_TYPE,
  sync: DEFAULT_SYNC_MODE,
  adopted: false,
  preCloneVersion: null,
  previousVersion: null,
  rolledBack: false,
  metrics: null,
  validation: null,
} as const satisfies Partial<TableOutputs>;
