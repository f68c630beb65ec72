/**
 * Governance replay end to end (issue 10 "Governance"): a source with direct grants at catalog, schema,
 * table, view, function and volume level (and the inherited ones they imply, which must not be materialised), owners, tags and
 * comments with apostrophes, column tags and comments, and a CHECK constraint, cloned with a principal
 * map into a destination catalog that already exists (adopted, with its own grant and tag: under the
 * default `adoptedContainers: "skip"` it keeps its owner and gets no replayed grant or tag). Asserts on
 * the destination's information_schema, the statement log (a second up writes nothing), drift (a CHECK
 * added to the source later, a grant revoked in the destination), and destroy (the adopted catalog is
 * left as it was).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tick, writes } from "./driftFixture";
import { commentOn, commentOnColumnOrNull } from "../../provider/sql/comments";
import { setColumnTags, setTags } from "../../provider/sql/tags";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const OBRIEN = "O'Brien's orders";

async function seed(): Promise<void> {
  const orders = { catalog: "prod", schema: "sales", name: "orders" };
  for (const s of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.sales",
    "CREATE SCHEMA prod.hr",
    "CREATE TABLE prod.sales.orders (id INT COMMENT 'order id', amount DOUBLE)",
    "INSERT INTO prod.sales.orders VALUES (1, 10.0), (2, 20.0)",
    "ALTER TABLE prod.sales.orders ADD CONSTRAINT positive CHECK (amount > 0)",
    "CREATE TABLE prod.hr.people (name STRING)",
    "INSERT INTO prod.hr.people VALUES ('ada')",
    "GRANT USE CATALOG ON CATALOG prod TO `data_eng`",
    "GRANT USE SCHEMA, SELECT ON SCHEMA prod.sales TO `analysts`",
    "GRANT SELECT, MODIFY ON TABLE prod.sales.orders TO `data_eng`",
    "GRANT SELECT ON TABLE prod.hr.people TO `O'Brien`",
    "ALTER CATALOG prod OWNER TO `data_eng`",
    "ALTER SCHEMA prod.sales OWNER TO `data_eng`",
    "ALTER TABLE prod.sales.orders OWNER TO `data_eng`",
    // a source that is itself a clone: its marker must never reach the destination
    setTags({ kind: "CATALOG", catalog: "prod" }, { env: "prod", catalog_clone_owner: "other/stack" }),
    setTags({ kind: "SCHEMA", catalog: "prod", schema: "sales" }, { domain: "O'Brien's sales" }),
    setTags({ kind: "TABLE", ...orders }, { pii: "" }),
    setColumnTags(orders, "amount", { unit: "EUR 'net'" }),
    commentOn({ kind: "TABLE", ...orders }, OBRIEN),
    commentOn({ kind: "SCHEMA", catalog: "prod", schema: "sales" }, "Sales, by O'Brien"),
    commentOnColumnOrNull(orders, "amount", "EUR, O'Brien's rule"),
    "CREATE VOLUME prod.sales.landing",
    "GRANT READ VOLUME ON VOLUME prod.sales.landing TO `data_eng`",
    setTags({ kind: "VOLUME", catalog: "prod", schema: "sales", name: "landing" }, { zone: "raw" }),
    // a view (owned by the runner: information_schema hides a view's definition from non-owners; a TABLE securable: its grants, owner and tags are table_privileges / tables / table_tags rows) and a function (no tags in Databricks)
    "CREATE VIEW prod.sales.big_orders AS SELECT id FROM prod.sales.orders WHERE amount > 15",
    "GRANT SELECT ON VIEW prod.sales.big_orders TO `data_eng`",
    setTags({ kind: "VIEW", catalog: "prod", schema: "sales", name: "big_orders" }, { tier: "gold" }),
    "CREATE FUNCTION prod.sales.net(x DOUBLE) RETURNS DOUBLE RETURN x * 0.8",
    "GRANT EXECUTE ON FUNCTION prod.sales.net TO `O'Brien`",
    "ALTER FUNCTION prod.sales.net OWNER TO `data_eng`",
    // the destination exists already: adopted, with governance of its own that must survive
    "CREATE CATALOG qa",
    "GRANT BROWSE ON CATALOG qa TO `auditors`",
    setTags({ kind: "CATALOG", catalog: "qa" }, { team: "qa" }),
  ]) {
    await fx.sql(s);
  }
}

const GOVERNANCE = { principals: { map: { data_eng: "qa_eng", "O'Brien": "qa_obrien" }, unmapped: "drop" } };

/** Direct grants of the destination, `<object> <grantee> <privilege>`, sorted. */
async function directGrants(): Promise<string[]> {
  const rows = await fx.sql(
    "SELECT 'qa' AS o, grantee, privilege_type FROM qa.information_schema.catalog_privileges WHERE catalog_name = 'qa' AND inherited_from = 'NONE' " +
      "UNION ALL SELECT schema_name, grantee, privilege_type FROM qa.information_schema.schema_privileges WHERE inherited_from = 'NONE' " +
      "UNION ALL SELECT concat(table_schema, '.', table_name), grantee, privilege_type FROM qa.information_schema.table_privileges WHERE inherited_from = 'NONE' " +
      "UNION ALL SELECT concat(volume_schema, '.', volume_name), grantee, privilege_type FROM qa.information_schema.volume_privileges WHERE inherited_from = 'NONE' " +
      "UNION ALL SELECT concat(routine_schema, '.', routine_name), grantee, privilege_type FROM qa.information_schema.routine_privileges WHERE inherited_from = 'NONE'",
  );
  return rows.map((r) => `${r.o} ${r.grantee} ${r.privilege_type}`).sort();
}

