/**
 * The error a handler throws after it changed the destination and then failed: the dynamic-provider
 * plugin turns an error carrying `id` + `properties` into ErrorResourceInitFailed, so the engine
 * records what is really there (e.g. an adopted table's pre-clone version) and the next `up` continues
 * with an update instead of starting blind (pulumi-without-cli.md, "Partial state").
 */
export class PartialStateError extends Error {
  readonly id: string;
  /** Outputs describing the destination as it is now. The handler adds `__provider`. */
  properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>) {
    super(message);
    this.name = "PartialStateError";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}
