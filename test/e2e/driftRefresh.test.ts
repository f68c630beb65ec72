/**
 * `pulumi refresh` after out-of-band changes in the destination (DROP, write, RESTORE): refresh shows
 * each one on its table resource, and the next `up` repairs per the sync mode (selective here: the
 * dropped and the restored table are cloned again, the written one keeps its edits).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, tick } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

describe("refresh after out-of-band destination changes", () => {
  it("reports dropped / written / restored tables and the next up repairs them per sync mode", async () => {
    fx = new CloneFixture();
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await fx.sql(s);
    for (const t of ["d", "w", "r"]) {
      await fx.sql(`CREATE TABLE prod.s.${t} (id INT)`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (1), (2)`);
    }
    // r exists before the stack: it is adopted, so it has a pre-clone version to be restored to
    await fx.sql("CREATE TABLE qa.s.r (id INT)");
    await fx.sql("INSERT INTO qa.s.r VALUES (50)");
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:sync": "selective" });
    const stack = () => fx.stack("qa", config);
    const up = await stack().up();
    expect(up.errors).toEqual([]);
    const pre = stack().state()!.resources.find((r) => r.name === "qa/s.r")!.outputs;
    expect(pre).toMatchObject({ adopted: true });

    await tick();
    await fx.sql("DROP TABLE qa.s.d");
    await fx.sql("INSERT INTO qa.s.w VALUES (99)");
    await fx.sql(`RESTORE TABLE qa.s.r TO VERSION AS OF ${pre.preCloneVersion}`);

    const refresh = await stack().refresh();
    expect(refresh.errors).toEqual([]);
    expect(tableOps(refresh)).toEqual({ "qa/s.d": "update", "qa/s.w": "update", "qa/s.r": "update" });
    const observed = (n: string) => stack().state()!.resources.find((r) => r.name === n)!.outputs.observed as any;
    expect(observed("qa/s.d")).toMatchObject({ exists: false, drift: "dropped" });
    expect(observed("qa/s.w")).toMatchObject({ exists: true, drift: "written" });
    expect(observed("qa/s.r")).toMatchObject({ exists: true, drift: "restored", lastOperation: "RESTORE" });
    // refresh keeps the resources (a dropped table is not forgotten: the next up must repair it)
    expect(stack().state()!.resources.filter((r) => r.type.endsWith("catalog-clone:Table"))).toHaveLength(3);

    const preview = await stack().preview();
    expect(tableOps(preview)).toEqual({ "qa/s.d": "update", "qa/s.w": "same", "qa/s.r": "update" });

    const repair = await stack().up();
    expect(repair.errors).toEqual([]);
    expect(await fx.ids("qa.s.d")).toEqual([1, 2]);
    expect(await fx.ids("qa.s.r")).toEqual([1, 2]);
    expect(await fx.ids("qa.s.w")).toEqual([1, 2, 99]); // selective keeps destination edits
    const outs = (n: string) => stack().state()!.resources.find((r) => r.name === n)!.outputs as any;
    expect(outs("qa/s.d")).toMatchObject({ lastAction: "repaired", createdByStack: true });
    expect(outs("qa/s.r")).toMatchObject({ lastAction: "repaired", adopted: true, preCloneVersion: pre.preCloneVersion });
    expect(outs("qa/s.r").lastReason).toMatch(/restored/);
  }, 180_000);
});
