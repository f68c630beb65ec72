import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { runInChild, workerAvailable } from "./fixtures/childProcess";
import { LocalWarehouse, clearStatementLog, readStatementLog, resetFaultCounters } from "pulumi-uc-clone-local-warehouse";
import { WarehouseError } from "../../provider/warehouse/warehouse";
import { fromEngineError } from "../../provider/warehouse/localDriver";

let ws: TempWorkspace;
beforeAll(() => {
  if (!workerAvailable()) throw new Error("Build first (npx tsc -p .): the child worker runs from dist/.");
});
beforeEach(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.s.t", 2); });
afterEach(async () => { await ws.cleanup(); });

async function failure(p: Promise<unknown>): Promise<WarehouseError> {
  try {
    await p;
  } catch (e) {
    return fromEngineError(e) as WarehouseError;
  }
  throw new Error("expected a failure");
}

describe("test hooks: statement log, faults, latency, slots", () => {
  it("the statement log records every statement with pid, duration and error class", async () => {
    clearStatementLog(ws.dir);
    await ws.sql("SELECT 1");
    await ws.fails("SELECT * FROM prod.s.nope");
    const log = readStatementLog(ws.dir);
    expect(log.map((e) => e.statement)).toEqual(["SELECT 1", "SELECT * FROM prod.s.nope"]);
    expect(log[0]).toMatchObject({ pid: process.pid, errorClass: null });
    expect(log[1].errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(typeof log[0].ms).toBe("number");
  });

  it("the statement log includes statements issued by other processes on the same directory", async () => {
    clearStatementLog(ws.dir);
    await runInChild(ws.dir, ["SELECT 1", "SELECT 2"]);
    await ws.sql("SELECT 3");
    const log = readStatementLog(ws.dir);
    expect(log).toHaveLength(3);
    expect(log.filter((e) => e.pid !== process.pid)).toHaveLength(2);
  });

  it("a fault rule by regex + nth fails exactly the Nth matching statement with the scripted class", async () => {
    const wh = await LocalWarehouse.open(ws.dir, { hooks: { faults: [{ match: "^SELECT", nth: 2, errorClass: "TEMPORARILY_UNAVAILABLE", message: "warehouse starting" }] } });
    try {
      await wh.execute("SELECT 1");
      const e = await failure(wh.execute("SELECT 2"));
      expect(e.errorClass).toBe("TEMPORARILY_UNAVAILABLE");
      expect(e.transient).toBe(true);
      expect(e.message).toBe("[TEMPORARILY_UNAVAILABLE] warehouse starting SQLSTATE: 08000");
      await wh.execute("SELECT 3");
      await wh.execute("INSERT INTO prod.s.t VALUES (5, 'x')"); // does not match
      resetFaultCounters(ws.dir); // counting starts again: the 2nd match fails again
      await wh.execute("SELECT 4");
      expect((await failure(wh.execute("SELECT 5"))).errorClass).toBe("TEMPORARILY_UNAVAILABLE");
    } finally {
      await wh.close();
    }
  });

  it("permanent faults carry transient=false and any SQLSTATE", async () => {
    const wh = await LocalWarehouse.open(ws.dir, { hooks: { faults: [{ match: "CLONE", errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", transient: false }] } });
    try {
      const e = await failure(wh.execute("CREATE TABLE prod.s.c DEEP CLONE prod.s.t"));
      expect(e).toMatchObject({ errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", transient: false });
      expect(wh.context.readMeta().tables["prod.s.c"]).toBeUndefined(); // phase "before": nothing ran
    } finally {
      await wh.close();
    }
  });

  it("phase 'after' runs the statement and then fails (a lost response)", async () => {
    const wh = await LocalWarehouse.open(ws.dir, { hooks: { faults: [{ match: "^INSERT", times: 1, phase: "after", errorClass: "HTTP_503", sqlState: "08000" }] } });
    try {
      expect((await failure(wh.execute("INSERT INTO prod.s.t VALUES (9, 'lost')"))).errorClass).toBe("HTTP_503");
      expect(await wh.execute("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 3 }]);
    } finally {
      await wh.close();
    }
  });

  it("interleave commits another session's statement next to the matching one instead of failing it (a concurrent writer)", async () => {
    const wh = await LocalWarehouse.open(ws.dir, {
      hooks: {
        faults: [
          { match: "^INSERT INTO prod.s.t VALUES \\(9", times: 1, phase: "after", interleave: "INSERT INTO prod.s.t VALUES (10, 'after')" },
          { match: "^DELETE", times: 1, phase: "before", interleave: "INSERT INTO prod.s.t VALUES (11, 'before')" },
        ],
      },
    });
    try {
      await wh.execute("INSERT INTO prod.s.t VALUES (9, 'mine')");
      const ops = await wh.execute("DESCRIBE HISTORY prod.s.t");
      // the other writer's commit lands on top of the caller's, which returned normally
      expect(ops.slice(0, 2).map((r) => r.operation)).toEqual(["WRITE", "WRITE"]);
      expect(await wh.execute("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 4 }]);
      // before: the other writer's row is already there when the caller's statement runs
      await wh.execute("DELETE FROM prod.s.t WHERE id >= 9");
      expect(await wh.execute("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 2 }]);
      // only what the caller sent is in the statement log
      expect(readStatementLog(ws.dir).map((e) => e.statement).filter((t) => /^(INSERT|DELETE)/.test(t))).toEqual(
        expect.arrayContaining(["INSERT INTO prod.s.t VALUES (9, 'mine')", "DELETE FROM prod.s.t WHERE id >= 9"]),
      );
      expect(readStatementLog(ws.dir).some((e) => /'after'|'before'/.test(e.statement))).toBe(false);
    } finally {
      await wh.close();
    }
  });

  it("mayHaveRun marks the injected error as a lost answer (WarehouseError.mayHaveRun), as a driver reports a reset after sending", async () => {
    const wh = await LocalWarehouse.open(ws.dir, {
      hooks: { faults: [{ match: "^INSERT", phase: "after", errorClass: "NETWORK_ERROR", sqlState: "08000", mayHaveRun: true, times: 1 }] },
    });
    try {
      expect(await failure(wh.execute("INSERT INTO prod.s.t VALUES (9, 'ran')"))).toMatchObject({ errorClass: "NETWORK_ERROR", transient: true, mayHaveRun: true });
      expect(await wh.execute("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 3 }]);
      expect((await failure(wh.execute("SELECT * FROM prod.s.nope"))).mayHaveRun).toBe(false); // only injected faults that say so
    } finally {
      await wh.close();
    }
  });

  it("random faults with a seed replay the same pattern", async () => {
    const pattern = async (sub: string) => {
      const dir = `${ws.account}/${sub}`;
      const wh = await LocalWarehouse.open(dir, { hooks: { faults: [{ probability: 0.5, seed: 42, errorClass: "TEMPORARILY_UNAVAILABLE" }] } });
      const out: boolean[] = [];
      for (let i = 0; i < 12; i++) out.push(await wh.execute("SELECT 1").then(() => true, () => false));
      await wh.close();
      return out;
    };
    const a = await pattern("r1");
    const b = await pattern("r2");
    expect(a).toEqual(b);
    expect(a.some((x) => x)).toBe(true);
    expect(a.some((x) => !x)).toBe(true);
  });

  it("UC_LOCAL_FAULTS (JSON) applies to a process started with it, e.g. the provider plugin", async () => {
    const res = await runInChild(ws.dir, ["SELECT 1", "SELECT 2"], { UC_LOCAL_FAULTS: JSON.stringify([{ match: "SELECT 2", errorClass: "RESOURCE_EXHAUSTED" }]) });
    expect(res[0].ok).toBe(true);
    expect(res[1]).toMatchObject({ ok: false, errorClass: "RESOURCE_EXHAUSTED" });
  });


  it("latency per MB applies to bytes a statement copies (deep clone), not to other statements", async () => {
    const wh = await LocalWarehouse.open(ws.dir, { hooks: { latencyMsPerMb: 1_000_000 } });
    try {
      clearStatementLog(ws.dir);
      const [m] = await wh.execute("CREATE TABLE prod.s.copy DEEP CLONE prod.s.t");
      await wh.execute("SELECT 1");
      const [clone, select] = readStatementLog(ws.dir);
      const expected = (Number(m.copied_files_size) / 1048576) * 1_000_000;
      expect(clone.ms).toBeGreaterThanOrEqual(expected * 0.9);
      expect(select.ms).toBeLessThan(expected * 0.9);
    } finally {
      await wh.close();
    }
  });

  it("with one warehouse slot, a second concurrent statement queues behind the first (slot model)", async () => {
    const a = await LocalWarehouse.open(ws.dir, { hooks: { slots: 1, latencyMs: 300 } });
    const b = await LocalWarehouse.open(ws.dir, { hooks: { slots: 1, latencyMs: 300 } });
    try {
      clearStatementLog(ws.dir);
      await Promise.all([a.execute("SELECT 'a'"), b.execute("SELECT 'b'")]);
      const ms = readStatementLog(ws.dir).map((e) => e.ms).sort((x, y) => x - y);
      expect(ms[1]).toBeGreaterThanOrEqual(ms[0] + 250); // the second waited for the first's slot
    } finally {
      await a.close();
      await b.close();
    }
  });
});
