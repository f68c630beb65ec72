/**
 * Partial progress end to end: a permanent failure at the 7th of 20 tables fails the `up` but keeps
 * the 6 tables before it; the re-run clones only what is left and repeats no completed clone.
 * Faults are injected in the provider plugin's warehouse through UC_LOCAL_FAULTS (engine test hooks).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps } from "./driftFixture";

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

/** The 7th CLONE statement of the run fails (whichever table Pulumi happens to reach 7th). */
const faultOnSeventh = (phase: "before" | "after") =>
  JSON.stringify([
    {
      match: "^CREATE TABLE .* DEEP CLONE",
      errorClass: "INSUFFICIENT_PERMISSIONS",
      sqlState: "42501",
      message: "User does not have SELECT on the source table.",
      transient: false,
      phase,
      times: 1,
      nth: 7,
    },
  ]);

describe("resume after a failed up", () => {
  it("the 7th table's CLONE runs, then fails permanently: the re-run records it and clones only the remaining 13", async () => {
    fx = new CloneFixture();
    await seed20();
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true } });
    let from = fx.statementCount();
    const failed = await fx.stack("qa", config, { parallel: 1, env: { UC_LOCAL_FAULTS: faultOnSeventh("after") } }).up();
    expect(failed.failed).toBe(true);
    expect(failed.errors.join("\n")).toMatch(/INSUFFICIENT_PERMISSIONS/);
    const firstRun = clonedSince(from);
    // Pulumi (and the harness) stop launching steps after a failure: with --parallel 1 the first run
    // cloned 6 tables, ran the 7th table's CLONE (which then failed), and stopped.
    expect(firstRun).toHaveLength(7);
    const seventh = firstRun[6];
    const ops = tableOps(failed);
    const done = Object.keys(ops).filter((n) => ops[n] === "create" && !failed.steps.find((s) => s.name === n)!.error);
    expect(done.map((n) => n.split(".")[1]).sort()).toEqual(firstRun.slice(0, 6).sort());

    from = fx.statementCount();
    const rerun = await fx.stack("qa", config, { parallel: 1 }).up();
    expect(rerun.errors).toEqual([]);
    const secondRun = clonedSince(from);
    expect(secondRun).toHaveLength(13);
    // every table was cloned exactly once over both runs, and every destination matches its source
    expect([...firstRun, ...secondRun].sort()).toEqual(Array.from({ length: 20 }, (_, i) => name(i + 1)));
    for (let i = 1; i <= 20; i++) expect(await fx.rows(`qa.s.${name(i)}`)).toEqual(await fx.rows(`prod.s.${name(i)}`));
    const state = fx.stack("qa", config).state()!;
    const recorded7th = state.resources.find((r) => r.name === `qa/s.${seventh}`)!;
    expect(recorded7th.outputs).toMatchObject({ createdByStack: true, lastAction: "cloned" });
    expect(String(recorded7th.outputs.lastReason)).toMatch(/resumed/);

    // and a third up is a no-op
    from = fx.statementCount();
    const again = await fx.stack("qa", config).up();
    expect(again.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(fx.statementsSince(from).length).toBeLessThanOrEqual(3); // discovery only (one listing per catalog), views and functions included
  }, 300_000);

  it("the 7th table fails before anything ran: the re-run clones the 14 left and none of the 6 done", async () => {
    fx = new CloneFixture();
    await seed20();
    const config = cloneConfig("qa", "DEEP");
    let from = fx.statementCount();
    const failed = await fx.stack("qa", config, { parallel: 1, env: { UC_LOCAL_FAULTS: faultOnSeventh("before") } }).up();
    expect(failed.failed).toBe(true);
    const firstRun = clonedSince(from); // the 7th was attempted and refused before it ran
    expect(firstRun).toHaveLength(7);
    await expect(fx.sql(`SELECT * FROM qa.s.${firstRun[6]}`)).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    from = fx.statementCount();
    const rerun = await fx.stack("qa", config, { parallel: 1 }).up();
    expect(rerun.errors).toEqual([]);
    const secondRun = clonedSince(from);
    expect(secondRun).toHaveLength(14); // the 7th and the 13 never reached
    expect([...firstRun.slice(0, 6), ...secondRun].sort()).toEqual(Array.from({ length: 20 }, (_, i) => name(i + 1)));
  }, 300_000);
});
