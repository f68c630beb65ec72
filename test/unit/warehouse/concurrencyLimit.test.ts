import { describe, expect, it } from "vitest";
import { limitedWarehouse, Semaphore, WarehouseLimits } from "../../../provider/warehouse/concurrencyLimit";
import { asJob } from "../../../provider/warehouse/statementPriority";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("Semaphore", () => {
  it("never runs more than N at once", async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sem.run(async () => {
          running++;
          peak = Math.max(peak, running);
          for (let k = 0; k < (i % 4) + 1; k++) await tick();
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(sem.active).toBe(0);
    expect(sem.waiting).toBe(0);
  });

  it("hands slots to waiters in FIFO order", async () => {
    const sem = new Semaphore(1);
    const gate = deferred();
    const order: number[] = [];
    const first = sem.run(() => gate.promise);
    const rest = [1, 2, 3, 4].map((i) => sem.run(async () => void order.push(i)));
    await tick();
    expect(sem.waiting).toBe(4);
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("gives a free slot to the waiter of lowest rank, ties in arrival order", async () => {
    const sem = new Semaphore(1);
    const gate = deferred();
    const order: string[] = [];
    const first = sem.run(() => gate.promise, 0);
    const rest = ([["c", 30], ["a", 10], ["b", 20], ["a2", 10]] as const).map(([n, rank]) => sem.run(async () => void order.push(n), rank));
    await tick();
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(order).toEqual(["a", "a2", "b", "c"]);
  });

  it("statements of the job started first outrank later jobs' statements that queued before them", async () => {
    // Three jobs of three statements on one slot, started A, B, C. Per-statement FIFO interleaves all
    // three (A1 B1 C1 A2 B2 C2 ...), finishing A last but two. By job ticket, the slot a statement frees
    // while its job has nothing queued goes to the next job (work-conserving), but C never gets it while
    // A or B still has a statement waiting; X, sent outside any job after the jobs started, comes after C's first.
    const limits = new WarehouseLimits().of(`test:${Math.random()}`, 1);
    const log: string[] = [];
    const wh = limitedWarehouse({ execute: async (sql) => { log.push(sql); await tick(); return []; }, close: async () => undefined }, limits);
    const job = (name: string) => asJob(async () => {
      for (let i = 1; i <= 3; i++) await wh.execute(`${name}${i}`);
    });
    const outside = (async () => { await tick(); await wh.execute("X"); })();
    await Promise.all([job("A"), job("B"), job("C"), outside]);
    expect(log).toEqual(["A1", "B1", "A2", "B2", "A3", "B3", "C1", "X", "C2", "C3"]);
  });

  it("releases the slot when the task throws, and a release is idempotent", async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => { throw new Error("x"); })).rejects.toThrow("x");
    const release = await sem.acquire();
    release();
    release();
    expect(sem.active).toBe(0);
  });

  it("refuses a non-positive limit", () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
  });
});

describe("WarehouseLimits", () => {
  it("returns the same semaphore for one identity, whatever limit later callers ask", () => {
    const limits = new WarehouseLimits();
    const id = `test:${Math.random()}`;
    const a = limits.of(id, 2);
    expect(limits.of(id, 5)).toBe(a);
    expect(a.limit).toBe(2);
    expect(limits.of(`${id}:other`, 5)).not.toBe(a);
  });

  it("limits statements across every warehouse wrapper sharing it", async () => {
    const sem = new WarehouseLimits().of(`test:${Math.random()}`, 2);
    let running = 0;
    let peak = 0;
    const inner = {
      execute: async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        await tick();
        running--;
        return [];
      },
      close: async () => undefined,
    };
    const w1 = limitedWarehouse(inner, sem);
    const w2 = limitedWarehouse(inner, sem);
    await Promise.all([...Array(6)].flatMap(() => [w1.execute("a"), w2.execute("b")]));
    expect(peak).toBe(2);
  });
});
