/**
 * A per-warehouse concurrency limit shared by every handler in the process (DESIGN §5): one dynamic-
 * provider plugin process serves all resources of a deployment, so limits are kept in a process-wide
 * registry keyed by warehouse identity. The registry hangs off `globalThis` so that two copies of this
 * module (a library loaded from two paths) still share one limit per warehouse.
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

const REGISTRY_KEY = Symbol.for("pulumi-uc-clone.warehouseConcurrencyLimits");

function registry(): Map<string, Semaphore> {
  const g = globalThis as { [REGISTRY_KEY]?: Map<string, Semaphore> };
  return (g[REGISTRY_KEY] ??= new Map());
}

/**
 * The process-wide semaphore of a warehouse identity (see connectionIdentity). The first caller's
 * `limit` wins; later callers share that semaphore whatever limit they ask for.
 */
export function sharedLimit(identity: string, limit: number): Semaphore {
  const reg = registry();
  let sem = reg.get(identity);
  if (!sem) {
    sem = new Semaphore(limit);
    reg.set(identity, sem);
  }
  return sem;
}

/** A Warehouse whose statements each hold a slot of `limit` while they run. */
export function limitedWarehouse(inner: Warehouse, limit: Semaphore): Warehouse {
  return {
    execute: (sql: string): Promise<Row[]> => limit.run(() => inner.execute(sql)),
    close: () => inner.close(),
  };
}
