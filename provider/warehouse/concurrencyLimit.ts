/**
 * A per-warehouse concurrency limit shared by every handler in the process (DESIGN §5): one dynamic-
 * provider plugin process serves all resources of a deployment, so the limits, keyed by warehouse
 * identity, belong to the process's warehouse pool (warehousePool.ts, held by the process runtime).
 */
import type { Row, Warehouse } from "./warehouse";

/** A counting semaphore with FIFO hand-off: waiters acquire in arrival order. */
export class Semaphore {
  #active = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A concurrency limit must be a positive integer, got ${limit}.`);
  }

  /** Slots in use. */
  get active(): number {
    return this.#active;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Waits for a slot; resolves to the function that releases it (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.#active < this.limit && this.#waiters.length === 0) {
      this.#active++;
    } else {
      // The releaser hands its slot straight to the next waiter, so #active stays counted.
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#active--;
    };
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** One semaphore per warehouse identity (see connectionIdentity). */
export class WarehouseLimits {
  readonly #byIdentity = new Map<string, Semaphore>();

  /** The semaphore of `identity`. The first caller's `limit` wins; later callers share it whatever limit they ask for. */
  of(identity: string, limit: number): Semaphore {
    let sem = this.#byIdentity.get(identity);
    if (!sem) {
      sem = new Semaphore(limit);
      this.#byIdentity.set(identity, sem);
    }
    return sem;
  }
}

/** A Warehouse whose statements each hold a slot of `limit` while they run. */
export function limitedWarehouse(inner: Warehouse, limit: Semaphore): Warehouse {
  return {
    execute: (sql: string): Promise<Row[]> => limit.run(() => inner.execute(sql)),
    close: () => inner.close(),
  };
}
