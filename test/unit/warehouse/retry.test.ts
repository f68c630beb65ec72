import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY_POLICY, retryingWarehouse, withRetry } from "../../../provider/warehouse/retry";
import { WarehouseError, type Warehouse } from "../../../provider/warehouse/warehouse";

const transient = () => WarehouseError.fromMessage("[TEMPORARILY_UNAVAILABLE] warehouse is starting SQLSTATE: 08000");
const permanent = () => WarehouseError.fromMessage("[TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found. SQLSTATE: 42P01");

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    hooks: {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
      random: () => 0.5,
    },
  };
}

describe("withRetry", () => {
  it("retries transient errors until success, with growing jittered delays", async () => {
    const clock = fakeClock();
    let calls = 0;
    const out = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 4) throw transient();
        return "ok";
      },
      { baseDelayMs: 100, maxDelayMs: 10_000 },
      clock.hooks,
    );
    expect(out).toBe("ok");
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([75, 150, 300]);
  });

  it.each([
    ["TABLE_OR_VIEW_NOT_FOUND", permanent()],
    ["INSUFFICIENT_PERMISSIONS", WarehouseError.fromMessage("[INSUFFICIENT_PERMISSIONS] User does not have USE CATALOG. SQLSTATE: 42501")],
    ["PARSE_SYNTAX_ERROR", WarehouseError.fromMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'. SQLSTATE: 42601")],
    ["plain Error", new Error("bug")],
  ])("never retries %s", async (_name, error) => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw error;
      }, {}, clock.hooks),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each(["DELTA_CONCURRENT_APPEND", "HTTP_429", "HTTP_503", "INVALID_SESSION_HANDLE", "RESOURCE_EXHAUSTED", "NETWORK_ERROR"])(
    "retries %s",
    async (cls) => {
      let calls = 0;
      await withRetry(async () => {
        if (++calls === 1) throw new WarehouseError({ errorClass: cls, message: `[${cls}] x` });
      }, {}, fakeClock().hooks);
      expect(calls).toBe(2);
    },
  );

  it("stops after maxAttempts and rethrows the last error", async () => {
    const clock = fakeClock();
    let calls = 0;
    const last = transient();
    await expect(
      withRetry(async () => {
        calls++;
        throw calls === 3 ? last : transient();
      }, { maxAttempts: 3 }, clock.hooks),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
    expect(clock.sleeps.length).toBe(2);
  });

  it("stops when the next wait would exceed maxTotalMs", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw transient();
      }, { maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 1000, maxTotalMs: 2500 }, clock.hooks),
    ).rejects.toBeInstanceOf(WarehouseError);
    // delays are 750 each (random 0.5 of a 1000 cap): 750, 1500, 2250 fit; 3000 does not
    expect(calls).toBe(4);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2500);
  });

  it("reports each retry", async () => {
    const seen: string[] = [];
    await withRetry(
      async (a) => {
        if (a === 1) throw transient();
      },
      {},
      { ...fakeClock().hooks, onRetry: ({ error, attempt, delayMs }) => seen.push(`${error.errorClass}#${attempt}@${delayMs}`) },
    );
    expect(seen).toEqual(["TEMPORARILY_UNAVAILABLE#1@375"]);
  });
});

describe("backoffDelay", () => {
  it("stays within [cap/2, cap] and the cap doubles up to maxDelayMs", () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, p, () => 0)).toBe(50);
    expect(backoffDelay(1, p, () => 1)).toBe(100);
    expect(backoffDelay(3, p, () => 1)).toBe(400);
    expect(backoffDelay(10, p, () => 1)).toBe(1000);
    expect(backoffDelay(10, p, () => 0)).toBe(500);
  });
});

describe("retryingWarehouse", () => {
  it("retries execute and passes close through", async () => {
    let calls = 0;
    let closed = false;
    const inner: Warehouse = {
      execute: async () => {
        if (++calls < 2) throw transient();
        return [{ a: 1 }];
      },
      close: async () => {
        closed = true;
      },
    };
    const w = retryingWarehouse(inner, {}, fakeClock().hooks);
    expect(await w.execute("SELECT 1")).toEqual([{ a: 1 }]);
    await w.close();
    expect(closed).toBe(true);
  });
});

describe("statements that may have run (WarehouseError.mayHaveRun)", () => {
  const lost = () =>
    new WarehouseError({ errorClass: "NETWORK_ERROR", message: "[NETWORK_ERROR] socket hang up (it may have run)", mayHaveRun: true });
  const notSent = () => new WarehouseError({ errorClass: "NETWORK_ERROR", message: "[NETWORK_ERROR] connect ECONNREFUSED" });

  function counting(fail: () => WarehouseError) {
    const sent: string[] = [];
    const inner: Warehouse = {
      execute: async (sql) => {
        sent.push(sql);
        if (sent.length === 1) throw fail();
        return [];
      },
      close: async () => undefined,
    };
    return { sent, inner };
  }
  const readOnly = (sql: string) => /^SELECT/.test(sql);

  it("is not re-sent for a write: the caller gets the error, class intact", async () => {
    const c = counting(lost);
    const w = retryingWarehouse(c.inner, {}, fakeClock().hooks, readOnly);
    const err = await w.execute("CREATE TABLE a.b.c DEEP CLONE x.y.z").catch((e) => e);
    expect(err).toMatchObject({ errorClass: "NETWORK_ERROR", transient: true, mayHaveRun: true });
    expect(c.sent).toHaveLength(1);
  });

  it("is re-sent for a statement the caller declares resendable (read-only)", async () => {
    const c = counting(lost);
    await retryingWarehouse(c.inner, {}, fakeClock().hooks, readOnly).execute("SELECT 1");
    expect(c.sent).toHaveLength(2);
  });

  it("is never re-sent when no resendable check is given", async () => {
    const c = counting(lost);
    await expect(retryingWarehouse(c.inner, {}, fakeClock().hooks).execute("SELECT 1")).rejects.toMatchObject({ mayHaveRun: true });
    expect(c.sent).toHaveLength(1);
  });

  it("a failure that did not run is retried for writes as before", async () => {
    const c = counting(notSent);
    await retryingWarehouse(c.inner, {}, fakeClock().hooks, readOnly).execute("CREATE TABLE a.b.c (id INT)");
    expect(c.sent).toHaveLength(2);
  });

  it("asks the resendable check only after a may-have-run failure", async () => {
    let asked = 0;
    const ok: Warehouse = { execute: async () => [], close: async () => undefined };
    await retryingWarehouse(ok, {}, fakeClock().hooks, () => (asked++, true)).execute("SELECT 1");
    expect(asked).toBe(0);
  });
});
