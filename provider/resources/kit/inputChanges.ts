/**
 * The declared comparison of a kind: new inputs against the recorded outputs. A changed `replaceOn`
 * input names another object (replace, the new one created before the old one is deleted); a changed
 * `updateOn` input is applied in place. Values compare as JSON, absent equal to null, so objects and
 * lists compare by content.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./resourceKind";

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function inputChanges<I extends { connection?: unknown }, O extends object>(
  kind: Pick<ResourceKind<I, O>, "replaceOn" | "updateOn">,
  olds: Partial<O>,
  news: I,
): pulumi.dynamic.DiffResult {
  const recorded = olds as Record<string, unknown>;
  const replaces = kind.replaceOn.filter((k) => !same(recorded[k], news[k]));
  if (replaces.length > 0) return { changes: true, replaces: [...replaces], deleteBeforeReplace: false };
  return { changes: kind.updateOn.some((k) => !same(recorded[k], news[k])) };
}
