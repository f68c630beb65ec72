/**
 * CatalogClone arguments and the `protect` option from a stack's `catalog-clone:*` config (the keys are
 * listed in index.ts). Shared by the root program (reading the Pulumi runtime's config) and the demo
 * (reading Pulumi.<stack>.yaml to print plans).
 *
 * Fails closed (DESIGN §4.7): a safety option that is misspelt or mistyped must stop the deployment,
 * never silently fall back to its default. So, before any SQL runs:
 *  - every `catalog-clone:*` key must be known: an argument key below, `protect`, or a key the provider
 *    reads (connectionConfig.ts CONFIG_KEYS); an unknown key is an error with a did-you-mean, and so is
 *    a key in a look-alike namespace (`catalog_clone:protect`);
 *  - booleans are `true` or `false` exactly: Pulumi hands the program each config value as the text
 *    written in the stack file (a YAML `true` arrives as "true"; `True`, `yes` or `1` arrive as
 *    themselves), and only "true"/"false" are accepted, as pulumi.Config#getBoolean does;
 *  - structured keys (scope, validate, asOf, tableOverrides) arrive as JSON text (Pulumi encodes a YAML
 *    mapping under the key as JSON); text that is not JSON is an error naming the key;
 *  - the decoded arguments are validated by the CatalogClone's own zod schema (args.ts), and each
 *    problem is reported against the config key it came from.
 */
import * as pulumi from "@pulumi/pulumi";
import { catalogCloneArgsSchema, CatalogCloneArgsError, resolveCatalogCloneArgs, type CatalogCloneArgs } from "../../components";
import { didYouMean, editDistance } from "../../provider/didYouMean";
import { WAREHOUSE_MOVED_FROM } from "../../provider/resources/warehouseChange";
import { CONFIG_KEYS } from "../../provider/warehouse/connectionConfig";
import { PR_PRESET_KEY, withPrPreset } from "./prStack";

/** The config namespace of this program. */
export const NAMESPACE = "catalog-clone";

/**
 * Config keys (without namespace) that become CatalogClone arguments, and the argument field each
 * sets. How a key's text is decoded (plain string, strict boolean, JSON object) follows the type of
 * that field in the argument schema.
 */
const ARG_KEYS = {
  sourceCatalog: "source.catalog",
  destinationCatalog: "destination.catalog",
  comment: "destination.comment",
  managedLocation: "destination.managedLocation",
  cloneType: "cloneType",
  sync: "sync",
  scope: "scope",
  validate: "validate",
  asOf: "asOf",
  tableOverrides: "tableOverrides",
  dropExtra: "dropExtra",
  rollbackOnFailure: "rollbackOnFailure",
  ttl: "ttl",
  schemaOnly: "schemaOnly",
  tblProperties: "tblProperties",
  masking: "masking",
  externalLocationMap: "externalLocationMap",
  policyFunctions: "policyFunctions",
  governance: "governance",
  definitions: "definitions",
} as const;
type ArgKey = keyof typeof ARG_KEYS;

/** `catalog-clone:protect`: protected stacks (prod_dr) cannot be destroyed. A resource option, not an argument. */
const PROTECT = "protect";

/** `catalog-clone:crossWorkspace`: clone into other workspaces through Delta Sharing (crossWorkspace.ts validates it). */
const CROSS_WORKSPACE = "crossWorkspace";

/**
 * Keys the provider reads (warehouse, localPath, warehouseId, ..., warehouseMovedFrom): valid here,
 * validated by the provider. Taken from the provider's own declarations, never copied.
 */
const PROVIDER_KEYS: readonly string[] = [...Object.values(CONFIG_KEYS), WAREHOUSE_MOVED_FROM.config]
  .filter((k) => k.startsWith(`${NAMESPACE}:`))
  .map((k) => k.slice(NAMESPACE.length + 1));

/** Every key this program or its provider reads, without namespace. */
export const KNOWN_KEYS: readonly string[] = [...Object.keys(ARG_KEYS), PROTECT, ...PROVIDER_KEYS, PR_PRESET_KEY, CROSS_WORKSPACE];

