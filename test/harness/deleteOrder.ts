import type { ParallelLimit } from "./parallelLimit";
import { ResourceState } from "./harnessState";

/** The URNs a resource depends on: parent, explicit and property dependencies. */
export function dependenciesOf(r: ResourceState): Set<string> {
  const deps = new Set<string>(r.dependencies);
  if (r.parent) deps.add(r.parent);
  for (const urns of Object.values(r.propertyDependencies ?? {})) for (const u of urns) deps.add(u);
  return deps;
}

/**
 * Deletes `resources` in reverse dependency order: a resource starts only after every resource of the
 * set that depends on it (child, dependsOn, property dependency) was deleted. Independent deletes run
 * in parallel within `limit`. When `remove` fails, what it depends on is left alone.
 * Returns the resources that were not removed.
 */
export async function removeInReverseDependencyOrder(
  resources: ResourceState[],
  limit: ParallelLimit,
  remove: (r: ResourceState) => Promise<boolean>,
): Promise<ResourceState[]> {
  const byUrn = new Map<string, ResourceState[]>();
  for (const r of resources) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
  const blockers = new Map<ResourceState, Set<ResourceState>>(resources.map((r) => [r, new Set()]));
  for (const r of resources) {
    for (const dep of dependenciesOf(r)) for (const d of byUrn.get(dep) ?? []) if (d !== r) blockers.get(d)!.add(r);
  }
  const left = new Set(resources);
  // Unblocked resources wait in `ready` (in the given order at first, then as they become unblocked), so a
  // finished delete only looks at what it depends on, not at the whole set (that was quadratic in N).
  const ready = resources.filter((r) => blockers.get(r)!.size === 0);
  await new Promise<void>((resolve) => {
    let running = 0;
    let next = 0; // ready[next..] are still to launch (an index, not shift(): no copying of a long queue)
    const launch = () => {
      while (next < ready.length) {
        const r = ready[next++];
        running++;
        limit(() => remove(r))
          .catch(() => false)
          .then((ok) => {
            running--;
            if (ok) {
              left.delete(r);
              for (const dep of dependenciesOf(r)) {
                for (const d of byUrn.get(dep) ?? []) {
                  const waiting = blockers.get(d);
                  if (d === r || !waiting?.delete(r)) continue;
                  if (waiting.size === 0) ready.push(d);
                }
              }
            }
            launch();
          });
      }
      if (running === 0) resolve();
    };
    launch();
  });
  return resources.filter((r) => left.has(r));
}
