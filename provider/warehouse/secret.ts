/**
 * A credential held in memory. It prints as `[secret]` everywhere (String(), JSON.stringify,
 * util.inspect, template literals) so a logged config or error can never show it; only `reveal()`
 * returns the value, at the single place the driver needs it.
 */
import { inspect } from "util";

const REDACTED = "[secret]";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The credential itself. Call only where it is handed to the driver. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Replaces every occurrence of the secrets' values in `text` with `[secret]` (for driver messages that echo input). */
export function redactSecrets(text: string, secrets: readonly (Secret | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    const v = s?.reveal();
    if (v && v.length >= 4) out = out.split(v).join(REDACTED);
  }
  // Databricks personal access tokens have a recognisable shape even when we do not hold them.
  return out.replace(/\bdapi[0-9a-f]{32}(-\d+)?\b/gi, REDACTED);
}
