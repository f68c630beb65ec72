/**
 * At most `max` provider operations at once (`pulumi up --parallel`): tasks past the limit start in
 * the order they were submitted, as running ones finish.
 */
export type ParallelLimit = <T>(task: () => Promise<T>) => Promise<T>;

export function parallelLimit(max: number): ParallelLimit {
  if (!Number.isInteger(max) || max < 1) throw new Error(`[harness] --parallel must be a positive integer, got ${max}`);
  let running = 0;
  const queued: (() => void)[] = [];
  const startNext = (): void => {
    if (running >= max) return;
    const start = queued.shift();
    if (!start) return;
    running++;
    start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queued.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            startNext();
          });
      });
      startNext();
    });
}