/** What the adopted catalog carries: grants, tags, owner, comment. */
async function catalogGovernance(): Promise<unknown> {
  return [
    await fx.sql("SELECT grantee, privilege_type FROM qa.information_schema.catalog_privileges WHERE catalog_name = 'qa' ORDER BY 1, 2"),
    await fx.sql("SELECT tag_name, tag_value FROM qa.information_schema.catalog_tags WHERE catalog_name = 'qa' ORDER BY 1"),
    await fx.sql("SELECT catalog_owner, comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'"),
  ];
}

describe("governance replay", () => {
  it("replays mapped direct grants, owners, tags and comments; a second up writes nothing; drift re-applies; destroy restores", async () => {
    fx = new CloneFixture();
    await seed();
    const runner = String((await fx.sql("SELECT catalog_owner FROM system.information_schema.catalogs WHERE catalog_name = 'qa'"))[0].catalog_owner);
    const adoptedBefore = await catalogGovernance();
    const seeded = writes(fx.statementsSince(0)).filter((s) => /`?prod`?\./.test(s)).length;
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:governance": GOVERNANCE });

    const firstFrom = fx.statementCount();
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    const firstUp = fx.statementsSince(firstFrom);
    const governanceWrites = writes(firstUp).filter((s) => /^(GRANT|REVOKE|ALTER \w+ .* (SET|UNSET) TAGS|ALTER \w+ .* OWNER TO|COMMENT ON)/.test(s));
    // governance discovery only reads the source (no write names it but the view copy's source property; the snapshot's catalog_tags read is
    // metastore-wide, so it moves with the destination's tags and is not compared here)
    expect(writes(fx.statementsSince(0)).filter((s) => /`?prod`?\./.test(s) && !/CLONE/.test(s) && !/^CREATE (OR REPLACE )?VIEW `qa`/.test(s)).length).toBe(seeded);

    // exactly the mapped direct grants; the analysts' schema grant is dropped (unmapped), inherited ones are not materialised
    expect(await directGrants()).toEqual([
      "hr.people qa_obrien SELECT",
      "qa auditors BROWSE",
      "sales.big_orders qa_eng SELECT",
      "sales.landing qa_eng READ VOLUME",
      "sales.net qa_obrien EXECUTE",
      "sales.orders qa_eng MODIFY",
      "sales.orders qa_eng SELECT",
    ]);
    // owners: mapped; hr (owned by the runner in the source, unmapped) keeps the runner; the adopted catalog keeps its own
    expect(await fx.sql("SELECT catalog_owner FROM system.information_schema.catalogs WHERE catalog_name = 'qa'")).toEqual([{ catalog_owner: runner }]);
    expect(await fx.sql("SELECT schema_name, schema_owner FROM qa.information_schema.schemata WHERE schema_name IN ('hr', 'sales') ORDER BY 1")).toEqual([
      { schema_name: "hr", schema_owner: runner },
      { schema_name: "sales", schema_owner: "qa_eng" },
    ]);
    expect(await fx.sql("SELECT table_name, table_owner, comment FROM qa.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY 1")).toEqual([
      { table_name: "big_orders", table_owner: runner, comment: null },
      { table_name: "orders", table_owner: "qa_eng", comment: OBRIEN },
      { table_name: "people", table_owner: runner, comment: null },
    ]);
    // tags: the source's catalog tags are not copied onto the adopted catalog, whose own tag and marker are kept
    const catalogTags = await fx.sql("SELECT tag_name, tag_value FROM qa.information_schema.catalog_tags WHERE catalog_name = 'qa' ORDER BY 1");
    expect(catalogTags.filter((r) => r.tag_name !== "catalog_clone_owner")).toEqual([
      { tag_name: "team", tag_value: "qa" },
    ]);
    expect(catalogTags.find((r) => r.tag_name === "catalog_clone_owner")?.tag_value).not.toBe("other/stack");
    expect(await fx.sql("SELECT schema_name, tag_name, tag_value FROM qa.information_schema.schema_tags WHERE tag_name <> 'catalog_clone_owner'")).toEqual([
      { schema_name: "sales", tag_name: "domain", tag_value: "O'Brien's sales" },
    ]);
    expect(await fx.sql("SELECT table_name, tag_name, tag_value FROM qa.information_schema.table_tags ORDER BY 1")).toEqual([
      { table_name: "big_orders", tag_name: "tier", tag_value: "gold" },
      { table_name: "orders", tag_name: "pii", tag_value: "" },
    ]);
    expect(await fx.sql("SELECT routine_name, routine_owner FROM qa.information_schema.routines WHERE routine_schema = 'sales'")).toEqual([{ routine_name: "net", routine_owner: "qa_eng" }]);
    expect(await fx.sql("SELECT column_name, tag_name, tag_value FROM qa.information_schema.column_tags")).toEqual([{ column_name: "amount", tag_name: "unit", tag_value: "EUR 'net'" }]);
    expect(await fx.sql("SELECT volume_name, tag_name, tag_value FROM qa.information_schema.volume_tags")).toEqual([{ volume_name: "landing", tag_name: "zone", tag_value: "raw" }]);
    // comments: schema (created by the stack), table, columns (the id comment came with CLONE)
    expect(await fx.sql("SELECT comment FROM qa.information_schema.schemata WHERE schema_name = 'sales'")).toEqual([{ comment: "Sales, by O'Brien" }]);
    expect(await fx.sql("SELECT column_name, comment FROM qa.information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position")).toEqual([
      { column_name: "id", comment: "order id" },
      { column_name: "amount", comment: "EUR, O'Brien's rule" },
    ]);
    // the CHECK constraint survives the clone, and is enforced
    expect(await fx.sql("SELECT constraint_name, check_clause FROM qa.information_schema.check_constraints")).toEqual([{ constraint_name: "positive", check_clause: "amount > 0" }]);
    await expect(fx.sql("INSERT INTO qa.sales.orders VALUES (9, -1.0)")).rejects.toThrow(/DELTA_VIOLATE_CONSTRAINT/);

    const report = up.outputs.report as {
      governance: { replayed: Record<string, number>; unmappedPrincipals: { principal: string; fate: string; uses: string[] }[]; skipped: { securable: string; reason: string }[] };
    };
    expect(report.governance.replayed).toEqual({ grants: 6, owners: 3, tags: 5, comments: 4 });
    // the adopted catalog and its pre-existing `default` schema (CREATE CATALOG makes one) are left alone
    expect(report.governance.skipped.map((s) => s.securable)).toEqual(["catalog qa", "schema qa.default"]);
    expect(report.governance.skipped[0].reason).toMatch(/^adopted/);
    expect(report.governance.unmappedPrincipals.map((u) => [u.principal, u.fate])).toEqual(
      [["analysts", "dropped"], [runner, "dropped"]].sort((a, b) => a[0].localeCompare(b[0])),
    );

    // second up: nothing written (governance is statement-free when nothing moved)
    let from = fx.statementCount();
    const second = await fx.stack("qa", config).up();
    expect(second.errors).toEqual([]);
    const secondUp = fx.statementsSince(from);
    expect(writes(secondUp)).toEqual([]);
    console.log(
      `first up: ${firstUp.length} statements (${governanceWrites.length} governance writes); ` +
        `second up: ${secondUp.length} statements, 0 writes, steps ${JSON.stringify(second.counts)}`,
    );
    expect(second.steps.filter((s) => s.type.endsWith("catalog-clone:Governance") && s.op !== "same")).toEqual([]);

    // drift: a CHECK added to the source later reaches the destination; a grant revoked there comes back after refresh
    await tick();
    await fx.sql("ALTER TABLE prod.sales.orders ADD CONSTRAINT small CHECK (amount < 1000)");
    await fx.sql("REVOKE MODIFY ON TABLE qa.sales.orders FROM `qa_eng`");
    await fx.sql("GRANT SELECT ON TABLE qa.sales.orders TO `someone_else`"); // not this stack's: never revoked
    expect((await fx.stack("qa", config).refresh()).errors).toEqual([]);
    from = fx.statementCount();
    const third = await fx.stack("qa", config).up();
    expect(third.errors).toEqual([]);
    const thirdWrites = writes(fx.statementsSince(from));
    expect(thirdWrites.filter((s) => /^(GRANT|REVOKE)/.test(s))).toEqual(["GRANT MODIFY ON TABLE `qa`.`sales`.`orders` TO `qa_eng`"]);
    // the re-cloned table's governance updates in the same up (objectWrittenIn follows its changedInDeployment)
    expect(third.steps.filter((s) => s.type.endsWith("catalog-clone:Governance") && s.op === "update").map((s) => s.name)).toContain("qa/table:sales.orders/governance");
    expect((await fx.sql("SELECT constraint_name FROM qa.information_schema.check_constraints ORDER BY 1")).map((r) => r.constraint_name)).toEqual(["positive", "small"]);
    expect(await directGrants()).toContain("sales.orders someone_else SELECT");
    expect(await directGrants()).toContain("sales.orders qa_eng MODIFY");

    // destroy: created objects dropped, the adopted catalog exactly as it was
    const destroyed = await fx.stack("qa", config).destroy();
    expect(destroyed.errors).toEqual([]);
    expect(await fx.tablesOf("qa")).toEqual([]);
    expect(await catalogGovernance()).toEqual(adoptedBefore);
  }, 240_000);
});
