/**
 * Drift that ignores maintenance (issue 8 §5), end to end (root program through the harness + real
 * plugin, embedded engine): one stack whose four tables use snapshot / selective / mirror / full.
 * OPTIMIZE, COMMENT ON (table and column), SET/UNSET TBLPROPERTIES, ANALYZE and VACUUM on the source,
 * then on the destination (what predictive optimization does to the clone): no re-clone, no DROP (grants
 * survive in full mode), the first up records the new baseline without writing, and the next no-drift up
 * is back to ≤ 3 statements (discovery: one listing per catalog, views and functions of both catalogs). A real data change after maintenance is still re-cloned per mode.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const MODES = ["snap", "sel", "mir", "ful"] as const;
const tick = () => new Promise((r) => setTimeout(r, 20));

/** Every maintenance statement, as the engine commits them (COMMENT ON TABLE → SET TBLPROPERTIES, column comments → CHANGE COLUMN, ANALYZE → COMPUTE STATS). */
const MAINTENANCE = (t: string) => [
  `OPTIMIZE ${t}`,
  `COMMENT ON TABLE ${t} IS 'nightly'`,
  `ALTER TABLE ${t} SET TBLPROPERTIES ('delta.autoOptimize.optimizeWrite' = 'true')`,
  `ALTER TABLE ${t} UNSET TBLPROPERTIES ('delta.autoOptimize.optimizeWrite')`,
  `COMMENT ON COLUMN ${t}.id IS 'key'`,
  `ALTER TABLE ${t} ALTER COLUMN v COMMENT 'value'`,
  `ANALYZE TABLE ${t} COMPUTE STATISTICS`,
  `VACUUM ${t}`,
];
const OPS = "OPTIMIZE, SET TBLPROPERTIES, UNSET TBLPROPERTIES, CHANGE COLUMN, COMPUTE STATS, VACUUM START, VACUUM END";

