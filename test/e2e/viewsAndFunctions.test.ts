/**
 * Views and SQL functions cloned by `pulumi up` (root program, real runtime and dynamic-provider plugin,
 * embedded engine): a source with views on views across schemas and functions calling functions, one
 * view and one function referring by two-part names. The destination views answer like the source's and
 * read the DESTINATION's tables; a second up writes nothing; a changed source view is re-created on the
 * next up (nothing else written); a destination function that existed before is adopted and put back on
 * destroy, which drops the rest.
 */
import { afterEach, expect, it } from "vitest";
import { CloneFixture, cloneConfig, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const SOURCE = [
  "CREATE CATALOG prod",
  "USE CATALOG prod",
  "CREATE SCHEMA prod.sales",
  "CREATE SCHEMA prod.util",
  "CREATE SCHEMA prod.rep",
  "CREATE TABLE prod.sales.orders (id INT, amount DOUBLE)",
  "INSERT INTO prod.sales.orders VALUES (1, 10.0), (2, 20.0), (3, 40.0)",
  "CREATE FUNCTION prod.util.tax(x DOUBLE) RETURNS DOUBLE RETURN x * 0.8",
  // calls a function of its own schema by a two-part name
  "CREATE FUNCTION prod.util.net(x DOUBLE) RETURNS DOUBLE COMMENT 'after tax' RETURN util.tax(x) + 1",
  // 'prod.sales.orders' in the literal is text, not a reference
  "CREATE VIEW prod.sales.big_orders COMMENT 'big ones' AS SELECT id, amount, prod.util.net(amount) AS net, 'prod.sales.orders' AS origin FROM prod.sales.orders WHERE amount > 15",
  // a view on a view of another schema, by a two-part name (resolved in the session's catalog, prod)
  "CREATE VIEW prod.rep.top AS SELECT id, net FROM sales.big_orders WHERE net > 10",
];

const viewText = async (catalog: string, schema: string, name: string) =>
  String((await fx.sql(`SELECT view_definition FROM system.information_schema.views WHERE table_catalog = '${catalog}' AND table_schema = '${schema}' AND table_name = '${name}'`))[0]?.view_definition);
const routines = async (catalog: string) =>
  (await fx.sql(`SELECT routine_schema, routine_name, routine_definition FROM system.information_schema.routines WHERE routine_catalog = '${catalog}' ORDER BY 1, 2`)).map(
    (r) => `${r.routine_schema}.${r.routine_name}: ${r.routine_definition}`,
  );

it("clones views on views and functions calling functions in dependency order, reading the destination; no-drift up writes nothing; a changed view is re-created; destroy puts back what it adopted", async () => {
  fx = new CloneFixture();
  for (const s of SOURCE) await fx.sql(s);
  // The destination exists with a function of its own (nobody's marker): adopted, put back on destroy.
  for (const s of ["CREATE CATALOG qa", "CREATE SCHEMA qa.util", "CREATE FUNCTION qa.util.tax(x DOUBLE) RETURNS DOUBLE COMMENT 'qa rate' RETURN x * 0.5"]) await fx.sql(s);
  const config = cloneConfig("qa", "DEEP");

  const up = await fx.stack("qa", config).up();
  expect(up.errors).toEqual([]);
  const report = up.outputs.report as any;
  expect(report.definitions).toMatchObject({ views: 2, functions: 2, viewsNotCloned: 0, functionsNotCloned: 0 });
  expect(report.skipped).toEqual([]);
  // Same answers as the source, through views on views and functions calling functions.
  expect(await fx.rows("qa.rep.top")).toEqual(await fx.rows("prod.rep.top"));
  expect(await fx.rows("qa.sales.big_orders")).toEqual(await fx.rows("prod.sales.big_orders"));
  expect((await fx.rows("qa.rep.top")).map((r) => r.id)).toEqual([2, 3]);
  // The text names the destination (two-part names qualified), the literal is untouched.
  expect(await viewText("qa", "sales", "big_orders")).toBe(
    "SELECT id, amount, `qa`.util.net(amount) AS net, 'prod.sales.orders' AS origin FROM `qa`.sales.orders WHERE amount > 15",
  );
  expect(await viewText("qa", "rep", "top")).toBe("SELECT id, net FROM `qa`.sales.big_orders WHERE net > 10");
  expect(await routines("qa")).toEqual(["util.net: `qa`.util.tax(x) + 1", "util.tax: x * 0.8"]);

  // A second up: nothing to do, nothing written.
  let from = fx.statementCount();
  const again = await fx.stack("qa", config).up();
  expect(again.errors).toEqual([]);
  expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
  expect(writes(fx.statementsSince(from))).toEqual([]);

  // The source view changes: the next up re-creates that view (CREATE OR REPLACE), nothing else.
  await fx.sql("CREATE OR REPLACE VIEW prod.sales.big_orders COMMENT 'big ones' AS SELECT id, amount, prod.util.net(amount) AS net, 'v2' AS origin FROM prod.sales.orders WHERE amount > 25");
  from = fx.statementCount();
  const changed = await fx.stack("qa", config).up();
  expect(changed.errors).toEqual([]);
  expect(writes(fx.statementsSince(from))).toEqual([
    expect.stringMatching(/^CREATE OR REPLACE VIEW `qa`.`sales`.`big_orders` COMMENT 'big ones' TBLPROPERTIES \(.*\) AS SELECT id, amount, `qa`.util.net\(amount\) AS net, 'v2' AS origin FROM `qa`.sales.orders WHERE amount > 25$/),
  ]);
  expect(await fx.rows("qa.rep.top")).toEqual(await fx.rows("prod.rep.top"));
  expect((await fx.rows("qa.rep.top")).map((r) => r.id)).toEqual([3]);

  // The destination views read the destination's table: a row written there shows through them, not in the source's.
  await fx.sql("INSERT INTO qa.sales.orders VALUES (4, 50.0)");
  expect((await fx.rows("qa.rep.top")).map((r) => r.id)).toEqual([3, 4]);
  expect((await fx.rows("prod.rep.top")).map((r) => r.id)).toEqual([3]);

  const destroy = await fx.stack("qa", config).destroy();
  expect(destroy.errors).toEqual([]);
  // Created views and functions dropped; the adopted function is back as it was; the source untouched.
  expect(await fx.sql("SELECT table_name FROM system.information_schema.views WHERE table_catalog = 'qa'")).toEqual([]);
  expect(await routines("qa")).toEqual(["util.tax: x * 0.5"]);
  expect((await fx.sql("SELECT comment FROM system.information_schema.routines WHERE routine_catalog = 'qa'"))[0].comment).toBe("qa rate");
  expect(await routines("prod")).toEqual(["util.net: util.tax(x) + 1", "util.tax: x * 0.8"]);
  expect(await fx.exists("prod.rep.top")).toBe(true);
}, 180_000);
