/**
 * Sync modes end to end (root program through the harness + real plugin, embedded engine): one stack
 * whose four tables use snapshot / selective / mirror / full through tableOverrides, driven through a
 * source drift and then a destination drift. Asserts data, the statements issued, and what preview shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, tableStep, tick, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const MODES = ["snap", "sel", "mir", "ful"] as const;

describe("sync modes on source and destination drift", () => {
  it("snapshot keeps, selective follows the source only, mirror overwrites edits incrementally, full drops and re-creates", async () => {
    fx = new CloneFixture();
    await fx.sql("CREATE CATALOG prod");
    await fx.sql("CREATE SCHEMA prod.s");
    for (const t of MODES) {
      await fx.sql(`CREATE TABLE prod.s.${t} (id INT, v STRING)`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (1, 'a'), (2, 'b')`);
    }
    const config = cloneConfig("qa", "DEEP", {
      "catalog-clone:sync": "selective",
      "catalog-clone:tableOverrides": { "s.snap": { sync: "snapshot" }, "s.mir": { sync: "mirror" }, "s.ful": { sync: "full" } },
    });
    const stack = () => fx.stack("qa", config);
    const first = await stack().up();
    expect(first.errors).toEqual([]);
    for (const t of MODES) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2]);
    await fx.sql("GRANT SELECT ON TABLE qa.s.mir TO `analysts`");

    // --- source drift: every source table gets a row
    await tick();
    for (const t of MODES) await fx.sql(`INSERT INTO prod.s.${t} VALUES (3, 'c')`);
    const preview = await stack().preview();
    expect(tableOps(preview)).toEqual({ "qa/s.snap": "same", "qa/s.sel": "update", "qa/s.mir": "update", "qa/s.ful": "update" });
    expect(tableStep(preview, "qa/s.sel")!.changedKeys).toContain("sourceFingerprint"); // preview says why
    const said = (line: string) => expect(fx.logs.some((l) => l.includes(line))).toBe(true);
    // Pulumi plans an update either way: the preview leaves the history to the update and says so ...
    said("table qa.s.sel: re-clone unless its history shows maintenance only (source changed since the last run)");
    said("table qa.s.mir: re-clone unless its history shows maintenance only (source changed since the last run)");
    said("table qa.s.ful: drop and re-clone unless its history shows maintenance only (source changed since the last run)");
    let from = fx.statementCount();
    const up = await stack().up();
    expect(up.errors).toEqual([]);
    // ... and the up, having read it, says what it decided
    said("table qa.s.sel: re-clone (source table moved)");
    said("table qa.s.mir: re-clone (source table moved)");
    said("table qa.s.ful: drop and re-clone (source table moved)");
    expect(tableOps(up)).toEqual({ "qa/s.snap": "same", "qa/s.sel": "update", "qa/s.mir": "update", "qa/s.ful": "update" });
    expect(await fx.ids("qa.s.snap")).toEqual([1, 2]);
    for (const t of ["sel", "mir", "ful"]) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);
    let w = writes(fx.statementsSince(from));
    expect(w.filter((s) => /CREATE OR REPLACE TABLE `qa`.`s`.`(sel|mir)` DEEP CLONE/.test(s))).toHaveLength(2);
    expect(w.filter((s) => /^DROP TABLE/.test(s))).toEqual(["DROP TABLE IF EXISTS `qa`.`s`.`ful`"]);
    expect(w.some((s) => s.includes("`snap`"))).toBe(false);
    // incremental re-clone kept the destination grant
    const grants = await fx.sql("SHOW GRANTS ON TABLE qa.s.mir");
    expect(grants.some((g) => g.Principal === "analysts")).toBe(true);

    // --- destination drift: someone writes into every destination table
    await tick();
    for (const t of MODES) await fx.sql(`INSERT INTO qa.s.${t} VALUES (99, 'edit')`);
    const preview2 = await stack().preview();
    expect(tableOps(preview2)).toEqual({ "qa/s.snap": "same", "qa/s.sel": "same", "qa/s.mir": "update", "qa/s.ful": "update" });
    expect(tableStep(preview2, "qa/s.mir")!.changedKeys).toContain("destinationFingerprint");
    said("table qa.s.mir: repair (destination was written out of band)");
    said("table qa.s.sel: keep (destination was written out of band; selective mode keeps destination edits)");
    from = fx.statementCount();
    const up2 = await stack().up();
    expect(up2.errors).toEqual([]);
    expect(await fx.ids("qa.s.snap")).toEqual([1, 2, 99]);
    expect(await fx.ids("qa.s.sel")).toEqual([1, 2, 3, 99]);
    expect(await fx.ids("qa.s.mir")).toEqual([1, 2, 3]);
    expect(await fx.ids("qa.s.ful")).toEqual([1, 2, 3]);
    w = writes(fx.statementsSince(from));
    expect(w.filter((s) => /CLONE/.test(s)).map((s) => /`qa`.`s`.`(\w+)`/.exec(s)![1]).sort()).toEqual(["ful", "mir"]);

    // converged: the next up changes nothing and writes nothing
    from = fx.statementCount();
    const again = await stack().up();
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(writes(fx.statementsSince(from))).toEqual([]);
  });
});
