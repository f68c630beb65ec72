/**
 * The `drift` input of a cloned table: what changed since the last run, in words, so that a preview's
 * diff names the reason (`~ drift: "source changed since the last run (last_altered … → …)"`) instead of
 * a fingerprint timestamp. The Node dynamic plugin sends no detailed diff: the CLI shows the inputs that
 * changed, and the fingerprints are hidden from it (resource.ts hideDiffs), so this is the one it shows.
 *
 * Derived at check (kit `derive`) from the previous run's inputs and this run's, without a statement: it
 * names a candidate. The decision is diff's (lifecycle.ts diffTable, which reads the history when it
 * matters: maintenance only is no re-clone) and is printed by diffNotice.ts and recorded as `lastReason`.
 * Absent when nothing changed, so it never changes on a no-drift run.
 */
import type { Bag } from "../kit/resourceKind";
import type { TableInputs } from "./inputs";
import { sameInstant } from "./drift";
import { shapeKey, type TableShape } from "./shape";
import { DEFAULT_CLONE_TYPE } from "../../vocabulary/cloneType";
import { DEFAULT_SYNC_MODE } from "../../vocabulary/syncMode";

type Ref = { catalog?: unknown; schema?: unknown; table?: unknown } | undefined;

const refText = (r: Ref) => (r ? [r.catalog, r.schema, r.table].map(String).join(".") : "none");
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** A recorded timestamp as the diff line shows it. */
function when(ts: unknown): string {
  return ts === null || ts === undefined || ts === "" ? "unknown" : String(ts);
}

/** The settings that change what is cloned, old → new, in words (empty when none changed). */
function settingChanges(olds: Bag, news: TableInputs): string[] {
  const out: string[] = [];
  if (refText(olds.source as Ref).toLowerCase() !== refText(news.source).toLowerCase()) out.push(`source ${refText(olds.source as Ref)} → ${refText(news.source)}`);
  if ((olds.cloneType ?? DEFAULT_CLONE_TYPE) !== news.cloneType) out.push(`cloneType ${String(olds.cloneType ?? DEFAULT_CLONE_TYPE)} → ${news.cloneType}`);
  if (JSON.stringify(olds.asOf ?? null) !== JSON.stringify(news.asOf ?? null)) out.push(`asOf ${JSON.stringify(olds.asOf ?? null)} → ${JSON.stringify(news.asOf ?? null)}`);
  if (olds.owner !== news.owner) out.push(`owner ${String(olds.owner)} → ${news.owner}`);
  if (shapeKey(olds.shape as TableShape | undefined) !== shapeKey(news.shape)) out.push("shape (where, schemaOnly, masks or tblProperties)");
  if ((olds.sync ?? DEFAULT_SYNC_MODE) !== news.sync) out.push(`sync ${String(olds.sync ?? DEFAULT_SYNC_MODE)} → ${news.sync}`);
  return out;
}

/**
 * What changed since the last run, or undefined when nothing did. `olds`: the inputs the last run
 * recorded (empty for a table new to this stack's state); `news`: this run's, parsed.
 */
export function driftSeen(olds: Bag, news: TableInputs): string | undefined {
  const isNew = Object.keys(olds).filter((k) => k !== "__provider").length === 0;
  if (isNew) {
    // Not in state: a new table is planned as one (the preview's create says so); an existing one is adopted.
    if (news.retainedBecause) return `retained: ${news.retainedBecause}`;
    return news.destinationFingerprint.exists
      ? "destination table exists but is not in this stack's state: adopted (its current version stays restorable), or recorded if it is this stack's interrupted clone"
      : undefined;
  }
  const parts: string[] = [];
  const settings = settingChanges(olds, news);
  if (settings.length > 0) parts.push(`settings changed: ${settings.join(", ")}`);
  if (news.retainedBecause && !olds.retainedBecause) parts.push(`source no longer cloned: ${news.retainedBecause}`);
  const oldSrc = obj(olds.sourceFingerprint);
  const src = news.sourceFingerprint;
  if (src && !news.retainedBecause && !sameInstant(src.lastAltered, oldSrc.lastAltered as string | null | undefined)) {
    parts.push(`source changed since the last run (last_altered ${when(oldSrc.lastAltered)} → ${when(src.lastAltered)})`);
  }
  const oldDst = obj(olds.destinationFingerprint);
  const dst = news.destinationFingerprint;
  // A destination that appeared since is the last run's own clone (the inputs record discovery before it).
  if (oldDst.exists === true && !dst.exists) parts.push("destination table was dropped out of band");
  else if (oldDst.exists === true && dst.exists && parts.length === 0 && !sameInstant(dst.lastAltered, oldDst.lastAltered as string | null | undefined)) {
    // The last run's own write moves last_altered too; diff tells an edit from it by the history (and
    // reports no change when it was ours), so this is only shown when the table is updated anyway.
    parts.push(`destination changed since the last run (last_altered ${when(oldDst.lastAltered)} → ${when(dst.lastAltered)})`);
  }
  return parts.length > 0 ? parts.join("; ") : undefined;
}
