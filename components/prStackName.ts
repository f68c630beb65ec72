/**
 * What a PR preview stack is, and the catalog it clones into: one rule for the platform program
 * (examples/platform/prStack.ts applies its preset to these stacks) and for `pulumi-uc-clone-reap`
 * (components/reap/expiredClones.ts removes only these stacks' derived catalogs).
 */
import { z } from "zod";

/** Default prefix of a PR stack's destination catalog. */
export const DEFAULT_PR_PREFIX = "pr_";
/** A PR stack: `pr-` and the pull request's number, optionally followed by more of a branch name. */
const PR_STACK = /^pr-\d+([-_.][A-Za-z0-9_.-]*)?$/i;
/** Unity Catalog names are at most 255 characters. */
const MAX_NAME = 255;

/** A destination prefix (`catalog-clone:prPreset.destinationPrefix`, reap's `--pr-prefix`). */
export const prefixSchema = z
  .string({ error: "destinationPrefix must be a string such as pr_." })
  .regex(/^[a-z_][a-z0-9_]{0,63}$/, {
    error: "destinationPrefix must be lower-case letters, digits and underscores, starting with a letter or underscore (e.g. pr_), so the derived catalog name is a valid Unity Catalog name.",
  });

/** Is `stack` a PR preview stack? */
export function isPrStack(stack: string): boolean {
  return PR_STACK.test(stack);
}

/** `pr-123` → `pr_123` (prefix + the name after `pr-`, lower-cased, every other character `_`). */
export function prDestinationCatalog(stack: string, prefix: string = DEFAULT_PR_PREFIX): string {
  const rest = stack
    .slice(3)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/_$/, "");
  return (prefix + rest).slice(0, MAX_NAME);
}
