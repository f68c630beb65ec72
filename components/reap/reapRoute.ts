/**
 * How `pulumi-uc-clone-reap` removes one expired clone: through its stack (`pulumi destroy`, the
 * harness's destroy), by its markers, or not at all. Pure. Fails closed: a stack whose state shows a
 * protected resource (the `protect` resource option, DESIGN §4.7: `prod_dr` sets it) is never destroyed,
 * and nothing of it is dropped by markers either (markers would drop what the protection guards); a state
 * that exists but cannot be read keeps the clone too. Markers are used only when no state is reachable.
 */

/** A stack's state as read (harness state file, or the `deployment` of `pulumi stack export`). */
export type StackStateRead = { state: unknown } | { unreadable: string } | undefined;

/** What reap does with the clone; `keep` says why nothing is removed. */
export type ReapRoute = { via: "stack" } | { via: "markers" } | { via: "keep"; reason: string };

/** URNs of the resources the state marks protected; throws when the state has no resource list. */
export function protectedResources(state: unknown): string[] {
  const root = (state ?? {}) as { deployment?: { resources?: unknown }; resources?: unknown };
  // `pulumi stack export` wraps the resources in `deployment`; the harness's state file does not.
  const resources = root.deployment !== undefined ? root.deployment.resources : root.resources;
  if (resources === undefined) return [];
  if (!Array.isArray(resources)) throw new Error("its resources are not a list");
  return resources.filter((r: { protect?: unknown }) => r?.protect === true).map((r: { urn?: unknown }) => String(r.urn ?? "?"));
}

/** The route for a clone, given whether its stack can be destroyed from here and what its state says. */
export function reapRoute(owner: string, canDestroy: boolean, read: StackStateRead): ReapRoute {
  if (read !== undefined && "unreadable" in read) return { via: "keep", reason: `the state of stack ${owner} exists but cannot be read (${read.unreadable}); nothing is removed` };
  if (read !== undefined) {
    let prot: string[];
    try {
      prot = protectedResources(read.state);
    } catch (err) {
      return { via: "keep", reason: `the state of stack ${owner} cannot be read (${(err as Error).message}); nothing is removed` };
    }
    if (prot.length > 0) {
      const names = prot.slice(0, 3).map((u) => u.split("::").pop()).join(", ") + (prot.length > 3 ? `, ... (${prot.length} in all)` : "");
      return { via: "keep", reason: `stack ${owner} has protected resources (${names}); reap never destroys or drops what a stack protects: unprotect them (pulumi state unprotect) or destroy the stack yourself` };
    }
  }
  if (canDestroy) return { via: "stack" };
  // A state that is readable here but cannot be destroyed from here (no harness CLI) showed no protection.
  return { via: "markers" };
}
