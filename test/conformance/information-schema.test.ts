/**
 * Conformance: information_schema views of the local engine (per catalog and system-wide) and
 * SHOW CREATE TABLE round trips.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorClassOf, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { baseDataType, INFO_SCHEMA_COLUMNS } from "../../provider/warehouse/local/statements/infoSchema";
import { printIdent, printType } from "../../provider/warehouse/local/statements/showCreateTable";

let ws: TempWorkspace;
const sql = (s: string) => ws.sql(s);

const ms = (v: unknown) => new Date(v as Date).getTime();

beforeAll(async () => {
  ws = await tempWorkspace();
  await sql("CREATE CATALOG prod");
  await sql("CREATE SCHEMA prod.sales COMMENT 'sales domain'");
  await sql("CREATE TABLE prod.sales.orders (id BIGINT NOT NULL COMMENT 'order id', amount DECIMAL(12,2), day DATE) PARTITIONED BY (day) COMMENT 'orders'");
  await sql("INSERT INTO prod.sales.orders VALUES (1, 9.99, DATE'2026-01-01')");
  await sql("CREATE VIEW prod.sales.big_orders AS SELECT id, amount FROM prod.sales.orders WHERE amount > 100");
  await sql("CREATE SCHEMA prod.hr");
  await sql("CREATE TABLE prod.hr.people (id INT, name STRING)");
});

afterAll(async () => {
  await ws.cleanup();
});

describe("information_schema.tables and friends", () => {
  test("one query lists a whole catalog: table_type, data_source_format, owner and comment", async () => {
    const rows = await sql(
      "SELECT table_schema, table_name, table_type, data_source_format, table_owner, comment FROM prod.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name",
    );
    const me = (await sql("SELECT current_user() AS u"))[0].u;
    expect(rows).toEqual([
      { table_schema: "hr", table_name: "people", table_type: "MANAGED", data_source_format: "DELTA", table_owner: me, comment: null },
      { table_schema: "sales", table_name: "big_orders", table_type: "VIEW", data_source_format: null, table_owner: me, comment: null },
      { table_schema: "sales", table_name: "orders", table_type: "MANAGED", data_source_format: "DELTA", table_owner: me, comment: "orders" },
    ]);
  });

  test("last_altered moves on every data commit (INSERT) and on metadata changes (COMMENT)", async () => {
    await sql("CREATE TABLE prod.hr.moves (id INT)");
    const q = "SELECT last_altered FROM prod.information_schema.tables WHERE table_schema = 'hr' AND table_name = 'moves'";
    const t0 = ms((await sql(q))[0].last_altered);
    await new Promise((r) => setTimeout(r, 5));
    await sql("INSERT INTO prod.hr.moves VALUES (1)");
    const t1 = ms((await sql(q))[0].last_altered);
    expect(t1).toBeGreaterThan(t0);
    await sql("COMMENT ON TABLE prod.hr.moves IS 'x'");
    expect(ms((await sql(q))[0].last_altered)).toBeGreaterThan(t1);
  });

  test("<catalog>.information_schema is scoped to the catalog; system.information_schema spans the metastore", async () => {
    const scoped = await sql("SELECT DISTINCT table_catalog FROM prod.information_schema.tables");
    expect(scoped).toEqual([{ table_catalog: "prod" }]);
    const all = await sql("SELECT DISTINCT catalog_name FROM system.information_schema.catalogs ORDER BY catalog_name");
    expect(all.map((r) => r.catalog_name)).toEqual(expect.arrayContaining(["main", "prod"]));
    const prodSchemas = await sql("SELECT schema_name, comment FROM system.information_schema.schemata WHERE catalog_name = 'prod' ORDER BY schema_name");
    expect(prodSchemas).toContainEqual({ schema_name: "sales", comment: "sales domain" });
  });

  test("views.view_definition holds the text after AS for the view's owner, NULL for others", async () => {
    const q = "SELECT view_definition FROM prod.information_schema.views WHERE table_name = 'big_orders'";
    expect((await sql(q))[0].view_definition).toBe("SELECT id, amount FROM prod.sales.orders WHERE amount > 100");
    await sql("CREATE VIEW prod.hr.v2 AS SELECT 1 AS one");
    await sql("ALTER VIEW prod.hr.v2 OWNER TO `someone-else`");
    expect((await sql("SELECT view_definition FROM prod.information_schema.views WHERE table_name = 'v2'"))[0].view_definition).toBeNull();
  });

  test("columns: 0-based ordinal_position, full_data_type, data_type, is_nullable, comment, partition position", async () => {
    const rows = await sql(
      "SELECT column_name, ordinal_position, full_data_type, data_type, is_nullable, comment, partition_ordinal_position, numeric_precision, numeric_scale FROM prod.information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position",
    );
    expect(rows).toEqual([
      { column_name: "id", ordinal_position: 0, full_data_type: "bigint", data_type: "LONG", is_nullable: "NO", comment: "order id", partition_ordinal_position: null, numeric_precision: 63, numeric_scale: 0 },
      { column_name: "amount", ordinal_position: 1, full_data_type: "decimal(12,2)", data_type: "DECIMAL", is_nullable: "YES", comment: null, partition_ordinal_position: null, numeric_precision: 12, numeric_scale: 2 },
      { column_name: "day", ordinal_position: 2, full_data_type: "date", data_type: "DATE", is_nullable: "YES", comment: null, partition_ordinal_position: 0, numeric_precision: null, numeric_scale: null },
    ]);
  });

  test("columns also lists view columns", async () => {
    const rows = await sql("SELECT column_name FROM prod.information_schema.columns WHERE table_name = 'big_orders' ORDER BY ordinal_position");
    expect(rows).toEqual([{ column_name: "id" }, { column_name: "amount" }]);
  });

  test("schema_privileges and catalog_privileges carry GRANTOR, GRANTEE, PRIVILEGE_TYPE, IS_GRANTABLE, INHERITED_FROM", async () => {
    await sql("GRANT USE CATALOG ON CATALOG prod TO `prod-analysts`");
    await sql("GRANT USE SCHEMA ON SCHEMA prod.sales TO `prod-analysts`");
    const cat = await sql("SELECT grantee, privilege_type, is_grantable, inherited_from FROM prod.information_schema.catalog_privileges");
    expect(cat).toEqual([{ grantee: "prod-analysts", privilege_type: "USE CATALOG", is_grantable: "NO", inherited_from: "NONE" }]);
    const sch = await sql("SELECT grantee, privilege_type, inherited_from FROM prod.information_schema.schema_privileges WHERE schema_name = 'sales' ORDER BY inherited_from");
    expect(sch).toEqual([
      { grantee: "prod-analysts", privilege_type: "USE CATALOG", inherited_from: "CATALOG" },
      { grantee: "prod-analysts", privilege_type: "USE SCHEMA", inherited_from: "NONE" },
    ]);
  });

  test("an unknown information_schema view is TABLE_OR_VIEW_NOT_FOUND; so is <missing catalog>.information_schema.<view> (as a workspace answers, issue 7), while system.information_schema shows the catalog is absent", async () => {
    expect(await errorClassOf(sql("SELECT * FROM prod.information_schema.nope"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
    const e = await ws.fails("SELECT * FROM ghost.information_schema.tables");
    expect(e.errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(e.message).toContain("`ghost`.`information_schema`.`tables`");
    expect(await sql("SELECT catalog_name FROM system.information_schema.catalogs WHERE catalog_name = 'ghost'")).toEqual([]);
  });

  test("CATALOG_TAGS lists the tags of every catalog of the metastore, also as <catalog>.information_schema.catalog_tags (docs: 'all the catalogs within the metastore'); SCHEMA_TAGS lists its own catalog's schemas", async () => {
    await sql("CREATE CATALOG tagged_a");
    await sql("CREATE CATALOG tagged_b");
    await sql("ALTER CATALOG tagged_a SET TAGS ('owner_mark' = 'stack-a')");
    await sql("ALTER CATALOG tagged_b SET TAGS ('owner_mark' = 'stack-b')");
    await sql("CREATE SCHEMA tagged_b.s");
    await sql("ALTER SCHEMA tagged_b.s SET TAGS ('owner_mark' = 'stack-b')");
    const marks = "SELECT catalog_name, tag_value FROM {}.catalog_tags WHERE tag_name = 'owner_mark' ORDER BY catalog_name";
    const expected = [{ catalog_name: "tagged_a", tag_value: "stack-a" }, { catalog_name: "tagged_b", tag_value: "stack-b" }];
    // an untagged catalog's own view still shows the others' tags: readers must filter by catalog_name
    expect(await sql(marks.replace("{}", "prod.information_schema"))).toEqual(expected);
    expect(await sql(marks.replace("{}", "tagged_a.information_schema"))).toEqual(expected);
    expect(await sql(marks.replace("{}", "system.information_schema"))).toEqual(expected);
    expect(await sql("SELECT * FROM tagged_a.information_schema.schema_tags WHERE tag_name = 'owner_mark'")).toEqual([]);
    expect(await sql("SELECT catalog_name, schema_name FROM tagged_b.information_schema.schema_tags WHERE tag_name = 'owner_mark'")).toEqual([
      { catalog_name: "tagged_b", schema_name: "s" },
    ]);
  });

  test("every view answers with its documented column list even when empty", async () => {
    for (const [view, cols] of Object.entries(INFO_SCHEMA_COLUMNS)) {
      const rows = await sql(`SELECT * FROM prod.information_schema.${view} LIMIT 1`);
      if (rows.length > 0) expect(Object.keys(rows[0])).toEqual(cols.map((c) => c.name));
    }
  });

  test("one information_schema query lists 300 tables", async () => {
    await sql("CREATE CATALOG wide");
    await sql("CREATE SCHEMA wide.s");
    for (let i = 0; i < 300; i++) await sql(`CREATE TABLE wide.s.t${i} (id INT)`);
    const rows = await sql("SELECT count(*) AS n, count(DISTINCT last_altered) > 0 AS has_times FROM wide.information_schema.tables WHERE table_schema = 's'");
    expect(rows).toEqual([{ n: 300, has_times: true }]);
  });
});

describe("SHOW CREATE TABLE", () => {
  test("round-trips a table: the statement re-executed under another name creates an equivalent table", async () => {
    await sql("ALTER TABLE prod.sales.orders SET TBLPROPERTIES ('quality' = 'gold')");
    const stmt = (await sql("SHOW CREATE TABLE prod.sales.orders"))[0].createtab_stmt as string;
    expect(stmt).toContain("CREATE TABLE prod.sales.orders (");
    expect(stmt).toContain("id BIGINT NOT NULL COMMENT 'order id'");
    expect(stmt).toContain("PARTITIONED BY (day)");
    expect(stmt).toContain("COMMENT 'orders'");
    await sql(stmt.replace("prod.sales.orders", "prod.sales.orders_copy"));
    const a = await sql("SELECT column_name, full_data_type, is_nullable, comment, partition_ordinal_position FROM prod.information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position");
    const b = await sql("SELECT column_name, full_data_type, is_nullable, comment, partition_ordinal_position FROM prod.information_schema.columns WHERE table_name = 'orders_copy' ORDER BY ordinal_position");
    expect(b).toEqual(a);
    const again = (await sql("SHOW CREATE TABLE prod.sales.orders_copy"))[0].createtab_stmt as string;
    expect(again).toBe(stmt.replace("prod.sales.orders", "prod.sales.orders_copy"));
  });

  test("round-trips a view with its column list", async () => {
    const stmt = (await sql("SHOW CREATE TABLE prod.sales.big_orders"))[0].createtab_stmt as string;
    expect(stmt).toBe("CREATE VIEW prod.sales.big_orders (\n  id,\n  amount)\nAS SELECT id, amount FROM prod.sales.orders WHERE amount > 100");
    await sql(stmt.replace("prod.sales.big_orders", "prod.sales.big_orders2"));
    expect((await sql("SHOW CREATE TABLE prod.sales.big_orders2"))[0].createtab_stmt).toBe(stmt.replace("prod.sales.big_orders", "prod.sales.big_orders2"));
  });

  test("round-trips row filters, column masks and CHECK constraints (as delta.constraints.* properties)", async () => {
    await sql("CREATE SCHEMA prod.sec");
    await sql("CREATE FUNCTION prod.sec.eu(r STRING) RETURNS BOOLEAN RETURN r = 'EU'");
    await sql("CREATE FUNCTION prod.sec.hide(e STRING, r STRING) RETURNS STRING RETURN CASE WHEN r = 'EU' THEN '***' ELSE e END");
    await sql("CREATE TABLE prod.sec.people (id INT, email STRING, region STRING)");
    await sql("INSERT INTO prod.sec.people VALUES (1, 'a@x', 'EU'), (2, 'b@x', 'US')");
    await sql("ALTER TABLE prod.sec.people ADD CONSTRAINT id_positive CHECK (id > 0)");
    await sql("ALTER TABLE prod.sec.people ALTER COLUMN email SET MASK prod.sec.hide USING COLUMNS (region)");
    await sql("ALTER TABLE prod.sec.people SET ROW FILTER prod.sec.eu ON (region)");
    const stmt = (await sql("SHOW CREATE TABLE prod.sec.people"))[0].createtab_stmt as string;
    expect(stmt).toContain("email STRING MASK prod.sec.hide USING COLUMNS (region)");
    expect(stmt).toContain("WITH ROW FILTER prod.sec.eu ON (region)");
    expect(stmt).toContain("'delta.constraints.id_positive' = 'id > 0'");
    await sql(stmt.replace("prod.sec.people", "prod.sec.people2"));
    await sql("INSERT INTO prod.sec.people2 VALUES (1, 'a@x', 'EU'), (2, 'b@x', 'US')");
    expect(await sql("SELECT id, email FROM prod.sec.people2")).toEqual([{ id: 1, email: "***" }]);
    expect(await errorClassOf(sql("INSERT INTO prod.sec.people2 VALUES (-1, 'c@x', 'EU')"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(await sql("SELECT table_name, constraint_name FROM prod.information_schema.check_constraints WHERE table_schema = 'sec' ORDER BY table_name")).toEqual([
      { table_name: "people", constraint_name: "id_positive" },
      { table_name: "people2", constraint_name: "id_positive" },
    ]);
  });

  test("a DEEP CLONE carries CHECK constraints (they live in TBLPROPERTIES) and they are enforced on the clone", async () => {
    await sql("CREATE TABLE prod.hr.checked (id INT)");
    await sql("ALTER TABLE prod.hr.checked ADD CONSTRAINT pos CHECK (id > 0)");
    await sql("CREATE TABLE prod.hr.checked_clone DEEP CLONE prod.hr.checked");
    expect(await errorClassOf(sql("INSERT INTO prod.hr.checked_clone VALUES (0)"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
  });

  test("round-trips a view's COMMENT and TBLPROPERTIES", async () => {
    await sql("CREATE VIEW prod.hr.marked COMMENT 'people view' TBLPROPERTIES ('catalog_clone.owner' = 'p/qa') AS SELECT id FROM prod.hr.people");
    const stmt = (await sql("SHOW CREATE TABLE prod.hr.marked"))[0].createtab_stmt as string;
    expect(stmt).toBe("CREATE VIEW prod.hr.marked (\n  id)\nCOMMENT 'people view'\nTBLPROPERTIES (\n  'catalog_clone.owner' = 'p/qa')\nAS SELECT id FROM prod.hr.people");
    await sql(stmt.replace("prod.hr.marked", "prod.hr.marked2"));
    expect(await sql("SHOW TBLPROPERTIES prod.hr.marked2")).toEqual([{ key: "catalog_clone.owner", value: "p/qa" }]);
  });

  test("SHOW CREATE TABLE of a missing table is TABLE_OR_VIEW_NOT_FOUND", async () => {
    expect(await errorClassOf(sql("SHOW CREATE TABLE prod.sales.nope"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  test("identifiers and types print as Databricks does", () => {
    expect(printIdent("orders")).toBe("orders");
    expect(printIdent("Order Lines")).toBe("`Order Lines`");
    expect(printType("struct<a: int, b: array<string>>")).toBe("STRUCT<a: INT, b: ARRAY<STRING>>");
    expect(baseDataType("decimal(10,2)")).toBe("DECIMAL");
    expect(baseDataType("bigint")).toBe("LONG");
  });
});