type Kind = "string" | "boolean" | "object";

/** The zod type at the bottom of optional/default/transform wrappers. */
function kindOf(schema: unknown): Kind {
  const def = (schema as { _zod: { def: { type: string; innerType?: unknown; in?: unknown } } })._zod.def;
  if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") return kindOf(def.innerType);
  if (def.type === "pipe") return kindOf(def.in);
  if (def.type === "boolean") return "boolean";
  if (def.type === "object" || def.type === "record") return "object";
  return "string";
}

/** The argument schema's field at a dotted path (`destination.comment`). */
function fieldSchema(path: string): unknown {
  let schema: unknown = catalogCloneArgsSchema;
  for (const seg of path.split(".")) {
    let s = schema as { shape?: Record<string, unknown>; _zod: { def: { type: string; innerType?: unknown } } };
    while (!s.shape && s._zod.def.innerType) s = s._zod.def.innerType as typeof s;
    schema = s.shape![seg];
  }
  return schema;
}

/** How each argument key is decoded, from the argument schema. */
export const ARG_KEY_KINDS: Readonly<Record<ArgKey, Kind>> = Object.fromEntries(
  Object.entries(ARG_KEYS).map(([key, path]) => [key, kindOf(fieldSchema(path))]),
) as Record<ArgKey, Kind>;

/** One problem with the stack config: the full key (`catalog-clone:protect`) and what to do. */
export interface StackConfigProblem {
  key: string;
  message: string;
}

