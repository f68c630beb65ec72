/**
 * Partial progress end to end: a permanent failure at the 7th of 20 tables fails the `up` but keeps
 * the 6 tables before it; the re-run clones only what is left and repeats no completed clone.
 * Faults are injected in the provider plugin's warehouse through UC_LOCAL_FAULTS (engine test hooks).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, stackOf, tableOps } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const name = (i: number) => `t${String(i).padStart(2, "0")}`;

async function seed20() {
  await fx.sql("CREATE CATALOG prod");
  await fx.sql("CREATE SCHEMA prod.s");
  for (let i = 1; i <= 20; i++) {
    await fx.sql(`CREATE TABLE prod.s.${name(i)} (id INT)`);
    await fx.sql(`INSERT INTO prod.s.${name(i)} VALUES (${i})`);
  }
}

/** Table names cloned by the statements since `from` (one entry per CLONE statement). */
function clonedSince(from: number): string[] {
  return fx
    .statementsSince(from)
    .filter((s) => /\bCLONE\b/.test(s) && /^CREATE/.test(s))
    .map((s) => /`qa`.`s`.`(\w+)`/.exec(s)![1]);
}

const faultOnT07 = (phase: "before" | "after") =>
  JSON.stringify([
    {
      match: "CLONE `prod`.`s`.`t07`",
      errorClass: "INSUFFICIENT_PERMISSIONS",
      sqlState: "42501",
      message: "User does not have SELECT on Table 'prod.s.t07'.",
      transient: false,
      phase,
      times: 1,
      nth: 1,
    },
  ]);

describe("resume after a failed up", () => {
  it("the CLONE of the 7th table runs, then fails permanently: the re-run records it and clones only the remaining 13", async () => {
    fx = new CloneFixture();
    await seed20();
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true } });
    let from = fx.statementCount();
    const failed = await stackOf(fx, "qa", config, { parallel: 1, env: { UC_LOCAL_FAULTS: faultOnT07("after") } }).up();
    expect(failed.failed).toBe(true);
    expect(failed.errors.join("\n")).toMatch(/INSUFFICIENT_PERMISSIONS/);
    const firstRun = clonedSince(from);
    if (firstRun.length !== 7) console.log("FIRSTRUN", failed.steps.map((s) => `${s.name}:${s.op}:${s.error ?? ""}`).join("\n"), fx.statementsSince(from).join("\n"));
    expect(firstRun).toEqual(["t01", "t02", "t03", "t04", "t05", "t06", "t07"]);
    const ops = tableOps(failed);
    expect(Object.entries(ops).filter(([, op]) => op === "create").length).toBeGreaterThanOrEqual(6);

    from = fx.statementCount();
    const rerun = await stackOf(fx, "qa", config, { parallel: 1 }).up();
    expect(rerun.errors).toEqual([]);
    const secondRun = clonedSince(from);
    expect(secondRun.sort()).toEqual(Array.from({ length: 13 }, (_, i) => name(i + 8)));
    // every table was cloned exactly once over both runs, and every destination matches its source
    expect([...firstRun, ...secondRun].sort()).toEqual(Array.from({ length: 20 }, (_, i) => name(i + 1)));
    for (let i = 1; i <= 20; i++) expect(await fx.rows(`qa.s.${name(i)}`)).toEqual(await fx.rows(`prod.s.${name(i)}`));
    const state = stackOf(fx, "qa", config).state()!;
    const t07 = state.resources.find((r) => r.name === "qa/s.t07")!;
    expect(t07.outputs).toMatchObject({ createdByStack: true, lastAction: "cloned" });
    expect(String(t07.outputs.lastReason)).toMatch(/resumed/);

    // and a third up is a no-op
    from = fx.statementCount();
    const again = await stackOf(fx, "qa", config).up();
    expect(again.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(fx.statementsSince(from).length).toBeLessThanOrEqual(4);
  }, 300_000);

  it("the 7th table fails before anything ran: the re-run clones the 14 left and none of the 6 done", async () => {
    fx = new CloneFixture();
    await seed20();
    const config = cloneConfig("qa", "DEEP");
    let from = fx.statementCount();
    const failed = await stackOf(fx, "qa", config, { parallel: 1, env: { UC_LOCAL_FAULTS: faultOnT07("before") } }).up();
    expect(failed.failed).toBe(true);
    expect(clonedSince(from)).toEqual(["t01", "t02", "t03", "t04", "t05", "t06", "t07"]); // t07's statement was attempted
    await expect(fx.sql("SELECT * FROM qa.s.t07")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    from = fx.statementCount();
    const rerun = await stackOf(fx, "qa", config, { parallel: 1 }).up();
    expect(rerun.errors).toEqual([]);
    expect(clonedSince(from).sort()).toEqual(Array.from({ length: 14 }, (_, i) => name(i + 7)));
  }, 300_000);
});
