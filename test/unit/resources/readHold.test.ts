/**
 * readHold.ts with readBatcher.ts: a batch waits while table updates beside it may still add to it
 * (planning goes on, or an update is busy), never past its caps, and not at all without updates.
 */
import { describe, expect, it } from "vitest";
import { ReadBatcher } from "../../../provider/resources/readBatcher";
import { ReadHold } from "../../../provider/resources/readHold";
import type { Warehouse } from "../../../provider/warehouse/warehouse";

const fake = {} as Warehouse;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function batcher(hold: ReadHold) {
  const sent: { at: number; reqs: number[] }[] = [];
  const t0 = Date.now();
  const b = new ReadBatcher<number, number>(
    async (_wh, _g, reqs) => {
      sent.push({ at: Date.now() - t0, reqs });
      return reqs.map((x) => x * 10);
    },
    { windowMs: 5, maxBatch: 10, hold },
  );
  return { b, sent };
}

describe("ReadHold", () => {
  it("without a running update a batch goes after the window, as before", async () => {
    const hold = new ReadHold({ quietMs: 200, planHoldMs: 5_000, busyHoldMs: 1_000 });
    const { b, sent } = batcher(hold);
    hold.touch();
    expect(await b.read(fake, "c", 1)).toBe(10);
    expect(sent).toHaveLength(1);
    expect(sent[0].at).toBeLessThan(150);
  });

  it("updates started apart while planning goes on share one batch, sent once planning is quiet", async () => {
    const hold = new ReadHold({ quietMs: 150, planHoldMs: 5_000, busyHoldMs: 1_000 });
    const { b, sent } = batcher(hold);
    const updates: Promise<number>[] = [];
    for (let i = 1; i <= 3; i++) {
      hold.touch(); // the engine plans the next table
      updates.push(hold.update(() => b.read(fake, "c", i)));
      await sleep(60);
    }
    expect(await Promise.all(updates)).toEqual([10, 20, 30]);
    expect(sent.map((s) => s.reqs)).toEqual([[1, 2, 3]]);
  });

  it("a busy update holds the others' batch until it reads too; a long one only up to busyHoldMs", async () => {
    const hold = new ReadHold({ quietMs: 0, planHoldMs: 5_000, busyHoldMs: 400 });
    const { b, sent } = batcher(hold);
    const quick = hold.update(() => b.read(fake, "c", 1));
    const busy = hold.update(async () => {
      await sleep(100); // its CLONE
      return b.read(fake, "c", 2);
    });
    expect(await Promise.all([quick, busy])).toEqual([10, 20]);
    expect(sent.map((s) => s.reqs)).toEqual([[1, 2]]);

    sent.length = 0;
    const started = Date.now();
    const alone = hold.update(() => b.read(fake, "c", 3));
    const long = hold.update(async () => {
      await sleep(1_000); // a long DEEP clone
      return b.read(fake, "c", 4);
    });
    expect(await alone).toBe(30);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(900);
    expect(await long).toBe(40);
    expect(sent.map((s) => s.reqs)).toEqual([[3], [4]]);
  });

  it("planning that never stops holds a batch only up to planHoldMs", async () => {
    const hold = new ReadHold({ quietMs: 1_000, planHoldMs: 300, busyHoldMs: 100 });
    const { b, sent } = batcher(hold);
    const started = Date.now();
    const ticking = setInterval(() => hold.touch(), 20);
    try {
      expect(await hold.update(() => b.read(fake, "c", 5))).toBe(50);
    } finally {
      clearInterval(ticking);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sent).toHaveLength(1);
  });
});
