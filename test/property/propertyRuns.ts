/**
 * Run parameters shared by the property tests. The seed is fixed so a CI failure replays anywhere;
 * `PROPERTY_SEED=<n>` explores other inputs and `PROPERTY_RUNS=<n>` runs more (or fewer) cases. On a
 * failure fast-check reports the shrunk counterexample with the seed and path that reproduce it.
 */
import type { Parameters } from "fast-check";

const DEFAULT_SEED = 20261201;

export function propertyRuns<T>(numRuns: number): Parameters<T> {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : DEFAULT_SEED;
  const runs = process.env.PROPERTY_RUNS ? Number(process.env.PROPERTY_RUNS) : numRuns;
  return { seed, numRuns: runs };
}
