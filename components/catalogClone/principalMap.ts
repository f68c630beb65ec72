/**
 * How a source principal becomes a destination principal (the `governance.principals` argument).
 * Pure. An unmapped principal is kept as it is or dropped, by option; the default (drop) fails closed.
 */
import type { PrincipalsOptions } from "./governanceArgs";

/** What happens to one source principal in the destination. */
export type PrincipalFate =
  /** Named in the map: replayed to `to`. */
  | { kind: "mapped"; to: string }
  /** Not in the map, `unmapped: "keep"`: replayed to the same principal. */
  | { kind: "kept"; to: string }
  /** Not in the map, `unmapped: "drop"`: nothing is replayed for it. */
  | { kind: "dropped" };

export function principalFate(principal: string, opts: PrincipalsOptions): PrincipalFate {
  if (Object.prototype.hasOwnProperty.call(opts.map, principal)) return { kind: "mapped", to: opts.map[principal] };
  return opts.unmapped === "keep" ? { kind: "kept", to: principal } : { kind: "dropped" };
}
