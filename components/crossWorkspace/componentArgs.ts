/**
 * Validation of the sharing components' arguments: a zod failure becomes an error naming every field
 * and its fix, before anything is registered or any SQL runs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { inputProblems, type InputProblem } from "../../provider/inputProblems";

/** Invalid arguments of DeltaShare, ShareRecipient, TargetCatalog or CrossWorkspaceClone (a RunError: printed without a stack). */
export class SharingArgsError extends pulumi.RunError {
  readonly problems: InputProblem[];
  constructor(component: string, resourceName: string, problems: InputProblem[]) {
    super(`Invalid arguments for ${component} "${resourceName}":\n` + problems.map((p) => `  - ${p.field}: ${p.message}`).join("\n"));
    this.name = "SharingArgsError";
    this.problems = problems;
  }
}

/** Parses `args` with `schema`; throws SharingArgsError naming each bad field. */
export function parseComponentArgs<S extends z.ZodType>(component: string, resourceName: string, schema: S, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  throw new SharingArgsError(component, resourceName, inputProblems(parsed.error, args, schema, "(arguments)"));
}
