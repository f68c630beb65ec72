/**
 * Helpers of the drift / rollback / validation / resume end-to-end tests: small readers of a run's
 * summary and of the engine's cross-process statement log. Stacks come from CloneFixture.stack.
 */
import type { Summary } from "pulumi-uc-clone-stack-harness";

export { CloneFixture, cloneConfig } from "./catalogCloneFixture";

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
