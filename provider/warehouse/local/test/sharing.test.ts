/**
 * Delta Sharing identifiers: the metastore a consumer names its recipient by (the SQL-level behaviour of
 * sharing is in test/conformance/cases/sharing-*.slt).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LocalWarehouse } from "../localWarehouse";
import { metastoreUuid } from "../metastore/accountWorkspaces";
import { engineWorkspace, TEST_USER, type EngineWorkspace } from "./workspace";

/** The provider workspace; the consumer is a second workspace of the same account, run by the same principal. */
let ws: EngineWorkspace;
let consumer: LocalWarehouse;
const p = (s: string) => ws.sql(s);
const c = (s: string) => consumer.execute(s);

beforeAll(async () => {
  ws = await engineWorkspace("prod-ws");
  consumer = await LocalWarehouse.openInAccount(ws.account, "dr-ws", { user: TEST_USER });
  await p("CREATE SCHEMA main.sales");
  await p("CREATE TABLE main.sales.orders (id INT, amount DOUBLE)");
  await p("CREATE SHARE dr_share");
  await p("ALTER SHARE dr_share ADD TABLE main.sales.orders");
  await p(`CREATE RECIPIENT dr_consumer USING ID 'aws:us-west-2:${consumer.metastoreId}'`);
  await p("GRANT SELECT ON SHARE dr_share TO RECIPIENT dr_consumer");
});

afterAll(async () => {
  await consumer.close();
  await ws.cleanup();
});

describe("consumer side", () => {
  test("current_metastore() is the id recipients are created with", async () => {
    const rows = await c("SELECT current_metastore() AS m");
    expect(metastoreUuid(String(rows[0].m))).toBe(metastoreUuid(consumer.metastoreId));
  });
});
