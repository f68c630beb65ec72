/**
 * How many table registrations a CatalogClone keeps in flight at once. A registration holds its
 * resource's Outputs pending (promises, closures, the request) until the engine finishes its step,
 * about three times what they cost once resolved; registering every table at once made the program of
 * a 2,000-table first `up` peak at 1.5–1.9 GB (issue 13). The engine's parallelism is unaffected while
 * the window is wider than `--parallel` and the warehouse's `maxConcurrency` (README, Concurrency): it
 * only ever sees `size` tables waiting to start instead of all of them, in the same (largest-first) order.
 */
import type * as pulumi from "@pulumi/pulumi";
import { settled } from "./settled";

/** Wider than any useful `--parallel` × `maxConcurrency` on one warehouse, small enough to keep the program's memory flat. */
export const TABLE_REGISTRATION_WINDOW = 128;

/** Admits registrations in order, at most `size` of them unfinished (their URN not yet resolved, or failed). */
export function registrationWindow(size: number = TABLE_REGISTRATION_WINDOW) {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  return {
    /** Waits for a free slot, then registers (synchronously, so order is kept) and holds the slot until the registration finishes. */
    async admit<R extends pulumi.Resource>(register: () => R): Promise<R> {
      while (inFlight >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight++;
      const resource = register();
      void settled(resource.urn).then(() => {
        inFlight--;
        waiting.shift()?.();
      });
      return resource;
    },
  };
}
