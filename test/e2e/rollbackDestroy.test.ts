/**
 * Destroy and adoption end to end: a destination table that existed before the stack is adopted
 * (its pre-clone version recorded) and RESTOREd on destroy; tables the stack created are dropped;
 * the source is byte-for-byte unchanged. A transient error on the adoption lookup never leads to a
 * drop or an overwrite.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

async function seed() {
  for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await fx.sql(s);
  for (const t of ["adopt", "fresh"]) {
    await fx.sql(`CREATE TABLE prod.s.${t} (id INT)`);
    await fx.sql(`INSERT INTO prod.s.${t} VALUES (1), (2)`);
  }
  await fx.sql("CREATE TABLE qa.s.adopt (id INT)");
  await fx.sql("INSERT INTO qa.s.adopt VALUES (99)");
}

describe("destroy restores adopted tables and drops created ones", () => {
  it("adopt → clone → destroy: adopted table back to its own rows, created table gone, source unchanged", async () => {
    fx = new CloneFixture();
    await seed();
    const before = await fx.sourceSnapshot();
    const config = cloneConfig("qa", "DEEP");
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(await fx.ids("qa.s.adopt")).toEqual([1, 2]);
    expect(await fx.ids("qa.s.fresh")).toEqual([1, 2]);
    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.ids("qa.s.adopt")).toEqual([99]);
    await expect(fx.sql("SELECT * FROM qa.s.fresh")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    expect(await fx.catalogs()).toContain("qa"); // the adopted catalog stays
    expect(await fx.sourceSnapshot()).toBe(before);
  }, 180_000);

  it("a transient error on the adoption lookup fails the up and never drops or overwrites the table", async () => {
    fx = new CloneFixture();
    await seed();
    const config = cloneConfig("qa", "DEEP");
    const faults = JSON.stringify([{ match: "^DESCRIBE HISTORY `qa`.`s`.`adopt`", errorClass: "TEMPORARILY_UNAVAILABLE", times: 50, nth: 1 }]);
    const from = fx.statementCount();
    const failed = await fx.stack("qa", config, { env: { UC_LOCAL_FAULTS: faults } }).up();
    expect(failed.failed).toBe(true);
    expect(failed.errors.join("\n")).toMatch(/TEMPORARILY_UNAVAILABLE/);
    expect(writes(fx.statementsSince(from)).filter((s) => s.includes("`adopt`"))).toEqual([]);
    expect(await fx.ids("qa.s.adopt")).toEqual([99]);
    // once the warehouse answers, the table is adopted, and destroy gives it back
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(await fx.ids("qa.s.adopt")).toEqual([1, 2]);
    await fx.stack("qa", config).destroy();
    expect(await fx.ids("qa.s.adopt")).toEqual([99]);
  }, 180_000);
});
