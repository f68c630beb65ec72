/**
 * `check` for dynamic resources: validates the program's inputs with the resource's zod schema and
 * reports each problem as a Pulumi CheckFailure naming the property. Inputs still unknown during
 * preview (the engine's sentinel) are not validated yet; they are checked again once known.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** The value the engine sends for inputs that are not known yet (preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when any value under `v` is the engine's unknown sentinel (preview of inputs not known yet). */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Returns the news unchanged (so `__provider` survives) or the failures, one per invalid property. */
export function checkFailures(schema: z.ZodType, news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const { __provider, ...rest } = news;
  void __provider;
  if (containsUnknown(rest)) return { inputs: news };
  const parsed = schema.safeParse(rest);
  if (parsed.success) return { inputs: news };
  return {
    failures: parsed.error.issues.map((i) => ({
      property: i.path.length > 0 ? String(i.path[0]) : "",
      reason: `${i.path.join(".") || "(inputs)"}: ${i.message}`,
    })),
  };
}
