/**
 * The warehouses a process has open: one underlying connection per warehouse and principal, and one
 * handle on it that every caller shares, whose statements go through the warehouse's concurrency limit
 * (shared by every principal of one warehouse) and the transient-error retry. Held by the process
 * runtime (provider/resources/runtime.ts); a test makes its own pool with its own options.
 *
 * One handle per connection, not one per caller: per-connection work keyed by the handle (the
 * last_altered batcher, provider/resources/lastAlteredBatch.ts) is then shared by every resource
 * the process serves.
 */
import { createHash } from "crypto";
import type { Row, Warehouse } from "./warehouse";
import { connectionIdentity, type WarehouseConnection } from "./connectionConfig";
import { limitedWarehouse, WarehouseLimits } from "./concurrencyLimit";
import { openDriver, type ConnectOptions } from "./connect";
import { retryingWarehouse } from "./retry";

interface PooledConnection {
  driver: Promise<Warehouse>;
  handle: Warehouse;
}

/** Pool key: warehouse identity plus a one-way fingerprint of the credentials, so two principals never share a session. */
export function poolKey(conn: WarehouseConnection): string {
  if (conn.kind === "local") return connectionIdentity(conn);
  const a = conn.auth;
  const secret = a.type === "pat" ? a.token.reveal() : `${a.type}\0${a.clientId}\0${a.clientSecret.reveal()}`;
  // Sessions carry the statement timeout, so connections that differ in it are not shared.
  const timeout = conn.statementTimeoutSeconds === undefined ? "" : `;timeout=${conn.statementTimeoutSeconds}`;
  return `${connectionIdentity(conn)}#${createHash("sha256").update(secret).digest("hex").slice(0, 16)}${timeout}`;
}

export class WarehousePool {
  readonly #connections = new Map<string, PooledConnection>();
  readonly #limits: WarehouseLimits;

  /** `options`: how drivers are opened and statements retried, for every connection of this pool. */
  constructor(readonly options: ConnectOptions = {}) {
    const { now, sleep } = options.retryHooks ?? {};
    // The rate limiters keep the retry layer's time, so a test's fake clock drives both.
    this.#limits = new WarehouseLimits(now && sleep ? { now, sleep } : undefined);
  }

  /**
   * The handle on `conn`'s pooled connection (opened on first use; a failed open is not kept). The
   * concurrency limit is `conn.maxConcurrency` of the first connection to the warehouse, and so is the request
   * rate limit (`conn.maxRequestsPerSecond`, of the first connection that sets one). `close()` on
   * the handle does nothing: connections close with the pool (close()).
   */
  async connect(conn: WarehouseConnection): Promise<Warehouse> {
    const key = poolKey(conn);
    let pooled = this.#connections.get(key);
    if (!pooled) {
      const driver = openDriver(conn, this.options);
      const shared: Warehouse = { execute: async (sql: string): Promise<Row[]> => (await driver).execute(sql), close: async () => undefined };
      const identity = connectionIdentity(conn);
      const limited = limitedWarehouse(shared, this.#limits.of(identity, conn.maxConcurrency), this.#limits.rateOf(identity, conn.maxRequestsPerSecond));
      const entry: PooledConnection = { driver, handle: retryingWarehouse(limited, this.options.retry, this.options.retryHooks, this.options.isResendable) };
      pooled = entry;
      this.#connections.set(key, entry);
      driver.catch(() => {
        if (this.#connections.get(key) === entry) this.#connections.delete(key);
      });
    }
    await pooled.driver;
    return pooled.handle;
  }

  /** Closes every connection of the pool (end of discovery, end of a test); later connects open new ones. */
  async close(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((c) => c.driver.then((d) => d.close()).catch(() => undefined)));
  }
}
