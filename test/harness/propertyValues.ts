/**
 * Property values as the engine sees them: plain JSON plus two sentinels the Node SDK understands,
 * the secret wrapper `{[sigKey]: secretSig, value}` and the unknown string (previews).
 * The harness keeps secrets wrapped while it works; they are unwrapped only for the dynamic-provider
 * plugin (which answers Configure with acceptSecrets=false) and encrypted before they reach state.
 */

/** Key that marks a special object (secret, resource reference...) in a property bag. */
export const sigKey = "4dabf18193072939515e22adb298388d";
/** Value of {@link sigKey} for secrets. */
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";
/** The string the SDK uses for unknown values during previews (pulumi.runtime.unknownValue). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The property every dynamic resource carries: the serialized provider module text. */
export const providerKey = "__provider";

/** A bag of top-level properties (inputs or outputs). */
export type PropertyBag = Record<string, unknown>;

/** A secret value in the engine's wire shape. */
export interface SecretValue {
  [sigKey]: typeof secretSig;
  value: unknown;
}

/** True when `v` is a secret wrapper holding a plaintext value. */
export function isSecret(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[sigKey] === secretSig && "value" in v;
}

/** Wraps a value as a secret (idempotent). */
export function makeSecret(v: unknown): SecretValue {
  return isSecret(v) ? v : { [sigKey]: secretSig, value: v };
}

/** True when a secret wrapper occurs anywhere inside `v`. */
export function containsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsSecret);
  return false;
}

/** Removes every secret wrapper, keeping the plaintext (for the plugin, diffs and display). */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecret(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === "object" && v !== null) {
    const out: PropertyBag = {};
    for (const [k, x] of Object.entries(v)) out[k] = unwrapSecrets(x);
    return out;
  }
  return v;
}

/** Unwraps a whole bag. */
export function plainBag(bag: PropertyBag): PropertyBag {
  return unwrapSecrets(bag) as PropertyBag;
}

/** The top-level keys of `bag` whose value is or contains a secret. */
export function secretKeysOf(bag: PropertyBag): Set<string> {
  return new Set(Object.keys(bag).filter((k) => containsSecret(bag[k])));
}

/**
 * Marks as secret every top-level key of `plain` that is listed in `secretKeys`, mirroring the
 * engine's annotateSecrets (an output is secret when the input of the same name was).
 */
export function annotateSecrets(plain: PropertyBag, secretKeys: Iterable<string>): PropertyBag {
  const out: PropertyBag = { ...plain };
  for (const k of secretKeys) if (k in out && out[k] !== undefined) out[k] = makeSecret(out[k]);
  return out;
}

/** Replaces secrets (and preview unknowns) with display markers, for summaries and printed outputs. */
export function redactSecrets(v: unknown): unknown {
  if (isSecret(v)) return "[secret]";
  if (v === unknownValue) return "[unknown]";
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (typeof v === "object" && v !== null) {
    const out: PropertyBag = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactSecrets(x);
    return out;
  }
  return v;
}

/** Structural equality on plaintext values (secretness is not a change, as for the engine's display). */
export function deepEqual(a: unknown, b: unknown): boolean {
  return sameValue(a, b, true);
}

/**
 * Whether two JSON-like values are equal as their canonical JSON texts would be (key order aside,
 * undefined object members dropped, undefined array items as null), compared in place: no copy, no
 * text, as this runs for every resource of every operation. `plain`: secret wrappers are looked through.
 */
export function sameValue(a: unknown, b: unknown, plain = false): boolean {
  if (plain) {
    while (isSecret(a)) a = a.value;
    while (isSecret(b)) b = b.value;
  }
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    // JSON.stringify writes NaN and ±Infinity as null, and undefined array items as null.
    const json = (v: unknown) => (v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? null : v);
    return json(a) === json(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], plain)) return false;
    return true;
  }
  const x = a as PropertyBag;
  const y = b as PropertyBag;
  let defined = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k) || x[k] === undefined) continue;
    defined++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameValue(x[k], y[k], plain)) return false;
  }
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k) && y[k] !== undefined) defined--;
  return defined === 0;
}

/** A value with object keys sorted and undefined members dropped, for order-insensitive comparison. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object" && v !== null) {
    const out: PropertyBag = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as PropertyBag)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

/** Top-level keys whose values differ between two bags (added, removed or changed), sorted. */
export function changedKeys(olds: PropertyBag, news: PropertyBag): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

/** True when an unknown value occurs anywhere inside `v`. */
export function containsUnknown(v: unknown): boolean {
  if (v === unknownValue) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/** Drops undefined members so google-protobuf's Struct.fromJavaScript accepts the bag. */
export function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : withoutUndefined(x)));
  if (typeof v === "object" && v !== null) {
    const out: PropertyBag = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = withoutUndefined(x);
    return out;
  }
  return v;
}

/** A bag without the provider text (what users see in diffs and summaries). */
export function withoutProvider(bag: PropertyBag): PropertyBag {
  const { [providerKey]: _omit, ...rest } = bag;
  return rest;
}
