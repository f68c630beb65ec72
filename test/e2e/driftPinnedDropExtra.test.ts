/**
 * Time-travel pinned clones never drift from the source; tables that disappear from the source are
 * retained (and reported) with dropExtra off and dropped with dropExtra on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, tick, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

describe("pinned clones and dropExtra", () => {
  it("a clone pinned with asOf ignores later source writes (no diff, no statement beyond discovery)", async () => {
    fx = new CloneFixture();
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "INSERT INTO prod.s.t VALUES (1), (2)"])
      await fx.sql(s);
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:sync": "mirror", "catalog-clone:asOf": { version: 1 } });
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    await tick();
    await fx.sql("INSERT INTO prod.s.t VALUES (3)");
    const preview = await fx.stack("qa", config).preview();
    expect(tableOps(preview)).toEqual({ "qa/s.t": "same" });
    const from = fx.statementCount();
    const up = await fx.stack("qa", config).up();
    expect(up.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(fx.statementsSince(from).length).toBeLessThanOrEqual(3); // discovery only (one listing per catalog), views and functions included
    expect(await fx.ids("qa.s.t")).toEqual([1, 2]);
  }, 180_000);

  it("dropExtra off retains and reports a table gone from the source; on drops it", async () => {
    fx = new CloneFixture();
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s"]) await fx.sql(s);
    for (const t of ["keep", "gone"]) {
      await fx.sql(`CREATE TABLE prod.s.${t} (id INT)`);
      await fx.sql(`INSERT INTO prod.s.${t} VALUES (1)`);
    }
    const off = cloneConfig("qa", "DEEP", { "catalog-clone:dropExtra": false });
    expect((await fx.stack("qa", off).up()).errors).toEqual([]);
    await fx.sql("DROP TABLE prod.s.gone");

    let from = fx.statementCount();
    const retained = await fx.stack("qa", off).up();
    expect(retained.errors).toEqual([]);
    expect(tableOps(retained)).toMatchObject({ "qa/s.gone": "same", "qa/s.keep": "same" });
    expect(writes(fx.statementsSince(from))).toEqual([]);
    expect(await fx.ids("qa.s.gone")).toEqual([1]);
    expect(JSON.stringify(retained.outputs.report)).toMatch(/gone/);

    const on = cloneConfig("qa", "DEEP", { "catalog-clone:dropExtra": true });
    from = fx.statementCount();
    const dropped = await fx.stack("qa", on).up();
    expect(dropped.errors).toEqual([]);
    expect(tableOps(dropped)).toMatchObject({ "qa/s.gone": "delete", "qa/s.keep": "same" });
    await expect(fx.sql("SELECT * FROM qa.s.gone")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    expect(writes(fx.statementsSince(from))).toEqual(["DROP TABLE IF EXISTS `qa`.`s`.`gone`"]);
    expect(await fx.ids("qa.s.keep")).toEqual([1]);
  }, 180_000);
});
