/**
 * Conformance: Delta Sharing between two local workspaces of one account (provider and consumer
 * metastores): shares, recipients, grants, providers, catalogs USING SHARE.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LocalWarehouse } from "../../provider/warehouse/local";
import { errorClassOf, tempWorkspace, TESTER, type TempWorkspace } from "./fixtures/workspace";
import { metastoreUuid } from "../../provider/warehouse/local/metastore/accountWorkspaces";

/** The provider workspace; the consumer is a second workspace of the same account, run by the same principal. */
let ws: TempWorkspace;
let provider: LocalWarehouse;
let consumer: LocalWarehouse;
const p = (s: string) => provider.execute(s);
const c = (s: string) => consumer.execute(s);

beforeAll(async () => {
  ws = await tempWorkspace({}, "prod-ws");
  provider = ws.wh;
  consumer = await LocalWarehouse.openInAccount(ws.account, "dr-ws", { user: TESTER });
  await p("CREATE SCHEMA main.sales");
  await p("CREATE TABLE main.sales.orders (id INT, amount DOUBLE)");
  await p("INSERT INTO main.sales.orders VALUES (1, 10.0), (2, 20.0)");
  await p("CREATE TABLE main.sales.customers (id INT, name STRING)");
  await p("INSERT INTO main.sales.customers VALUES (1, 'ann')");
});

afterAll(async () => {
  await consumer.close();
  await ws.cleanup();
});

