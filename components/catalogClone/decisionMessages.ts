/**
 * One message per decision, attached to the child resource it is about (`pulumi.log.info(msg, child)`),
 * so a preview reads one line per changed object (the CLI shows it in the resource's row and under it in
 * Diagnostics) instead of a diff of fingerprints; and one summary line per stack on the component.
 *
 * How a program tells what the engine decided, without a statement: a resource left unchanged resolves to
 * its recorded outputs (they carry `lastAction`); one that will change resolves, in a preview, to its
 * checked inputs (no `lastAction`: unknown or absent; CODE: pulumi/pulumi provider_plugin.go Create and
 * Update hand back the new inputs as the state in a preview when the provider does not support previews,
 * as the dynamic plugin's Configure says), among them the table's `drift` input, which says
 * what changed since the last run (provider/resources/table/driftSeen.ts). In an update, a resource the
 * run changed has outputs from this run (`ranAt` after the program started) saying what it did and why.
 * Unchanged objects get no message.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClonedTable } from "../../provider/resources/table/resource";
import type { ProtectedTableCopy } from "../../provider/resources/protectedTable/resource";
import type { ClonedView } from "../../provider/resources/view/resource";
import type { ClonedFunction } from "../../provider/resources/function/resource";
import type { ClonedVolume } from "../../provider/resources/volume/resource";
import type { SyncMode } from "../../provider/vocabulary/syncMode";
import { runCopiedBytes, type CopiedBytesOutputs } from "../../provider/resources/table/copiedBytes";
import type { ClonePlan } from "./plan";
import { describeEstimate, formatBytes, type CopyEstimate } from "./copyEstimate";
import { settled, settledFields } from "./settled";

/** What a preview says a source change leads to, per sync mode (the provider's diff decides: syncMode.ts). */
function sourceChangeOutcome(sync: SyncMode): string {
  return sync === "snapshot" ? "kept as first cloned (sync snapshot)" : `re-clone unless its history shows maintenance only (sync ${sync})`;
}

/** A table's message in a preview, or undefined when it is unchanged. */
export function previewTableMessage(t: { drift: string | undefined; lastActionKnown: boolean; newInDestination: boolean; sync: SyncMode; bytes: number | undefined }): string | undefined {
  if (t.lastActionKnown) return undefined; // recorded outputs: the engine found nothing to do
  if (t.drift !== undefined) {
    return /^source changed/.test(t.drift) ? `${t.drift}: ${sourceChangeOutcome(t.sync)}` : t.drift;
  }
  if (t.newInDestination) return `clone: not in the destination yet${t.bytes !== undefined ? ` (~${formatBytes(t.bytes)} to copy)` : ""}`;
  return "update: the provider decides from the recorded clone (a retry after a failed or rolled-back write, or a warehouse move)";
}

/** A table's message after an update: what this run did, or undefined when it did not touch it. */
export function upTableMessage(o: { lastAction?: string; lastReason?: string; ranAt?: string } & CopiedBytesOutputs, runStartedAt: number): string | undefined {
  if (o.lastAction === undefined || o.ranAt === undefined || Date.parse(o.ranAt) < runStartedAt) return undefined;
  const copied = runCopiedBytes(o);
  const bytes = copied ? `, ${formatBytes(copied)} copied` : "";
  return `${o.lastAction}: ${o.lastReason ?? ""}${bytes}`;
}

export interface DecisionChildren {
  tables: Record<string, ClonedTable>;
  protectedTables: Record<string, ProtectedTableCopy>;
  views: Record<string, ClonedView>;
  functions: Record<string, ClonedFunction>;
  volumes: Record<string, ClonedVolume>;
}

/**
 * Logs each child's decision on it, then the stack's summary line on `component`. Never throws (messages
 * must not fail a deployment); returns once every child settled.
 */
export async function announceDecisions(
  component: pulumi.Resource,
  plan: ClonePlan,
  children: DecisionChildren,
  c: { estimate: CopyEstimate; dryRun: boolean; runStartedAt: number },
): Promise<void> {
  const planned = new Map(plan.tables.map((t) => [`${t.schema}.${t.table}`, t]));
  const count = { tables: 0, fresh: 0, others: 0 };
  const say = (msg: string | undefined, r: pulumi.Resource, table = false) => {
    if (msg === undefined) return;
    if (table) count.tables++;
    else count.others++;
    pulumi.log.info(msg, r);
  };
  const tables = Object.entries(children.tables).map(async ([k, t]) => {
    const p = planned.get(k);
    if (c.dryRun) {
      const [action, drift] = await Promise.all([settled(t.lastAction), settled(t.drift)]);
      const msg = previewTableMessage({
        drift: drift.known ? drift.value : undefined,
        lastActionKnown: action.known && action.value !== undefined,
        newInDestination: p !== undefined && p.destination === undefined,
        sync: p?.sync ?? "selective",
        bytes: c.estimate.perTable.get(k),
      });
      if (msg !== undefined && p !== undefined && p.destination === undefined) count.fresh++;
      say(msg, t, true);
    } else {
      const o = await settledFields(t, ["lastAction", "lastReason", "ranAt", "runCopiedBytes", "metrics"]);
      if (o.known && o.value) say(upTableMessage(o.value, c.runStartedAt), t, true);
    }
  });
  const protectedCopies = Object.values(children.protectedTables).map(async (t) => {
    const o = await settledFields(t, ["lastAction", "lastReason", "ranAt"]);
    if (c.dryRun) {
      if (!(o.known && o.value?.lastAction !== undefined)) say("copy with its row filter / column masks (created with its policies, then filled)", t, true);
    } else if (o.known && o.value) say(upTableMessage(o.value, c.runStartedAt), t, true);
  });
  // Views, functions and volumes: a preview says what is planned; their outcome is in the report.
  const plannedView = new Map([...plan.views, ...plan.functions].map((v) => [`${v.schema}.${v.name}`, v]));
  const definitions = [...Object.entries(children.views), ...Object.entries(children.functions)].map(async ([k, r]) => {
    if (!c.dryRun) return;
    const a = await settled(r.lastAction);
    if (a.known && a.value !== undefined) return;
    const observed = plannedView.get(k)?.observed;
    say(observed ? "re-create: the destination's definition differs from the source's (rewritten for the destination)" : "create: not in the destination yet", r);
  });
  const plannedVolume = new Map(plan.volumes.volumes.map((v) => [`${v.schema}.${v.name}`, v]));
  const volumes = Object.entries(children.volumes).map(async ([k, v]) => {
    if (!c.dryRun) return;
    const o = await settledFields(v, ["lastAction", "ranAt"]);
    if (o.known && (o.value?.lastAction !== undefined || o.value?.ranAt !== undefined)) return;
    say(`sync: ${plannedVolume.get(k)?.reason ?? "files differ from the source"}`, v);
  });
  try {
    await Promise.all([...tables, ...protectedCopies, ...definitions, ...volumes]);
    const total = Object.keys(children.tables).length + Object.keys(children.protectedTables).length;
    const others = count.others > 0 ? `, ${count.others} view(s), function(s) or volume(s)` : "";
    pulumi.log.info(
      `${c.dryRun ? "plan" : "this run"}: ${count.tables} of ${total} table(s) ${c.dryRun ? "change" : "changed"}${others} (a message on each); ` +
        describeEstimate(c.estimate, { reclones: c.dryRun ? count.tables - count.fresh : 0 }),
      component,
    );
  } catch {
    // A message is never worth failing a deployment over.
  }
}
