/**
 * CatalogClone arguments from a stack's `catalog-clone:*` config (see index.ts for the keys). Shared by
 * the root program (reading `pulumi.Config`) and the demo (reading Pulumi.<stack>.yaml to print plans).
 */
import type { CatalogCloneArgs } from "../../components";

/** Reads one key of the `catalog-clone` namespace: a string, or a parsed object/boolean for structured keys. */
export type StackConfigReader = (key: string) => unknown;

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function obj<T>(v: unknown): T | undefined {
  if (v === undefined || v === null) return undefined;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "boolean" ? v : String(v) === "true";
}

/** The arguments; unset keys are left out (validation then applies defaults and names bad fields). */
export function argsFromStackConfig(get: StackConfigReader): CatalogCloneArgs {
  const args: Record<string, unknown> = {
    source: { catalog: str(get("sourceCatalog")) },
    destination: Object.fromEntries(
      Object.entries({ catalog: str(get("destinationCatalog")), comment: str(get("comment")), managedLocation: str(get("managedLocation")) }).filter(
        ([, v]) => v !== undefined,
      ),
    ),
    cloneType: str(get("cloneType")),
    sync: str(get("sync")),
    scope: obj(get("scope")),
    validate: obj(get("validate")),
    asOf: obj(get("asOf")),
    tableOverrides: obj(get("tableOverrides")),
    dropExtra: bool(get("dropExtra")),
  };
  for (const k of Object.keys(args)) if (args[k] === undefined) delete args[k];
  return args as unknown as CatalogCloneArgs;
}

/** `catalog-clone:protect`: protected stacks (prod_dr) cannot be destroyed. */
export function protectFromStackConfig(get: StackConfigReader): boolean {
  return bool(get("protect")) ?? false;
}
