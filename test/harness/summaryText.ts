import { Step, StepOp, Summary } from "./deployment";

const symbols: Record<StepOp, string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- ", same: "  " };

const headers = { preview: "Previewing update", up: "Updating", refresh: "Refreshing", destroy: "Destroying" };

function stepLine(s: Step, typeWidth: number, nameWidth: number): string {
  // `hideDiffs` keys are left out (a key forcing a replacement never is). GUESS: the CLI's `[diff: ...]`
  // column honours hideDiffs like its detailed diff does; the option is documented as display-only.
  const shownKeys = (s.changedKeys ?? []).filter((k) => !s.hiddenKeys?.includes(k));
  const diff = shownKeys.length > 0 ? `  [diff: ${shownKeys.map((k) => "~" + k).join(", ")}]` : "";
  const error = s.error ? `  **failed**` : s.skipped ? "  (skipped: depends on a failed resource)" : "";
  // The latest message the program attached to the resource, as in the CLI's Info column.
  const info = s.messages && s.messages.length > 0 ? `  ${s.messages[s.messages.length - 1]}` : "";
  return ` ${symbols[s.op]}  ${s.type.padEnd(typeWidth)}  ${s.name.padEnd(nameWidth)}  ${s.op}${diff}${error}${info}`;
}

/** Pulumi-like text for a summary: changed resources, outputs, counts, then errors. */
export function summaryText(summary: Summary, stack: string): string {
  const lines: string[] = [`${headers[summary.operation]} (${stack}) [test harness]:`];
  const shown = summary.steps.filter((s) => s.op !== "same" || s.error || s.skipped);
  const typeWidth = Math.max(4, ...shown.map((s) => s.type.length));
  const nameWidth = Math.max(4, ...shown.map((s) => s.name.length));
  if (shown.length > 0) lines.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${summary.operation === "preview" ? "Plan" : "Status"}`);
  for (const s of shown) lines.push(stepLine(s, typeWidth, nameWidth));
  const outputs = Object.entries(summary.outputs);
  if (outputs.length > 0) {
    lines.push("", "Outputs:");
    for (const [k, v] of outputs) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  const future = summary.operation === "preview";
  const verbs: Record<StepOp, string> = future
    ? { create: "to create", update: "to update", replace: "to replace", delete: "to delete", same: "unchanged" }
    : { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged" };
  lines.push("", "Resources:");
  for (const op of ["create", "update", "replace", "delete"] as StepOp[]) {
    if (summary.counts[op] > 0) lines.push(`    ${symbols[op].trim()} ${summary.counts[op]} ${verbs[op]}`);
  }
  if (summary.counts.same > 0) lines.push(`    ${summary.counts.same} unchanged`);
  if (summary.skipped > 0) lines.push(`    ${summary.skipped} skipped (they depend on a resource that failed)`);
  if (summary.errors.length > 0) {
    lines.push("", "Diagnostics:");
    for (const e of summary.errors) lines.push(...e.split("\n").map((l, i) => (i === 0 ? `  error: ${l}` : `    ${l}`)));
    lines.push(`  error: ${summary.operation} failed`);
  }
  return lines.join("\n");
}
