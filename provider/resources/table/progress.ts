/**
 * Progress of long clones: one line when a table's create or update starts and one when it finishes,
 * with the elapsed time and the bytes copied, on the provider's stderr. The Pulumi CLI passes a dynamic
 * provider's stderr through as it comes (CHANGELOG 3.146.0, "Passthrough unstructured logs from dynamic
 * providers"), and the test harness prints it as `[provider] …` lines, so a user running `pulumi up` sees
 * each table start and finish while the deployment runs, not only in the report at its end. The plugin
 * is not told the resource's URN, so the lines name the destination table.
 */
import type { TableOutputs } from "./inputs";
import { formatBytes } from "../../vocabulary/byteText";
import { runCopiedBytes } from "./copiedBytes";

/** Writes a line now (stderr is unbuffered for a pipe in Node: lines are not held back until the end). */
function line(text: string): void {
  process.stderr.write(`[catalog-clone] ${text}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The finish line's text for outputs a step produced. */
export function finishedText(id: string, outs: TableOutputs, elapsedMs: number): string {
  const copied = runCopiedBytes(outs);
  const data = outs.metrics ? `, ${formatBytes(copied)} copied (${outs.metrics.copiedFiles} file(s))` : ", nothing written";
  return `table ${id}: ${outs.lastAction} in ${seconds(elapsedMs)}${data}`;
}

/**
 * Runs one create or update of table `id`, announcing its start and its end (or failure) with the time
 * it took. `what`: the step (`create`, `update`).
 */
export async function withProgress<R extends { outs: TableOutputs }>(id: string, what: string, step: () => Promise<R>): Promise<R> {
  const started = Date.now();
  line(`table ${id}: ${what} started`);
  try {
    const r = await step();
    line(finishedText(id, r.outs, Date.now() - started));
    return r;
  } catch (err) {
    // The error itself is printed by deploymentStep.ts (with what the deployment did) and by the engine.
    line(`table ${id}: ${what} failed after ${seconds(Date.now() - started)}`);
    throw err;
  }
}
