/**
 * CatalogClone arguments wired to other resources (issue 12, Composition): the catalog names, the
 * comment, the tags and the warehouse (e.g. the id of a `databricks.SqlEndpoint`) accept a
 * `pulumi.Input` — an Output of another resource, or a Promise. Discovery needs plain values, so it
 * waits for them; at preview, an Output of a resource not created yet is unknown, and then the clone
 * says which fields it cannot plan with yet instead of failing (the plan is made by the `up`, once they
 * are known). Wired values keep their resources: the destination catalog depends on them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CatalogCloneArgs } from "./args";
import { settled } from "./settled";

type In<T> = pulumi.Input<T>;

/** CatalogCloneArgs where these fields accept a pulumi.Input: source/destination catalog, comment, tags, and the connection. */
export type CatalogCloneInputArgs = Omit<CatalogCloneArgs, "source" | "destination" | "connection"> & {
  /** Where the data comes from (its catalog may be another resource's output). */
  source: Omit<CatalogCloneArgs["source"], "catalog"> & { catalog: In<string> };
  /** Where the clone goes (catalog, comment and tags may be other resources' outputs). */
  destination: Omit<CatalogCloneArgs["destination"], "catalog" | "comment" | "tags"> & {
    catalog: In<string>;
    comment?: In<string>;
    tags?: In<Record<string, In<string>>>;
  };
  /** Which warehouse (e.g. `warehouseId: sqlEndpoint.id`); credentials never go here. */
  connection?: { kind: "local"; path: In<string> } | { kind: "databricks"; host: In<string>; warehouseId: In<string> };
};

function isInput(v: unknown): v is pulumi.Output<unknown> | Promise<unknown> {
  return pulumi.Output.isInstance(v) || v instanceof Promise;
}

/** Dotted paths of the Outputs and Promises in `args` (any depth; what a plain object or array holds). */
export function wiredFields(args: unknown, at = ""): string[] {
  if (isInput(args)) return [at || "(arguments)"];
  if (args === null || typeof args !== "object") return [];
  const entries = Array.isArray(args) ? args.map((v, i) => [`[${i}]`, v] as const) : Object.entries(args).map(([k, v]) => [at ? `.${k}` : k, v] as const);
  return entries.flatMap(([k, v]) => wiredFields(v, `${at}${k}`));
}

/** What settling the wired arguments gave. */
export interface SettledArgs {
  /** The arguments with every wired value replaced by its value (unknown ones left undefined). */
  args: unknown;
  /** Paths whose value is not known yet (preview: their resource is to be created or changed). */
  unknown: string[];
  /** The resources the wired values come from. */
  dependsOn: pulumi.Resource[];
}

/** Waits for every wired value of `args`. */
export async function settleArgs(args: unknown): Promise<SettledArgs> {
  const unknown: string[] = [];
  const deps = new Set<pulumi.Resource>();
  const walk = async (v: unknown, at: string): Promise<unknown> => {
    if (isInput(v)) {
      const o = pulumi.output(v);
      const resources = (o as unknown as { allResources?: () => Promise<Set<pulumi.Resource>> }).allResources;
      if (resources) for (const r of await resources.call(o)) deps.add(r);
      const s = await settled(o);
      if (!s.known) {
        unknown.push(at);
        return undefined;
      }
      return walk(s.value, at);
    }
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return Promise.all(v.map((x, i) => walk(x, `${at}[${i}]`)));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await walk(x, at ? `${at}.${k}` : k);
    return out;
  };
  const settledArgs = await walk(args, "");
  return { args: settledArgs, unknown, dependsOn: [...deps] };
}

/** The message a preview shows when some wired values are unknown. */
export function waitingMessage(unknown: readonly string[]): string {
  return (
    `cannot plan the clone yet: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not known until the resource ${unknown.length === 1 ? "it comes" : "they come"} from is created or updated. ` +
    "Discovery and the per-table plan run once the values are known (during `pulumi up`); this preview shows the destination catalog only."
  );
}

/**
 * The settled arguments with a valid stand-in at each unknown path (`pending0`, `pending1`, ...; `{}` for
 * tags), so a preview still checks every known argument before the plan waits for the rest.
 */
export function withPlaceholders(args: unknown, unknown: readonly string[]): unknown {
  const copy = structuredClone(args) as Record<string, unknown>;
  unknown.forEach((p, i) => {
    const parts = p.split(".");
    let at: Record<string, unknown> = copy;
    for (const k of parts.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    at[last] = last === "tags" ? {} : `pending${i}`;
  });
  return copy;
}