describe("provider side", () => {
  test("CREATE SHARE [IF NOT EXISTS] ... COMMENT, SHOW SHARES (name, comment), DESCRIBE SHARE", async () => {
    await p("CREATE SHARE s_basic COMMENT 'basic share'");
    await p("CREATE SHARE IF NOT EXISTS s_basic");
    expect(await errorClassOf(p("CREATE SHARE s_basic"))).toBe("SHARE_ALREADY_EXISTS");
    expect(await p("SHOW SHARES LIKE 's_basic'")).toEqual([{ name: "s_basic", comment: "basic share" }]);
    expect((await p("DESCRIBE SHARE s_basic"))[0]).toMatchObject({ name: "s_basic", comment: "basic share" });
  });

  test("ALTER SHARE ADD TABLE [AS alias] [WITH HISTORY] and SHOW ALL IN SHARE (name, type, shared_object, added_at, added_by, comment, partitions)", async () => {
    await p("CREATE SHARE s_objects");
    await p("ALTER SHARE s_objects ADD TABLE main.sales.orders WITH HISTORY");
    await p("ALTER SHARE s_objects ADD TABLE main.sales.customers COMMENT 'people' AS crm.people");
    const rows = await p("SHOW ALL IN SHARE s_objects");
    expect(rows.map((r) => [r.name, r.type, r.shared_object, r.comment, r.partitions])).toEqual([
      ["crm.people", "TABLE", "main.sales.customers", "people", null],
      ["sales.orders", "TABLE", "main.sales.orders", null, null],
    ]);
    expect(rows[0].added_at).toBeInstanceOf(Date);
    await p("ALTER SHARE s_objects REMOVE TABLE main.sales.customers");
    expect((await p("SHOW ALL IN SHARE s_objects")).map((r) => r.name)).toEqual(["sales.orders"]);
  });

  test("a table cannot be added twice, nor two tables under one alias", async () => {
    await p("CREATE SHARE s_dups");
    await p("ALTER SHARE s_dups ADD TABLE main.sales.orders");
    expect(await errorClassOf(p("ALTER SHARE s_dups ADD TABLE main.sales.orders AS other.orders"))).toBe("INVALID_PARAMETER_VALUE");
    expect(await errorClassOf(p("ALTER SHARE s_dups ADD TABLE main.sales.customers AS sales.orders"))).toBe("INVALID_PARAMETER_VALUE");
  });

  test("tables with a row filter or column mask cannot be added to a share", async () => {
    await p("CREATE SCHEMA main.secure");
    await p("CREATE TABLE main.secure.t (id INT, r STRING)");
    await p("CREATE FUNCTION main.secure.f(r STRING) RETURNS BOOLEAN RETURN r = 'x'");
    await p("ALTER TABLE main.secure.t SET ROW FILTER main.secure.f ON (r)");
    await p("CREATE SHARE s_secure");
    expect(await errorClassOf(p("ALTER SHARE s_secure ADD TABLE main.secure.t"))).toBe("INVALID_PARAMETER_VALUE");
  });

  test("CREATE RECIPIENT USING ID of the provider's own metastore is refused; a second recipient for one metastore is refused", async () => {
    expect(await errorClassOf(p(`CREATE RECIPIENT self_r USING ID 'aws:us-west-2:${provider.metastoreId}'`))).toBe("INVALID_PARAMETER_VALUE");
    await p(`CREATE RECIPIENT dr_once USING ID 'azure:westeurope:${consumer.metastoreId}'`);
    expect(await errorClassOf(p(`CREATE RECIPIENT dr_twice USING ID '${consumer.metastoreId}'`))).toBe("RECIPIENT_ALREADY_EXISTS");
    await p("DROP RECIPIENT dr_once");
    expect(await errorClassOf(p("DROP RECIPIENT dr_once"))).toBe("RECIPIENT_NOT_FOUND");
    await p("DROP RECIPIENT IF EXISTS dr_once");
  });

  test("DESCRIBE RECIPIENT shows info_name/info_value rows with the DATABRICKS authentication type and metastore id", async () => {
    await p("CREATE RECIPIENT partner_r USING ID 'aws:us-east-1:0f0e0d0c-0000-4000-8000-000000000001' COMMENT 'partner'");
    const rows = await p("DESCRIBE RECIPIENT partner_r");
    const info = Object.fromEntries(rows.map((r) => [r.info_name, r.info_value]));
    expect(info).toMatchObject({ recipient_name: "partner_r", authentication_type: "DATABRICKS", cloud: "aws", region: "us-east-1", metastore_id: "0f0e0d0c-0000-4000-8000-000000000001", comment: "partner" });
    expect((await p("SHOW RECIPIENTS LIKE 'partner*'")).map((r) => r.name)).toEqual(["partner_r"]);
    await p("CREATE RECIPIENT open_r");
    expect((await p("DESCRIBE RECIPIENT open_r")).find((r) => r.info_name === "authentication_type")?.info_value).toBe("TOKEN");
  });

  test("GRANT SELECT ON SHARE TO RECIPIENT shows in SHOW GRANTS ON SHARE and SHOW GRANTS TO RECIPIENT; REVOKE removes it", async () => {
    await p("CREATE SHARE s_grants");
    await p("CREATE RECIPIENT grants_r USING ID 'aws:us-east-1:0f0e0d0c-0000-4000-8000-000000000002'");
    await p("GRANT SELECT ON SHARE s_grants TO RECIPIENT grants_r");
    expect(await p("SHOW GRANTS ON SHARE s_grants")).toEqual([{ recipient: "grants_r", actionType: "SELECT", objectType: "SHARE", objectKey: "s_grants" }]);
    expect(await p("SHOW GRANTS TO RECIPIENT grants_r")).toEqual([{ share: "s_grants", privilege: "SELECT" }]);
    await p("REVOKE SELECT ON SHARE s_grants FROM RECIPIENT grants_r");
    expect(await p("SHOW GRANTS ON SHARE s_grants")).toEqual([]);
  });
});

