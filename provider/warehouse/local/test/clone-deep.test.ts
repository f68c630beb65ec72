/**
 * DEEP CLONE across metastores through the sharedTableResolvers hook (the SQL-level behaviour of clones is
 * in test/conformance/cases/clone-*.slt).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineWorkspace, type EngineWorkspace } from "./workspace";

let ws: EngineWorkspace;
beforeEach(async () => {
  ws = await engineWorkspace();
  await ws.sql("CREATE CATALOG prod");
  await ws.sql("CREATE SCHEMA prod.sales");
  await ws.sql("CREATE TABLE prod.sales.orders (id BIGINT, name STRING)");
  await ws.sql("INSERT INTO prod.sales.orders VALUES (1, 'n1'), (2, 'n2'), (3, 'n3')");
});
afterEach(async () => { await ws.cleanup(); });

describe("DEEP CLONE (reference §1)", () => {
  it("deep clone from another workspace's table directory copies across metastores (sharedTableResolvers hook)", async () => {
    const { sharedTableResolvers } = await import("../statementFamilies");
    const { LocalWarehouse } = await import("../localWarehouse");
    const consumer = await LocalWarehouse.openInAccount(ws.account, "consumer");
    const resolver = (_ctx: unknown, name: { catalog: string; schema: string; name: string }) =>
      name.catalog === "shared" ? { workspaceRoot: ws.wh.dir, table: ws.wh.context.readMeta().tables[`prod.${name.schema}.${name.name}`] } : undefined;
    sharedTableResolvers.push(resolver);
    try {
      await consumer.context.mutateMeta((doc) => {
        doc.catalogs.shared = { ...doc.catalogs.main, name: "shared", share: { provider: "p", share: "s" } };
      });
      await consumer.execute("CREATE CATALOG dr");
      await consumer.execute("CREATE SCHEMA dr.sales");
      const [m] = await consumer.execute("CREATE TABLE dr.sales.orders DEEP CLONE shared.sales.orders");
      expect(m.num_copied_files).toBe(1);
      expect(await consumer.execute("SELECT count(*) AS n FROM dr.sales.orders")).toEqual([{ n: 3 }]);
    } finally {
      sharedTableResolvers.splice(sharedTableResolvers.indexOf(resolver), 1);
      await consumer.close();
    }
  });
});
