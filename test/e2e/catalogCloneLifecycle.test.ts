/**
 * CatalogClone lifecycle end to end: tables that leave the source (dropExtra off: retained; on:
 * dropped), and resuming after a crash that lost the state (the stack's own markers are recognised).
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

describe("CatalogClone lifecycle", () => {
  it("a table gone from the source is retained with dropExtra off and dropped with dropExtra on", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const keep = cloneConfig("qa", "DEEP");
    expect((await fx.stack("qa", keep).up()).errors).toEqual([]);

    await fx.sql("DROP TABLE prod.sales.items");
    const retained = await fx.stack("qa", keep).up();
    expect(retained.errors).toEqual([]);
    expect((retained.outputs.report as any).retained).toEqual([{ name: "sales.items", because: "gone from source" }]);
    expect(await fx.rows("qa.sales.items")).toHaveLength(3); // still there, untouched
    expect(retained.steps.filter((s) => s.op === "delete")).toEqual([]);

    const drop = cloneConfig("qa", "DEEP", { "catalog-clone:dropExtra": true });
    const released = await fx.stack("qa", drop).up();
    expect(released.errors).toEqual([]);
    expect((released.outputs.report as any).released).toEqual([{ name: "sales.items", because: "gone from source" }]);
    expect(released.steps.filter((s) => s.op === "delete").map((s) => s.name)).toEqual(["qa/sales.items"]);
    expect((await fx.tablesOf("qa")).map((t) => t.name)).toEqual(["hr.people", "sales.orders"]);
  });

  it("resumes after a crash that lost the state: its own marked objects are taken back, then destroyed", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("qa", "DEEP");
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    // The deployment "crashed" before its state was saved: everything exists, the stack remembers nothing.
    fs.rmSync(path.join(fx.dir, "qa.state.json"));

    const from = fx.statementCount();
    const resumed = await fx.stack("qa", config).up();
    expect(resumed.errors).toEqual([]);
    const report = resumed.outputs.report as any;
    expect(report.destinationCatalog).toEqual({ adopted: false, createdByStack: true });
    expect(fx.statementsSince(from).filter((s) => /^\s*CREATE (CATALOG|SCHEMA)/i.test(s))).toEqual([]);

    expect((await fx.stack("qa", config).destroy()).errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });

  it("refresh notices a destination dropped out of band, and the next up rebuilds it", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("qa", "DEEP");
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    await fx.sql("DROP CATALOG qa CASCADE");

    const refresh = await fx.stack("qa", config).refresh();
    expect(refresh.errors).toEqual([]);
    const state = fx.stack("qa", config).state()!;
    expect(state.resources.filter((r) => r.type.endsWith("catalog-clone:Catalog") || r.type.endsWith("catalog-clone:Schema"))).toEqual([]);

    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    for (const t of ["sales.orders", "sales.items", "hr.people"]) {
      expect(await fx.rows(`qa.${t}`)).toEqual(await fx.rows(`prod.${t}`));
    }
  });
});