describe("consumer side", () => {
  beforeAll(async () => {
    await p("CREATE SHARE dr_share");
    await p("ALTER SHARE dr_share ADD TABLE main.sales.orders");
    await p(`CREATE RECIPIENT dr_consumer USING ID 'aws:us-west-2:${consumer.metastoreId}'`);
    await p("GRANT SELECT ON SHARE dr_share TO RECIPIENT dr_consumer");
  });

  test("SHOW PROVIDERS lists the providing workspace by its directory name; SHOW SHARES IN PROVIDER lists granted shares", async () => {
    expect(await c("SHOW PROVIDERS")).toEqual([{ name: "prod-ws", comment: null }]);
    expect(await c("SHOW SHARES IN PROVIDER `prod-ws`")).toEqual([{ name: "dr_share" }]);
    expect(await p("SHOW PROVIDERS")).toEqual([]);
    expect(await errorClassOf(c("SHOW SHARES IN PROVIDER nobody"))).toBe("PROVIDER_NOT_FOUND");
  });

  test("current_metastore() is the id recipients are created with", async () => {
    const rows = await c("SELECT current_metastore() AS m");
    expect(metastoreUuid(String(rows[0].m))).toBe(metastoreUuid(consumer.metastoreId));
  });

  test("CREATE CATALOG ... USING SHARE reads the provider's CURRENT data", async () => {
    await c("CREATE CATALOG prod_shared USING SHARE `prod-ws`.dr_share COMMENT 'from prod'");
    expect(await c("SELECT id, amount FROM prod_shared.sales.orders ORDER BY id")).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
    await p("INSERT INTO main.sales.orders VALUES (3, 30.0)");
    expect(await c("SELECT count(*) AS n FROM prod_shared.sales.orders")).toEqual([{ n: 3 }]);
  });

  test("time travel on a table shared WITHOUT HISTORY is refused; WITH HISTORY it works", async () => {
    await p("CREATE SHARE hist_share");
    await p("ALTER SHARE hist_share ADD TABLE main.sales.orders WITHOUT HISTORY");
    await p("ALTER SHARE hist_share ADD TABLE main.sales.customers WITH HISTORY");
    await p("GRANT SELECT ON SHARE hist_share TO RECIPIENT dr_consumer");
    await c("CREATE CATALOG hist_cat USING SHARE `prod-ws`.hist_share");
    expect(await errorClassOf(c("SELECT count(*) AS n FROM hist_cat.sales.orders VERSION AS OF 0"))).toBe("DELTA_SHARING_HISTORY_NOT_SHARED");
    expect(await c("SELECT count(*) AS n FROM hist_cat.sales.customers VERSION AS OF 0")).toEqual([{ n: 0 }]);
    expect(await c("SELECT count(*) AS n FROM hist_cat.sales.customers")).toEqual([{ n: 1 }]);
  });

  test("information_schema of a shared catalog lists its tables (DELTASHARING), schemas and columns", async () => {
    await c("CREATE CATALOG IF NOT EXISTS prod_shared USING SHARE `prod-ws`.dr_share");
    const t = await c("SELECT table_schema, table_name, data_source_format, is_insertable_into FROM prod_shared.information_schema.tables");
    expect(t).toEqual([{ table_schema: "sales", table_name: "orders", data_source_format: "DELTASHARING", is_insertable_into: "NO" }]);
    expect(await c("SELECT schema_name FROM prod_shared.information_schema.schemata")).toEqual([{ schema_name: "sales" }]);
    expect(await c("SELECT column_name FROM prod_shared.information_schema.columns ORDER BY ordinal_position")).toEqual([{ column_name: "id" }, { column_name: "amount" }]);
  });

  test("SHOW CREATE TABLE on a shared table uses the consumer-side name and the provider's current columns", async () => {
    await c("CREATE CATALOG IF NOT EXISTS prod_shared USING SHARE `prod-ws`.dr_share");
    const stmt = (await c("SHOW CREATE TABLE prod_shared.sales.orders"))[0].createtab_stmt as string;
    expect(stmt).toMatch(/^CREATE TABLE prod_shared\.sales\.orders \(\n  id INT,\n  amount DOUBLE\)/);
  });

  test("a shared catalog is read-only: writes and new objects are refused", async () => {
    await c("CREATE CATALOG IF NOT EXISTS prod_shared USING SHARE `prod-ws`.dr_share");
    expect(await errorClassOf(c("CREATE FUNCTION prod_shared.sales.f() RETURNS INT RETURN 1"))).toMatch(/^(INVALID_PARAMETER_VALUE|SCHEMA_NOT_FOUND)/);
    expect(await errorClassOf(c("INSERT INTO prod_shared.sales.orders VALUES (9, 9.0)"))).toBe("DELTA_SHARING_READ_ONLY");
    expect(await p("SELECT count(*) AS n FROM main.sales.orders WHERE id = 9")).toEqual([{ n: 0 }]);
  });

  test("CREATE CATALOG USING SHARE of a share not granted to this metastore fails", async () => {
    await p("CREATE SHARE not_granted");
    expect(await errorClassOf(c("CREATE CATALOG nope USING SHARE `prod-ws`.not_granted"))).toBe("SHARE_NOT_FOUND");
    expect(await errorClassOf(c("CREATE CATALOG nope USING SHARE ghost.dr_share"))).toBe("PROVIDER_NOT_FOUND");
  });

  test("revoking the share makes its tables disappear for the consumer", async () => {
    await p("CREATE SHARE temp_share");
    await p("ALTER SHARE temp_share ADD TABLE main.sales.customers");
    await p("GRANT SELECT ON SHARE temp_share TO RECIPIENT dr_consumer");
    await c("CREATE CATALOG temp_cat USING SHARE `prod-ws`.temp_share");
    expect(await c("SELECT name FROM temp_cat.sales.customers")).toEqual([{ name: "ann" }]);
    await p("REVOKE SELECT ON SHARE temp_share FROM RECIPIENT dr_consumer");
    expect(await errorClassOf(c("SELECT name FROM temp_cat.sales.customers"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  test("information_schema shares, recipients, share_recipient_privileges, table_share_usage (provider) and providers, catalog_provider_share_usage (consumer)", async () => {
    expect(await p("SELECT share_name FROM system.information_schema.shares WHERE share_name = 'dr_share'")).toEqual([{ share_name: "dr_share" }]);
    expect(await p("SELECT recipient_name, authentication_type FROM system.information_schema.recipients WHERE recipient_name = 'dr_consumer'")).toEqual([
      { recipient_name: "dr_consumer", authentication_type: "DATABRICKS" },
    ]);
    expect(await p("SELECT privilege_type FROM system.information_schema.share_recipient_privileges WHERE share_name = 'dr_share' AND recipient_name = 'dr_consumer'")).toEqual([{ privilege_type: "SELECT" }]);
    expect(await p("SELECT schema_name, table_name FROM main.information_schema.table_share_usage WHERE share_name = 'dr_share'")).toEqual([{ schema_name: "sales", table_name: "orders" }]);
    expect(await c("SELECT provider_name, data_provider_global_metastore_id AS id FROM system.information_schema.providers")).toEqual([{ provider_name: "prod-ws", id: provider.metastoreId }]);
    await c("CREATE CATALOG IF NOT EXISTS prod_shared USING SHARE `prod-ws`.dr_share");
    expect(await c("SELECT provider_name, share_name FROM system.information_schema.catalog_provider_share_usage WHERE catalog_name = 'prod_shared'")).toEqual([{ provider_name: "prod-ws", share_name: "dr_share" }]);
  });

  test("ALTER SHARE ADD SCHEMA shares every current and future table of the schema", async () => {
    await p("CREATE SCHEMA main.mart");
    await p("CREATE TABLE main.mart.a (id INT)");
    await p("INSERT INTO main.mart.a VALUES (1)");
    await p("CREATE SHARE mart_share");
    await p("ALTER SHARE mart_share ADD SCHEMA main.mart");
    expect((await p("SHOW ALL IN SHARE mart_share")).map((r) => [r.name, r.type, r.shared_object])).toEqual([["mart", "SCHEMA", "main.mart"]]);
    await p("GRANT SELECT ON SHARE mart_share TO RECIPIENT dr_consumer");
    await c("CREATE CATALOG mart_cat USING SHARE `prod-ws`.mart_share");
    await p("CREATE TABLE main.mart.b (id INT)");
    expect(await c("SELECT table_name FROM mart_cat.information_schema.tables ORDER BY table_name")).toEqual([{ table_name: "a" }, { table_name: "b" }]);
    expect(await c("SELECT id FROM mart_cat.mart.a")).toEqual([{ id: 1 }]);
    await p("ALTER SHARE mart_share REMOVE SCHEMA main.mart");
    expect(await c("SELECT table_name FROM mart_cat.information_schema.tables")).toEqual([]);
  });

  test("DROP SHARE removes the share and its recipient grants", async () => {
    await p("CREATE SHARE drop_me");
    await p("GRANT SELECT ON SHARE drop_me TO RECIPIENT dr_consumer");
    await p("DROP SHARE drop_me");
    expect(await errorClassOf(p("DROP SHARE drop_me"))).toBe("SHARE_NOT_FOUND");
    expect((await p("SHOW GRANTS TO RECIPIENT dr_consumer")).map((r) => r.share)).not.toContain("drop_me");
  });
});
