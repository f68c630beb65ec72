/**
 * The views-and-functions part of the clone report: how many the plan registers, and what the last
 * write of each did (its resource's `lastAction`; `pending` in a preview of one that will change,
 * `failed` when its step failed). What was not cloned is in the report's `skipped` list with its reason
 * (tableType VIEW or FUNCTION).
 */
import type { ClonePlan } from "./plan";

/** One view or function child as its outputs settled. */
export interface DefinitionOutcome {
  /** `schema.name`. */
  name: string;
  kind: "view" | "function";
  known: boolean;
  lastAction: string | undefined;
}

export interface DefinitionsReport {
  /** Views / functions registered this run. */
  views: number;
  functions: number;
  /** Views / functions of the source not cloned (listed with their reason in `skipped`). */
  viewsNotCloned: number;
  functionsNotCloned: number;
  objects: { name: string; kind: "view" | "function"; lastAction: string }[];
}

export function buildDefinitionsReport(plan: ClonePlan, outcomes: readonly DefinitionOutcome[], dryRun: boolean): DefinitionsReport {
  return {
    views: plan.views.length,
    functions: plan.functions.length,
    viewsNotCloned: plan.skipped.filter((s) => s.tableType.toUpperCase() === "VIEW").length,
    functionsNotCloned: plan.skipped.filter((s) => s.tableType === "FUNCTION").length,
    objects: outcomes.map((o) => ({
      name: o.name,
      kind: o.kind,
      lastAction: o.known && o.lastAction !== undefined ? o.lastAction : dryRun ? "pending" : "failed",
    })),
  };
}
