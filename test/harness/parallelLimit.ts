/**
 * At most `max` provider operations at once (`pulumi up --parallel`): tasks past the limit start in
 * the order they were submitted, as running ones finish.
 */
export type ParallelLimit = <T>(task: () => Promise<T>) => Promise<T>;

export function parallelLimit(max: number): ParallelLimit {
  if (!Number.isInteger(max) || max < 1) throw new Error(`[harness] --parallel must be a positive integer, got ${max}`);
  let running = 0;
  // A queue with a head index: shift() would copy the waiting tasks (thousands at a time on a large stack).
  let queued: (() => void)[] = [];
  let head = 0;
  const startNext = (): void => {
    if (running >= max) return;
    if (head >= queued.length) return;
    const start = queued[head++];
    if (head > 1024 && head * 2 > queued.length) {
      queued = queued.slice(head);
      head = 0;
    }
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
