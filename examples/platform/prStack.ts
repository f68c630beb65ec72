/**
 * PR preview stacks: a stack named for a pull request (`pr-123`, `pr-123-login-fix`) needs no
 * Pulumi.<stack>.yaml. Its settings come from one preset, `catalog-clone:prPreset` (project config in
 * Pulumi.yaml, so every PR stack shares it), and its destination catalog from its name: the preset's
 * `destinationPrefix` (default `pr_`) plus the rest of the stack name sanitised to a Unity Catalog
 * name (`pr-123` → `pr_123`). Anything the stack's own config sets (`pulumi config set -s pr-123 ...`)
 * wins over the preset, the destination included.
 *
 * The preset holds the same keys as a stack file (sourceCatalog, cloneType, scope, ttl, ...), each
 * decoded and validated exactly as there; a problem is reported against `catalog-clone:prPreset.<key>`.
 * Stacks not named pr-<n> ignore the preset (its shape is still checked: it is shared config).
 */
import { DEFAULT_PR_PREFIX, isPrStack, prDestinationCatalog, prefixSchema } from "../../components/prStackName";

// The naming rule is shared with pulumi-uc-clone-reap, which removes only these stacks' derived catalogs.
export { DEFAULT_PR_PREFIX, isPrStack, prDestinationCatalog };

/** The preset's key, without namespace. */
export const PR_PRESET_KEY = "prPreset";

/** Keys a preset may not set: a PR stack's destination is its own, never shared. */
const NOT_IN_PRESET = ["destinationCatalog", PR_PRESET_KEY];

/** A problem with the preset: its key (`catalog-clone:prPreset.destinationPrefix`) and what to do. */
export interface PresetProblem {
  key: string;
  message: string;
}

/** What a stack's config becomes once the preset is applied. */
export interface PrStackConfig {
  /** The stack's config values with the preset's keys filled in (PR stacks only). */
  values: Record<string, unknown>;
  /** Keys (without namespace) whose values came from the preset, for naming problems. */
  fromPreset: Set<string>;
  problems: PresetProblem[];
}

/**
 * Applies the PR preset to a stack's config (`ns:key` values, as cloneSettingsFromStackConfig takes
 * them). Pure. `namespace` is the program's config namespace.
 */
export function withPrPreset(values: Readonly<Record<string, unknown>>, stack: string, namespace: string): PrStackConfig {
  const full = `${namespace}:${PR_PRESET_KEY}`;
  const problems: PresetProblem[] = [];
  const out: Record<string, unknown> = { ...values };
  delete out[full];
  const fromPreset = new Set<string>();

  let preset: Record<string, unknown> = {};
  const raw = values[full];
  if (raw !== undefined && raw !== null) {
    let decoded: unknown = raw;
    if (typeof raw === "string") {
      try {
        decoded = JSON.parse(raw);
      } catch {
        decoded = undefined;
      }
    }
    if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) {
      problems.push({ key: full, message: "must be a mapping of stack config keys (sourceCatalog, cloneType, scope, ttl, ...) plus destinationPrefix, under `value:` in Pulumi.yaml." });
    } else {
      preset = decoded as Record<string, unknown>;
    }
  }
  for (const key of NOT_IN_PRESET) {
    if (key in preset) problems.push({ key: `${full}.${key}`, message: `cannot be in the preset: a PR stack's ${key === PR_PRESET_KEY ? "preset cannot nest" : "destination is derived from its name (set destinationPrefix instead)"}.` });
  }
  let prefix = DEFAULT_PR_PREFIX;
  if (preset.destinationPrefix !== undefined) {
    const parsed = prefixSchema.safeParse(preset.destinationPrefix);
    if (parsed.success) prefix = parsed.data;
    else problems.push({ key: `${full}.destinationPrefix`, message: parsed.error.issues[0].message });
  }
  if (!isPrStack(stack)) return { values: out, fromPreset, problems };

  for (const [key, value] of Object.entries(preset)) {
    if (key === "destinationPrefix" || NOT_IN_PRESET.includes(key)) continue;
    if (`${namespace}:${key}` in values) continue; // the stack's own setting wins
    out[`${namespace}:${key}`] = value;
    fromPreset.add(key);
  }
  if (!(`${namespace}:destinationCatalog` in values)) out[`${namespace}:destinationCatalog`] = prDestinationCatalog(stack, prefix);
  return { values: out, fromPreset, problems };
}
