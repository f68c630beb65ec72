/**
 * `pulumi up` of a catalog clone, end to end: the root program (examples/platform) under the real
 * Pulumi runtime and the real dynamic-provider plugin (test harness), against the embedded engine.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";
import { reportWithRows } from "./reportRows";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

describe("CatalogClone end to end", () => {
  it("DEEP: up clones, a second up is a no-op without CLONE, destroy removes the destination and leaves the source unchanged", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const before = await fx.sourceSnapshot();
    // maxConcurrency 2 < 3 new DEEP clones: the up reads their sizes to register the largest first (cloneOrder.ts).
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true, autoRollbackAbovePct: 5 }, "catalog-clone:maxConcurrency": 2 });
    const sizeReads = (from: number) => fx.statementsSince(from).filter((s) => /FROM \(DESCRIBE DETAIL/.test(s));

    const previewFrom = fx.statementCount();
    const preview = await fx.stack("qa", config).preview();
    expect(preview.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa"); // preview writes nothing
    expect(preview.steps.filter((s) => s.type.endsWith("catalog-clone:Table")).map((s) => s.name).sort()).toEqual([
      "qa/hr.people",
      "qa/sales.items",
      "qa/sales.orders",
    ]);

    // Order does not matter in a preview; the plan summary's bytes estimate reads the three sizes in one statement (copyEstimate.ts).
    expect(sizeReads(previewFrom)).toHaveLength(1);
    const upFrom = fx.statementCount();
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(sizeReads(upFrom)).toHaveLength(1); // the three sizes in one statement
    expect(await fx.tablesOf("qa")).toEqual([
      { name: "hr.people", type: "MANAGED" },
      { name: "sales.items", type: "MANAGED" },
      { name: "sales.orders", type: "MANAGED" },
    ]);
    for (const t of ["sales.orders", "sales.items", "hr.people"]) {
      expect(await fx.rows(`qa.${t}`)).toEqual(await fx.rows(`prod.${t}`));
    }
    const report = up.outputs.report as any;
    expect(report.skipped.map((s: any) => [s.name, s.reason]).sort()).toEqual([
      ["hr.headcount", "MATERIALIZED_VIEW"],
      ["sales.events", "STREAMING_TABLE"],
    ]);
    // The view is cloned too, reading the destination's table.
    expect(report.definitions).toMatchObject({ views: 1, functions: 0 });
    expect(await fx.rows("qa.sales.big_orders")).toEqual(await fx.rows("prod.sales.big_orders"));
    expect(report.counts.cloned).toBe(3);
    expect(report.bytesCopied).toBeGreaterThan(0);
    expect(report.destinationCatalog).toEqual({ adopted: false, createdByStack: true });
    expect(report.validation.validatedTables).toBe(3);
    expect(report.validation.mismatchedTables).toEqual([]);

    // Second up: nothing changed → no CLONE (counted in the engine's statement log, across processes).
    const from = fx.statementCount();
    const again = await fx.stack("qa", config).up();
    expect(again.errors).toEqual([]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    const statements = fx.statementsSince(from);
    expect(statements.filter((s) => /\bCLONE\b/i.test(s))).toEqual([]);
    expect(statements.filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)\b/i.test(s))).toEqual([]);
    expect(sizeReads(from)).toEqual([]); // nothing to create, no sizes read

    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
    expect(await fx.sourceSnapshot()).toBe(before);
  }, 180_000);

  it("SHALLOW copies no data files and clones at the source's current version", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const sandbox = fx.stack("dev_sandbox", cloneConfig("dev_sandbox", "SHALLOW"));
    const up = await sandbox.up();
    expect(up.errors).toEqual([]);
    const report = reportWithRows<any>(up, sandbox);
    expect(report.bytesCopied).toBe(0);
    expect(report.tables.every((t: any) => t.copiedBytes === 0)).toBe(true);
    expect((await fx.tablesOf("dev_sandbox")).map((t) => t.type)).toEqual(["MANAGED_SHALLOW_CLONE", "MANAGED_SHALLOW_CLONE", "MANAGED_SHALLOW_CLONE"]);
    expect(await fx.rows("dev_sandbox.sales.orders")).toEqual(await fx.rows("prod.sales.orders"));
  });

  it("asOf pins the source: destination rows equal the source's rows at that version", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const pinned = fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:asOf": { version: 1 } }));
    const up = await pinned.up();
    expect(up.errors).toEqual([]);
    expect(await fx.rows("qa.sales.orders")).toEqual(await fx.rows("prod.sales.orders", " VERSION AS OF 1"));
    expect(await fx.rows("qa.sales.orders")).toHaveLength(2); // the third row came in version 2
    expect(reportWithRows<any>(up, pinned).tables.find((t: any) => t.name === "sales.orders").sourceVersion).toBe(1);
  });

  it("a destroy of a protected stack fails before any SQL runs", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("prod_dr", "DEEP", { "catalog-clone:protect": true });
    expect((await fx.stack("prod_dr", config).up()).errors).toEqual([]);
    const from = fx.statementCount();
    const destroy = await fx.stack("prod_dr", config).destroy();
    expect(destroy.failed).toBe(true);
    expect(destroy.errors.join("\n")).toMatch(/protect/);
    expect(fx.statementsSince(from)).toEqual([]);
    expect(await fx.tablesOf("prod_dr")).toHaveLength(3);
  });

  it("adopts an existing destination catalog that belongs to nobody and does not drop it on destroy", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await fx.sql("CREATE CATALOG qa");
    await fx.sql("CREATE SCHEMA qa.scratch");
    await fx.sql("CREATE TABLE qa.scratch.notes (t STRING)");
    await fx.sql("INSERT INTO qa.scratch.notes VALUES ('keep me')");
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:dropExtra": true });
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect((up.outputs.report as any).destinationCatalog).toEqual({ adopted: true, createdByStack: false });
    expect(await fx.rows("qa.sales.orders")).toEqual(await fx.rows("prod.sales.orders"));

    expect((await fx.stack("qa", config).destroy()).errors).toEqual([]);
    expect(await fx.catalogs()).toContain("qa");
    expect(await fx.rows("qa.scratch.notes")).toEqual([{ t: "keep me" }]);
    // The tables the stack created are gone; the catalog it adopted stays.
    expect((await fx.tablesOf("qa")).map((t) => t.name)).toEqual(["scratch.notes"]);
  });

  it("refuses a destination catalog marked as another stack's, naming it, without writing", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await fx.sql("CREATE CATALOG qa");
    await fx.sql("ALTER CATALOG qa SET TAGS ('catalog_clone_owner' = 'catalog-clone/other_stack')");
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP")).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain('belongs to stack "other_stack"');
    expect(fx.statementsSince(from).filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)\b/i.test(s))).toEqual([]);
  });

  it("invalid stack config fails the up naming the field, before any SQL runs", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:scope": { includeSchemas: ["sales"], excludeSchemas: ["sales"] } })).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain('scope.excludeSchemas: scope.includeSchemas and scope.excludeSchemas both name "sales"');
    expect(fx.statementsSince(from)).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });
});
