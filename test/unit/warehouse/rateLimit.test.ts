/**
 * The warehouse request rate limit (provider/warehouse/rateLimit.ts): turns 1/rate apart, shared by every
 * handle on one warehouse, honoured by retries, validated with a clear error. Fake clock: no timing.
 */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../provider/warehouse/rateLimit";
import { resolveWarehouseConnection } from "../../../provider/warehouse/connectionConfig";
import { WarehousePool } from "../../../provider/warehouse/warehousePool";
import { WarehouseError, type Warehouse } from "../../../provider/warehouse/warehouse";

/** A clock that only moves when slept on; sleeps resolve in wake-up order. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

const none = () => undefined;
const cwd = path.resolve("/tmp/project");

describe("RateLimiter", () => {
  it("hands out turns 1/rate apart in call order, with no burst", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(5, clock);
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.take();
      at.push(clock.now());
    }
    expect(at).toEqual([0, 200, 400, 600]);
  });

  it("does not wait when the last turn is older than the interval", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock);
    await limiter.take();
    await clock.sleep(2000);
    await limiter.take();
    expect(clock.sleeps).toEqual([2000]);
  });
});

describe("maxRequestsPerSecond", () => {
  it("is read from args, stack config or the environment, and unset means no limit", () => {
    expect(resolveWarehouseConnection({ maxRequestsPerSecond: 5 }, none, {}, cwd).maxRequestsPerSecond).toBe(5);
    expect(resolveWarehouseConnection({}, (k) => (k === "catalog-clone:maxRequestsPerSecond" ? "0.5" : undefined), {}, cwd).maxRequestsPerSecond).toBe(0.5);
    expect(resolveWarehouseConnection({}, none, { UC_CLONE_MAX_REQUESTS_PER_SECOND: "12" }, cwd).maxRequestsPerSecond).toBe(12);
    expect(resolveWarehouseConnection({}, none, {}, cwd)).not.toHaveProperty("maxRequestsPerSecond");
  });

  it("refuses a bad value before any statement, naming where it came from and the fix", () => {
    expect(() => resolveWarehouseConnection({ maxRequestsPerSecond: 0 }, none, {}, cwd)).toThrow(/maxRequestsPerSecond: maxRequestsPerSecond must be greater than 0 \(leave it unset for no rate limit\)/);
    expect(() => resolveWarehouseConnection({}, (k) => (k === "catalog-clone:maxRequestsPerSecond" ? "fast" : undefined), {}, cwd)).toThrow(
      /Invalid stack config catalog-clone:maxRequestsPerSecond: maxRequestsPerSecond must be a number of statements per second/,
    );
    expect(() => resolveWarehouseConnection({}, none, { UC_CLONE_MAX_REQUESTS_PER_SECOND: "-3" }, cwd)).toThrow(
      /Invalid environment variable UC_CLONE_MAX_REQUESTS_PER_SECOND: .*greater than 0/,
    );
  });

  it("spaces every statement sent to one warehouse, retries after a backoff included, across handles", async () => {
    const clock = fakeClock();
    const sent: { sql: string; at: number }[] = [];
    let failures = 1;
    const open = async (): Promise<Warehouse> => ({
      async execute(sql) {
        sent.push({ sql, at: clock.now() });
        if (sql === "flaky" && failures-- > 0) throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] busy" });
        return [];
      },
      async close() {},
    });
    const pool = new WarehousePool({ openLocal: open, retry: { baseDelayMs: 100 }, retryHooks: { now: clock.now, sleep: clock.sleep, random: () => 0.5 } });
    try {
      const conn = resolveWarehouseConnection({ path: `/tmp/uc-rate-${Math.random()}`, maxRequestsPerSecond: 4, maxConcurrency: 1 }, none, {}, cwd);
      const [a, b] = [await pool.connect(conn), await pool.connect(conn)];
      await a.execute("flaky"); // sent at 0, fails; backoff 75 ms, then its turn at 250
      await b.execute("other");
      await a.execute("third");
      expect(sent).toEqual([
        { sql: "flaky", at: 0 },
        { sql: "flaky", at: 250 },
        { sql: "other", at: 500 },
        { sql: "third", at: 750 },
      ]);
      // The retry waited for its backoff (75 ms) and then the rest of its turn (175 ms), not the backoff alone.
      expect(clock.sleeps.slice(0, 2)).toEqual([75, 175]);
    } finally {
      await pool.close();
    }
  });
});
