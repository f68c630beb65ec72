/**
 * SHALLOW CLONE: the table types the engine stores for shallow clones. The SQL-level cases are in
 * cases/clone-shallow.slt.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.orders", 3);
  await ws.sql("CREATE CATALOG dev");
  await ws.sql("CREATE SCHEMA dev.sales");
});
afterEach(async () => { await ws.cleanup(); });

describe("SHALLOW CLONE (reference §1.7)", () => {
  it("a shallow clone of a managed table has table type MANAGED_SHALLOW_CLONE and reads the source's rows", async () => {
    await ws.sql("CREATE TABLE dev.sales.orders SHALLOW CLONE prod.sales.orders");
    expect(ws.wh.context.readMeta().tables["dev.sales.orders"].type).toBe("MANAGED_SHALLOW_CLONE");
    expect(await ws.sql("SELECT count(*) AS n FROM dev.sales.orders")).toEqual([{ n: 3 }]);
  });

  it("with LOCATION the type is EXTERNAL_SHALLOW_CLONE", async () => {
    await ws.sql("CREATE TABLE dev.sales.ext SHALLOW CLONE prod.sales.orders LOCATION 's3://b/dev/ext'");
    expect(ws.wh.context.readMeta().tables["dev.sales.ext"].type).toBe("EXTERNAL_SHALLOW_CLONE");
  });
});
