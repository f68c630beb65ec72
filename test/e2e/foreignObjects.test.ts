/**
 * Objects the stack does not own (issue 8 §1, DESIGN §4.2 and §4.8), through the harness with the root
 * program:
 * - a table someone adds to the destination is foreign: listed in the plan and the report, never
 *   registered, so `up` (every sync mode, with and without dropExtra) and `destroy` leave it alone;
 * - a catalog adopted with tables in it, and one adopted catalog shared by two stacks: each stack sees
 *   the other's tables as foreign and both `up` fine;
 * - another stack's destination catalog or schema fails preview (and up) at program time, naming that
 *   stack, with the catalog/schema handlers' own message and without any write.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, tick, writes } from "./driftFixture";
import type { Summary } from "../harness/harnessStack";
import { reportWithRows } from "./reportRows";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

type Foreign = { name: string; tableType: string; owner: string | null; because: string };
const foreignOf = (s: Summary): Foreign[] => (s.outputs.report as { foreign: Foreign[] }).foreign;
const registeredTables = (s: Summary) => Object.keys(tableOps(s)).sort();

describe("a table someone adds to the destination", () => {
  for (const sync of ["snapshot", "selective", "mirror", "full"] as const) {
    it(`survives up (${sync}, dropExtra off and on) and destroy, and is listed as foreign`, async () => {
      fx = new CloneFixture();
      await fx.seedProd();
      const config = (more: Record<string, unknown> = {}) => cloneConfig("qa", "DEEP", { "catalog-clone:sync": sync, ...more });
      expect((await fx.stack("qa", config()).up()).errors).toEqual([]);

      // A user's scratch table in the stack's own schema, and one in a schema of their own.
      await fx.sql("CREATE TABLE qa.sales.scratch (id INT)");
      await fx.sql("INSERT INTO qa.sales.scratch VALUES (7)");
      await fx.sql("CREATE SCHEMA qa.play");
      await fx.sql("CREATE TABLE qa.play.notes (id INT)");
      await fx.sql("INSERT INTO qa.play.notes VALUES (8)");

      fx.logs.length = 0;
      const preview = await fx.stack("qa", config()).preview();
      expect(preview.errors).toEqual([]);
      expect(registeredTables(preview)).toEqual(["qa/hr.people", "qa/sales.items", "qa/sales.orders"]);
      const said = fx.logs.join("\n");
      expect(said).toContain("leave play.notes (left alone: not created by this stack)");
      expect(said).toContain("leave sales.scratch (left alone: not created by this stack)");
      expect(said).toMatch(/2 destination objects not created by this stack are left alone .*: play\.notes \(not created by this stack\), sales\.scratch/);

      const up = await fx.stack("qa", config()).up();
      expect(up.errors).toEqual([]);
      expect(registeredTables(up)).toEqual(["qa/hr.people", "qa/sales.items", "qa/sales.orders"]);
      expect(foreignOf(up)).toEqual([
        { name: "play.notes", tableType: "MANAGED", owner: null, because: "not created by this stack" },
        { name: "sales.scratch", tableType: "MANAGED", owner: null, because: "not created by this stack" },
      ]);
      expect((up.outputs.report as { counts: Record<string, number> }).counts.foreign).toBe(2);

      // The source moves, the stack's clones drift, and dropExtra is on: the sync mode rewrites its own
      // tables (mirror and full also their destination edits) and nothing else.
      await tick();
      await fx.sql("INSERT INTO prod.sales.orders VALUES (4, 40.0)");
      await fx.sql("INSERT INTO qa.sales.items VALUES ('z', 9)");
      const from = fx.statementCount();
      const drifted = await fx.stack("qa", config({ "catalog-clone:dropExtra": true })).up();
      expect(drifted.errors).toEqual([]);
      expect(drifted.steps.filter((s) => s.op === "delete")).toEqual([]);
      expect((drifted.outputs.report as { released: unknown[] }).released).toEqual([]);
      expect(foreignOf(drifted).map((f) => f.name)).toEqual(["play.notes", "sales.scratch"]);
      const written = writes(fx.statementsSince(from));
      expect(written.filter((s) => /scratch|notes|`play`/.test(s))).toEqual([]);
      expect(await fx.ids("qa.sales.scratch")).toEqual([7]);
      expect(await fx.ids("qa.play.notes")).toEqual([8]);

      const destroy = await fx.stack("qa", config()).destroy();
      expect(destroy.errors).toEqual([]);
      expect(await fx.ids("qa.sales.scratch")).toEqual([7]);
      expect(await fx.ids("qa.play.notes")).toEqual([8]);
      expect((await fx.tablesOf("qa")).map((t) => t.name)).toEqual(["play.notes", "sales.scratch"]);
    }, 240_000);
  }

  it("a catalog adopted with tables already in it: they are foreign, the source's tables are cloned beside them", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await fx.sql("CREATE CATALOG qa");
    await fx.sql("CREATE SCHEMA qa.sales");
    await fx.sql("CREATE TABLE qa.sales.legacy (id INT)");
    await fx.sql("INSERT INTO qa.sales.legacy VALUES (1)");
    await fx.sql("CREATE VIEW qa.sales.legacy_view AS SELECT id FROM qa.sales.legacy");
    const config = cloneConfig("qa", "DEEP");
    for (let run = 0; run < 2; run++) {
      const up = await fx.stack("qa", config).up();
      expect(up.errors).toEqual([]);
      expect(foreignOf(up)).toEqual([
        { name: "sales.legacy", tableType: "MANAGED", owner: null, because: "not created by this stack" },
        { name: "sales.legacy_view", tableType: "VIEW", owner: null, because: "a VIEW (this stack only creates tables)" },
      ]);
    }
    expect(await fx.rows("qa.sales.orders")).toEqual(await fx.rows("prod.sales.orders"));
    expect((await fx.stack("qa", config).destroy()).errors).toEqual([]);
    expect((await fx.tablesOf("qa", { views: true })).map((t) => t.name)).toEqual(["sales.legacy", "sales.legacy_view"]);
    expect(await fx.ids("qa.sales.legacy")).toEqual([1]);
  }, 240_000);
});

describe("this stack's own table nothing is cloned into", () => {
  it("is taken back without any write when its state was lost and its source dropped, then destroyed as the stack's", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("qa", "DEEP");
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    // The state is lost (a crash before it was saved), and the source of one clone goes away meanwhile.
    fs.rmSync(path.join(fx.dir, "qa.state.json"));
    await fx.sql("DROP TABLE prod.sales.items");

    const from = fx.statementCount();
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(writes(fx.statementsSince(from))).toEqual([]);
    const report = reportWithRows<{ retained: unknown[]; foreign: unknown[]; tables: { name: string; action: string }[] }>(up, fx.stack("qa", config));
    expect(report.retained).toEqual([{ name: "sales.items", because: "gone from source" }]);
    expect(report.foreign).toEqual([]);
    expect(report.tables.find((t) => t.name === "sales.items")?.action).toBe("skipped");
    expect(await fx.rows("qa.sales.items")).toHaveLength(3);

    expect((await fx.stack("qa", config).destroy()).errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  }, 180_000);
});

describe("two stacks sharing an adopted catalog", () => {
  it("both up (and up again) fine; each lists the other's tables as foreign; destroying one leaves the other's tables", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    for (const s of [
      "CREATE CATALOG prod2",
      "CREATE SCHEMA prod2.fin",
      "CREATE TABLE prod2.fin.ledger (id INT)",
      "INSERT INTO prod2.fin.ledger VALUES (1), (2)",
      // The shared catalog, made by hand (unmarked: both stacks adopt it), with a table of its own.
      "CREATE CATALOG shared",
      "CREATE SCHEMA shared.common",
      "CREATE TABLE shared.common.legacy (id INT)",
    ]) {
      await fx.sql(s);
    }
    const a = cloneConfig("shared", "DEEP");
    const b = { ...cloneConfig("shared", "DEEP"), "catalog-clone:sourceCatalog": "prod2" };
    for (let round = 0; round < 2; round++) {
      const upA = await fx.stack("a", a).up();
      expect(upA.errors).toEqual([]);
      const upB = await fx.stack("b", b).up();
      expect(upB.errors).toEqual([]);
      expect(registeredTables(upB)).toEqual(["b/fin.ledger"]);
      expect(foreignOf(upB)).toEqual([
        { name: "common.legacy", tableType: "MANAGED", owner: null, because: "not created by this stack" },
        { name: "hr.people", tableType: "MANAGED", owner: "catalog-clone/a", because: "belongs to stack catalog-clone/a" },
        // a's clone of prod's view: views are not tables this stack creates from its source (their markers are not read at discovery)
        { name: "sales.big_orders", tableType: "VIEW", owner: null, because: "a VIEW (this stack only creates tables)" },
        { name: "sales.items", tableType: "MANAGED", owner: "catalog-clone/a", because: "belongs to stack catalog-clone/a" },
        { name: "sales.orders", tableType: "MANAGED", owner: "catalog-clone/a", because: "belongs to stack catalog-clone/a" },
      ]);
    }
    const again = await fx.stack("a", a).up();
    expect(again.errors).toEqual([]);
    expect(registeredTables(again)).toEqual(["a/hr.people", "a/sales.items", "a/sales.orders"]);
    expect(foreignOf(again).map((f) => [f.name, f.owner])).toEqual([
      ["common.legacy", null],
      ["fin.ledger", "catalog-clone/b"],
    ]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, delete: 0 });

    expect((await fx.stack("a", a).destroy()).errors).toEqual([]);
    expect((await fx.tablesOf("shared")).map((t) => t.name)).toEqual(["common.legacy", "fin.ledger"]);
    expect(await fx.ids("shared.fin.ledger")).toEqual([1, 2]);
    const afterA = await fx.stack("b", b).up();
    expect(afterA.errors).toEqual([]);
    expect(afterA.counts).toMatchObject({ create: 0, update: 0, delete: 0 });
  }, 240_000);
});

describe("another stack's destination", () => {
  it("fails preview (and up) at program time naming the stack that owns the catalog, with zero writes", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    expect((await fx.stack("one", cloneConfig("qa", "DEEP")).up()).errors).toEqual([]);

    const other = fx.stack("two", cloneConfig("qa", "DEEP"));
    const from = fx.statementCount();
    for (const run of [() => other.preview(), () => other.up()]) {
      const r = await run();
      expect(r.failed).toBe(true);
      expect(r.errors.join("\n")).toContain(
        'CatalogClone "two": [CATALOG_CLONE_OWNED_BY_ANOTHER_STACK] Catalog qa belongs to stack "one" of project "catalog-clone" (marker catalog-clone/one), not to catalog-clone/two.',
      );
      // The component registers itself first; no catalog, schema or table resource is registered.
      expect(r.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
    }
    const statements = fx.statementsSince(from);
    expect(writes(statements)).toEqual([]);
    // Discovery only: no table marker is read once the catalog is refused.
    expect(statements.filter((s) => /^SHOW TBLPROPERTIES/.test(s))).toEqual([]);
    expect(other.state()?.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")) ?? []).toEqual([]);
  }, 180_000);

  it("fails preview when a schema it would register in an adopted catalog belongs to another stack", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await fx.sql("CREATE CATALOG shared");
    await fx.sql("CREATE CATALOG prod2");
    await fx.sql("CREATE SCHEMA prod2.sales");
    await fx.sql("CREATE TABLE prod2.sales.quotes (id INT)");
    expect((await fx.stack("one", cloneConfig("shared", "DEEP")).up()).errors).toEqual([]);
    const from = fx.statementCount();
    const preview = await fx.stack("two", { ...cloneConfig("shared", "DEEP"), "catalog-clone:sourceCatalog": "prod2" }).preview();
    expect(preview.failed).toBe(true);
    expect(preview.errors.join("\n")).toContain(
      'CatalogClone "two": [CATALOG_CLONE_OWNED_BY_ANOTHER_STACK] Schema shared.sales belongs to stack "one" of project "catalog-clone" (marker catalog-clone/one), not to catalog-clone/two.',
    );
    expect(writes(fx.statementsSince(from))).toEqual([]);
  }, 180_000);

  it("fails preview (and up, before any write) when a table it would adopt in a shared schema is another stack's clone", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    for (const s of [
      "CREATE SCHEMA prod.common",
      "CREATE TABLE prod.common.x (id INT)",
      "INSERT INTO prod.common.x VALUES (1)",
      "CREATE CATALOG prod2",
      "CREATE SCHEMA prod2.common",
      "CREATE TABLE prod2.common.x (id INT)",
      "INSERT INTO prod2.common.x VALUES (2)",
      // Shared by hand, with a schema of its own: both stacks adopt both (unmarked).
      "CREATE CATALOG shared",
      "CREATE SCHEMA shared.common",
    ]) {
      await fx.sql(s);
    }
    const a = await fx.stack("a", cloneConfig("shared", "DEEP")).up();
    expect(a.errors).toEqual([]);
    const b = fx.stack("b", { ...cloneConfig("shared", "DEEP"), "catalog-clone:sourceCatalog": "prod2" });
    const from = fx.statementCount();
    for (const run of [() => b.preview(), () => b.up()]) {
      const r = await run();
      expect(r.failed).toBe(true);
      expect(r.errors.join("\n")).toContain(
        '[CATALOG_CLONE_OWNED_BY_ANOTHER_STACK] Table shared.common.x belongs to stack "a" of project "catalog-clone" (marker catalog-clone/a), not to catalog-clone/b.',
      );
    }
    expect(writes(fx.statementsSince(from))).toEqual([]);
    expect(await fx.ids("shared.common.x")).toEqual([1]);
  }, 180_000);
});
