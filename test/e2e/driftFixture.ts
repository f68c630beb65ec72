/**
 * Helpers of the drift / rollback / validation / resume end-to-end tests: stacks of the root program
 * (examples/platform) through the test harness, with options the shared CloneFixture does not expose
 * (environment for the provider plugin's warehouse hooks, parallelism), and small assertions on the
 * engine's cross-process statement log.
 */
import * as path from "path";
import { HarnessStack, type Summary } from "../harness/harnessStack";
import { CloneFixture, ROOT } from "./catalogCloneFixture";

export { CloneFixture, cloneConfig } from "./catalogCloneFixture";

export function stackOf(
  fx: CloneFixture,
  stack: string,
  config: Record<string, unknown>,
  opts: { env?: NodeJS.ProcessEnv; parallel?: number } = {},
): HarnessStack {
  return new HarnessStack({
    programDir: ROOT,
    stack,
    config: { "catalog-clone:localPath": fx.warehouseDir, ...config },
    statePath: path.join(fx.dir, `${stack}.state.json`),
    log: (l) => fx.logs.push(l),
    parallel: opts.parallel ?? 4,
    env: opts.env,
  });
}

/** The table steps of a summary: child name (`<stack>/<schema>.<table>`) → op. */
export function tableOps(summary: Summary): Record<string, string> {
  return Object.fromEntries(summary.steps.filter((s) => s.type.endsWith("catalog-clone:Table")).map((s) => [s.name, s.op]));
}

export function tableStep(summary: Summary, name: string) {
  return summary.steps.find((s) => s.type.endsWith("catalog-clone:Table") && s.name === name);
}

/** Statements that write (anything but SELECT / DESCRIBE / SHOW). */
export function writes(statements: string[]): string[] {
  return statements.filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW|WITH)\b/i.test(s));
}

/** Lets information_schema last_altered (ms precision) tell two writes apart. */
export const tick = () => new Promise((r) => setTimeout(r, 20));
