import { afterEach, describe, expect, it } from "vitest";
import type { ConnectOptions } from "../../../provider/warehouse/connect";
import { resolveWarehouseConnection } from "../../../provider/warehouse/connectionConfig";
import { WarehouseError, type Warehouse } from "../../../provider/warehouse/warehouse";
import { WarehousePool } from "../../../provider/warehouse/warehousePool";

const pools: WarehousePool[] = [];
afterEach(() => Promise.all(pools.splice(0).map((p) => p.close())));

/** A fresh pool, closed after the test. */
function poolWith(opts: ConnectOptions): WarehousePool {
  const pool = new WarehousePool(opts);
  pools.push(pool);
  return pool;
}

const tick = () => new Promise((r) => setImmediate(r));

function fakeLocal() {
  const opened: string[] = [];
  let closed = 0;
  let running = 0;
  let peak = 0;
  let failNext = 0;
  const open = async (path: string): Promise<Warehouse> => {
    opened.push(path);
    return {
      async execute(sql) {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
        if (failNext > 0) {
          failNext--;
          throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] busy" });
        }
        return [{ sql }];
      },
      async close() {
        closed++;
      },
    };
  };
  return { open, opened, closed: () => closed, peak: () => peak, failTimes: (n: number) => (failNext = n) };
}

describe("WarehousePool", () => {
  it("pools one driver per warehouse and shares its concurrency limit across handles", async () => {
    const f = fakeLocal();
    const dir = `/tmp/uc-connect-${Math.random()}`;
    const conn = resolveWarehouseConnection({ path: dir, maxConcurrency: 2 }, () => undefined, {});
    const pool = poolWith({ openLocal: f.open });
    const [a, b] = await Promise.all([pool.connect(conn), pool.connect(conn)]);
    expect(f.opened).toEqual([dir]);
    await Promise.all([...Array(5)].flatMap(() => [a.execute("x"), b.execute("y")]));
    expect(f.peak()).toBe(2);
    await a.close();
    expect(f.closed()).toBe(0);
    expect(await b.execute("still open")).toEqual([{ sql: "still open" }]);
    await pool.close();
    expect(f.closed()).toBe(1);
  });

  it("retries transient errors", async () => {
    const f = fakeLocal();
    const conn = resolveWarehouseConnection({ path: `/tmp/uc-connect-${Math.random()}` }, () => undefined, {});
    const w = await poolWith({ openLocal: f.open, retry: { baseDelayMs: 1 }, retryHooks: { sleep: async () => undefined } }).connect(conn);
    f.failTimes(2);
    expect(await w.execute("SELECT 1")).toEqual([{ sql: "SELECT 1" }]);
  });

  it("does not keep a failed open in the pool", async () => {
    const conn = resolveWarehouseConnection({ path: `/tmp/uc-connect-${Math.random()}` }, () => undefined, {});
    let open: (path: string) => Promise<Warehouse> = async () => {
      throw new Error("disk full");
    };
    const pool = poolWith({ openLocal: (path) => open(path) });
    await expect(pool.connect(conn)).rejects.toThrow("disk full");
    const f = fakeLocal();
    open = f.open;
    await pool.connect(conn);
    expect(f.opened.length).toBe(1);
  });
});