/** Invalid stack config. A Pulumi RunError: `pulumi up` prints the problems, not a stack trace. */
export class StackConfigError extends pulumi.RunError {
  readonly problems: StackConfigProblem[];
  constructor(stack: string, problems: StackConfigProblem[]) {
    super(
      `Invalid stack config in Pulumi.${stack}.yaml (nothing was run):\n` + problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "StackConfigError";
    this.problems = problems;
  }
}

/** What the root program builds from the stack config. */
export interface StackCloneSettings {
  args: CatalogCloneArgs;
  protect: boolean;
  /** The decoded `catalog-clone:crossWorkspace` mapping, when set (validated by crossWorkspace.ts). */
  crossWorkspace?: unknown;
}

export interface StackConfigOptions {
  /** Stack name, for messages (`Pulumi.<stack>.yaml`). */
  stack: string;
}

/**
 * Parses the stack's config. `values` holds every config key of the stack, namespaced (`ns:key`):
 * strings as the Pulumi runtime delivers them, or the YAML values of a stack file (booleans, mappings).
 * Keys of other namespaces are ignored (except look-alikes of `catalog-clone`). Messages never quote
 * a value (any key may have been set as a secret).
 * @throws StackConfigError naming every bad key and its fix.
 */
export function cloneSettingsFromStackConfig(stackValues: Readonly<Record<string, unknown>>, opts: StackConfigOptions): StackCloneSettings {
  // PR stacks (pr-<n>) take the prPreset's keys and a destination derived from their name (prStack.ts).
  const pr = withPrPreset(stackValues, opts.stack, NAMESPACE);
  const values = pr.values;
  const problems: StackConfigProblem[] = [...pr.problems];
  const decoded = new Map<string, unknown>();

  for (const [full, value] of Object.entries(values)) {
    const colon = full.indexOf(":");
    const ns = colon < 0 ? "" : full.slice(0, colon);
    const key = full.slice(colon + 1);
    if (ns !== NAMESPACE) {
      if (ns !== "" && editDistance(ns.toLowerCase(), NAMESPACE) <= 2) {
        problems.push({ key: full, message: `namespace "${ns}" is not read by this program; did you mean ${NAMESPACE}:${key}?` });
      }
      continue;
    }
    if (!KNOWN_KEYS.includes(key)) {
      const guess = didYouMean(key, KNOWN_KEYS);
      problems.push({
        key: full,
        message: `unknown key. ${guess ? `Did you mean ${NAMESPACE}:${guess}?` : `Known keys: ${KNOWN_KEYS.join(", ")}.`}`,
      });
      continue;
    }
    if (PROVIDER_KEYS.includes(key) || value === undefined) continue;
    if (value === null) {
      problems.push({ key: full, message: "has no value; give it one, or remove the key to use the default." });
      continue;
    }
    const kind: Kind = key === PROTECT ? "boolean" : key === CROSS_WORKSPACE ? "object" : ARG_KEY_KINDS[key as ArgKey];
    if (kind === "boolean") {
      if (value === true || value === "true") decoded.set(key, true);
      else if (value === false || value === "false") decoded.set(key, false);
      else {
        problems.push({
          key: full,
          message: `must be true or false, and only the lower-case words true and false are booleans here (not True, yes, 1 or "on"); write \`${full}: true\` or \`${full}: false\`.`,
        });
      }
    } else if (kind === "object") {
      if (typeof value !== "string") decoded.set(key, value);
      else {
        try {
          decoded.set(key, JSON.parse(value));
        } catch {
          problems.push({
            key: full,
            message:
              "must be a mapping, and its value is not JSON: nest the fields under the key in the stack file " +
              `(\`${full}:\` then indented \`field: value\` lines), or set JSON text with \`pulumi config set ${full} '{"field": ...}'\`.`,
          });
        }
      }
    } else if (typeof value === "object") {
      problems.push({ key: full, message: "must be a plain value (text), not a mapping or list." });
    } else {
      decoded.set(key, String(value));
    }
  }

  const failed = new Set(problems.map((p) => p.key));
  const args = buildArgs(decoded);
  try {
    resolveCatalogCloneArgs(opts.stack, args);
  } catch (e) {
    if (!(e instanceof CatalogCloneArgsError)) throw e;
    for (const p of e.problems) {
      const { key, rest } = configKeyOf(p.field);
      const full = key ? `${NAMESPACE}:${key}` : `${NAMESPACE}:*`;
      if (failed.has(full)) continue; // already reported (and left out) while decoding
      if (key && !decoded.has(key) && /is required\.$/.test(p.message)) {
        problems.push({ key: full, message: `is not set; add it to Pulumi.${opts.stack}.yaml (\`pulumi config set ${full} <value>\`).` });
      } else {
        problems.push({ key: `${full}${rest}`, message: p.message });
      }
    }
  }
  // A value the preset supplied is fixed in the preset: say so in the key.
  for (const p of problems) {
    const m = /^catalog-clone:([^.[\s]+)(.*)$/.exec(p.key);
    if (m && pr.fromPreset.has(m[1])) p.key = `${NAMESPACE}:${PR_PRESET_KEY}.${m[1]}${m[2]}`;
  }
  if (problems.length > 0) throw new StackConfigError(opts.stack, problems);
  return { args, protect: decoded.get(PROTECT) === true, ...(decoded.has(CROSS_WORKSPACE) ? { crossWorkspace: decoded.get(CROSS_WORKSPACE) } : {}) };
}

/** The CatalogClone arguments from decoded keys; unset keys are left out (validation applies defaults). */
function buildArgs(decoded: ReadonlyMap<string, unknown>): CatalogCloneArgs {
  const args: Record<string, unknown> = { source: {}, destination: {} };
  for (const [key, path] of Object.entries(ARG_KEYS)) {
    if (!decoded.has(key)) continue;
    const [head, tail] = path.split(".");
    if (tail === undefined) args[head] = decoded.get(key);
    else (args[head] as Record<string, unknown>)[tail] = decoded.get(key);
  }
  return args as unknown as CatalogCloneArgs;
}

/** The config key an argument problem belongs to: `scope.excludeTables` → scope + `.excludeTables`; `destination.catalog` → destinationCatalog. */
function configKeyOf(field: string): { key: string | undefined; rest: string } {
  let best: { key: string; path: string } | undefined;
  for (const [key, path] of Object.entries(ARG_KEYS)) {
    if ((field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`)) && (!best || path.length > best.path.length)) best = { key, path };
  }
  return best ? { key: best.key, rest: field.slice(best.path.length) } : { key: undefined, rest: ` (${field})` };
}