describe("maintenance is not drift, in every sync mode", () => {
  it("source and destination maintenance: no re-clone, no drop, baseline recorded once, then ≤ 3 statements; data changes still re-clone", async () => {
    fx = new CloneFixture();
    await fx.sql("CREATE CATALOG prod");
    await fx.sql("CREATE SCHEMA prod.s");
    for (const t of MODES) {
      await fx.sql(`CREATE TABLE prod.s.${t} (id INT, v STRING)`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (1, 'a')`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (2, 'b')`); // two files: OPTIMIZE compacts them
    }
    const config = cloneConfig("qa", "DEEP", {
      "catalog-clone:sync": "selective",
      "catalog-clone:tableOverrides": { "s.snap": { sync: "snapshot" }, "s.mir": { sync: "mirror" }, "s.ful": { sync: "full" } },
    });
    const stack = () => fx.stack("qa", config);
    const first = await stack().up();
    expect(first.errors).toEqual([]);
    for (const t of MODES) await fx.sql(`GRANT SELECT ON TABLE qa.s.${t} TO \`analysts\``);
    expect((await stack().up()).errors).toEqual([]); // settles whatever the grants did to last_altered

    const said = (line: string) => expect(fx.logs.filter((l) => l.includes(line)), line).not.toEqual([]);
    const version = async (t: string) => Number((await fx.sql(`DESCRIBE HISTORY ${t} LIMIT 1`))[0].version);
    const granted = async (t: string) => (await fx.sql(`SHOW GRANTS ON TABLE ${t}`)).some((g) => g.Principal === "analysts");
    /** A no-drift up: nothing to do and at most 3 statements, all discovery (one listing per catalog, one for both catalogs' views and functions). */
    const quietUp = async (when: string) => {
      const from = fx.statementCount();
      const r = await stack().up();
      expect(r.errors).toEqual([]);
      expect(r.counts, when).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
      const stmts = fx.statementsSince(from);
      console.log(`no-drift up ${when}: ${stmts.length} statements`);
      expect(stmts.length, `${when}: ${stmts.join("\n")}`).toBeLessThanOrEqual(3);
      expect(stmts.every((s) => /information_schema/.test(s))).toBe(true);
    };
    await quietUp("before maintenance");

    // --- source maintenance: every maintenance operation on every source table
    await tick();
    const sourceVersions: Record<string, number> = {};
    for (const t of MODES) {
      sourceVersions[t] = await version(`prod.s.${t}`);
      for (const s of MAINTENANCE(`prod.s.${t}`)) await fx.sql(s);
    }
    const dstBefore = Object.fromEntries(await Promise.all(MODES.map(async (t) => [t, await version(`qa.s.${t}`)] as const)));
    let from = fx.statementCount();
    const preview = await stack().preview();
    expect(preview.errors).toEqual([]);
    // snapshot never follows its source, so it does not even ask; the others record the new baseline.
    // Pulumi plans an update either way, so the preview leaves the history to the update and says so
    // (lifecycle.ts diffTable deferSource); the up reads it and says what it decided.
    expect(tableOps(preview)).toEqual({ "qa/s.snap": "same", "qa/s.sel": "update", "qa/s.mir": "update", "qa/s.ful": "update" });
    for (const t of ["sel", "mir"]) said(`table qa.s.${t}: re-clone unless its history shows maintenance only (source changed since the last run)`);
    said("table qa.s.ful: drop and re-clone unless its history shows maintenance only (source changed since the last run)");
    expect(writes(fx.statementsSince(from))).toEqual([]);
    from = fx.statementCount();
    const up = await stack().up();
    expect(up.errors).toEqual([]);
    expect(tableOps(up)).toEqual(tableOps(preview));
    for (const t of ["sel", "mir", "ful"]) {
      said(
        `table qa.s.${t}: record baseline (source maintenance (${OPS}) since v${sourceVersions[t]}: baseline moved to v${await version(`prod.s.${t}`)}, no re-clone)`,
      );
    }
    let stmts = fx.statementsSince(from);
    expect(writes(stmts)).toEqual([]); // no CLONE, no DROP: only reads
    console.log(`up after source maintenance: ${stmts.length} statements`);
    for (const t of MODES) {
      expect(await version(`qa.s.${t}`)).toBe(dstBefore[t]); // nothing committed to any clone
      expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2]);
      expect(await granted(`qa.s.${t}`)).toBe(true);
    }
    const outs = (n: string) => stack().state()!.resources.find((r) => r.name === n)!.outputs as Record<string, unknown>;
    expect(outs("qa/s.sel")).toMatchObject({ sourceVersion: await version("prod.s.sel"), lastAction: "skipped" });
    expect(String(outs("qa/s.sel").lastReason)).toMatch(/^source maintenance/);
    await quietUp("after source maintenance");

    // --- destination maintenance: predictive optimization and metadata edits on every clone
    await tick();
    for (const t of MODES) for (const s of MAINTENANCE(`qa.s.${t}`)) await fx.sql(s);
    from = fx.statementCount();
    const preview2 = await stack().preview();
    expect(tableOps(preview2)).toEqual({ "qa/s.snap": "update", "qa/s.sel": "update", "qa/s.mir": "update", "qa/s.ful": "update" });
    for (const t of MODES) {
      said(`table qa.s.${t}: record baseline (destination maintenance (${OPS}) since v${dstBefore[t]}: not an edit, baseline moved to v${await version(`qa.s.${t}`)}, no repair)`);
    }
    expect(writes(fx.statementsSince(from))).toEqual([]);
    const maintained = Object.fromEntries(await Promise.all(MODES.map(async (t) => [t, await version(`qa.s.${t}`)] as const)));
    from = fx.statementCount();
    const up2 = await stack().up();
    expect(up2.errors).toEqual([]);
    stmts = fx.statementsSince(from);
    expect(writes(stmts)).toEqual([]); // mirror does not overwrite, full does not drop
    console.log(`up after destination maintenance: ${stmts.length} statements`);
    for (const t of MODES) {
      expect(await version(`qa.s.${t}`)).toBe(maintained[t]);
      expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2]);
      expect(await granted(`qa.s.${t}`)).toBe(true); // full mode never dropped the table
    }
    await quietUp("after destination maintenance");

    // --- a real source change after more maintenance is still drift: re-cloned per mode
    await tick();
    for (const t of MODES) {
      await fx.sql(`OPTIMIZE prod.s.${t}`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (3, 'c')`);
      await fx.sql(`ANALYZE TABLE prod.s.${t} COMPUTE STATISTICS`); // the newest commit is maintenance
    }
    from = fx.statementCount();
    const up3 = await stack().up();
    expect(up3.errors).toEqual([]);
    expect(tableOps(up3)).toEqual({ "qa/s.snap": "same", "qa/s.sel": "update", "qa/s.mir": "update", "qa/s.ful": "update" });
    let w = writes(fx.statementsSince(from));
    expect(w.filter((s) => /CREATE OR REPLACE TABLE `qa`.`s`.`(sel|mir)` DEEP CLONE/.test(s))).toHaveLength(2);
    expect(w.filter((s) => /^DROP TABLE/.test(s))).toEqual(["DROP TABLE IF EXISTS `qa`.`s`.`ful`"]); // full: data drift drops, as always
    expect(await fx.ids("qa.s.snap")).toEqual([1, 2]);
    for (const t of ["sel", "mir", "ful"]) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);

    // --- and a real destination edit after maintenance: mirror and full repair, snapshot and selective keep it
    await tick();
    for (const t of MODES) {
      await fx.sql(`OPTIMIZE qa.s.${t}`);
      await fx.sql(`INSERT INTO qa.s.${t} VALUES (99, 'edit')`);
      await fx.sql(`COMMENT ON TABLE qa.s.${t} IS 'edited'`);
    }
    from = fx.statementCount();
    const up4 = await stack().up();
    expect(up4.errors).toEqual([]);
    w = writes(fx.statementsSince(from));
    expect(w.filter((s) => /CLONE/.test(s)).map((s) => /`qa`.`s`.`(\w+)`/.exec(s)![1]).sort()).toEqual(["ful", "mir"]);
    expect(await fx.ids("qa.s.snap")).toEqual([1, 2, 99]);
    expect(await fx.ids("qa.s.sel")).toEqual([1, 2, 3, 99]);
    expect(await fx.ids("qa.s.mir")).toEqual([1, 2, 3]);
    expect(await fx.ids("qa.s.ful")).toEqual([1, 2, 3]);
  }, 300_000);
});
