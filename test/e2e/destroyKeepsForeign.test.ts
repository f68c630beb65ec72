/**
 * Destroy never cascades over objects the stack did not create (issue 8 §1, DESIGN §4.8): the stack's
 * own tables are dropped by their own resources, then a schema or catalog this stack created is dropped
 * only when it is empty. A container still holding a table, view or function someone added (or a table
 * the table handler deliberately keeps because it lost its marker) stays, loses this stack's marker,
 * and the destroy output says so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";
import { createCatalog } from "../../provider/resources/catalog/lifecycle";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const tags = async (sql: string) => (await fx.sql(sql)).map((r) => `${r.schema_name ?? ""}${r.schema_name ? ":" : ""}${r.tag_name}=${r.tag_value}`);

describe("destroy with objects the stack did not create", () => {
  it("keeps a foreign table, view and function (and the containers holding them, unmarked); drops the rest", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("qa", "DEEP");
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    const created = fx.stack("qa", config).state()!.resources.filter((r) => /catalog-clone:(Catalog|Schema)$/.test(r.type));
    expect(created.filter((r) => r.outputs.createdByStack).map((r) => r.outputs.name).sort()).toEqual(["hr", "qa", "sales"]);

    // Users add objects inside the stack's containers.
    await fx.sql("CREATE TABLE qa.sales.scratch (id INT)");
    await fx.sql("INSERT INTO qa.sales.scratch VALUES (7)");
    await fx.sql("CREATE VIEW qa.sales.my_view AS SELECT id FROM qa.sales.scratch");
    await fx.sql("CREATE FUNCTION qa.`default`.my_fn(x INT) RETURNS INT RETURN x * 2");
    // A clone of the stack whose marker someone removed: the table handler keeps it (not provably ours).
    await fx.sql("ALTER TABLE qa.hr.people UNSET TBLPROPERTIES ('catalog_clone.owner')");

    fx.logs.length = 0;
    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);

    // What users made survived, with its data.
    expect(await fx.ids("qa.sales.scratch")).toEqual([7]);
    expect(await fx.sql("SELECT id FROM qa.sales.my_view")).toEqual([{ id: 7 }]);
    expect(await fx.sql("SELECT qa.`default`.my_fn(4) AS v")).toEqual([{ v: 8 }]);
    expect(await fx.rows("qa.hr.people")).toEqual(await fx.rows("prod.hr.people"));
    // The stack's own clones are gone.
    expect((await fx.tablesOf("qa", { views: true })).map((t) => t.name).sort()).toEqual(["hr.people", "sales.my_view", "sales.scratch"]);

    // The containers stay, without this stack's markers (tags, schema DBPROPERTIES, catalog comment token).
    expect(await fx.catalogs()).toContain("qa");
    expect(await tags("SELECT tag_name, tag_value FROM system.information_schema.catalog_tags WHERE catalog_name = 'qa'")).toEqual([]);
    expect(await tags("SELECT schema_name, tag_name, tag_value FROM qa.information_schema.schema_tags WHERE catalog_name = 'qa'")).toEqual([]);
    for (const s of ["sales", "hr"]) {
      const props = await fx.sql(`DESCRIBE SCHEMA EXTENDED qa.${s}`);
      expect(props.find((r) => r.database_description_item === "Properties")?.database_description_value).not.toMatch(/catalog-clone\//);
    }
    const [cat] = await fx.sql("SELECT comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'");
    expect(String(cat.comment)).not.toMatch(/catalog_clone_owner=/);

    // The destroy output says what was kept and why.
    const said = fx.logs.filter((l) => l.includes("[catalog-clone]")).join("\n");
    expect(said).toMatch(/left in place: schema qa\.sales holds objects this stack did not create: sales\.my_view \(view\), sales\.scratch \(managed\)/);
    expect(said).toMatch(/left in place: schema qa\.hr holds objects this stack did not create: hr\.people \(managed\)/);
    expect(said).toMatch(/left in place: catalog qa holds objects this stack did not create: schema hr, schema sales, .*default\.my_fn \(function\)/);
    expect(said).toMatch(/ownership marker was removed/);

    // Unmarked: another stack may now adopt the catalog (it never could while this stack owned it).
    expect(await createCatalog(await fx.warehouse(), { owner: "catalog-clone/qa_other", name: "qa" })).toMatchObject({ adopted: true });
  }, 240_000);

  it("a container emptied of the stack's own objects is dropped (no CASCADE needed)", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("qa", "DEEP");
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    const from = fx.statementCount();
    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
    const drops = fx.statementsSince(from).filter((s) => /^DROP (SCHEMA|CATALOG)/.test(s));
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.filter((s) => /CASCADE/.test(s))).toEqual([]);
  }, 240_000);
});
