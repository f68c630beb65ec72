/**
 * Delta history as the engine computes it (tableLastAltered, metadata-only commits). The SQL-level
 * cases are in cases/history-detail.slt.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.sales.t", 2); });
afterEach(async () => { await ws.cleanup(); });

describe("DESCRIBE HISTORY / DESCRIBE DETAIL / DESCRIBE TABLE (reference §2.1, §2.2)", () => {
  it("last_altered moves with every data commit and with metadata changes (tableLastAltered)", async () => {
    const ctx = ws.wh.context;
    const entry = () => ctx.readMeta().tables["prod.sales.t"];
    const before = ctx.tableLastAltered(entry());
    await new Promise((r) => setTimeout(r, 5));
    await ws.sql("INSERT INTO prod.sales.t VALUES (9, 'z')");
    const afterInsert = ctx.tableLastAltered(entry());
    expect(afterInsert).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, 5));
    await ws.sql("ALTER TABLE prod.sales.t RENAME TO prod.sales.t2");
    expect(ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t2"])).toBeGreaterThan(afterInsert);
  });

  it("OPTIMIZE compacts several files into one, bumps the version and moves last_altered (a false positive for drift)", async () => {
    await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'c')");
    const ctx = ws.wh.context;
    const before = ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t"]);
    await new Promise((r) => setTimeout(r, 5));
    const [r] = await ws.sql("OPTIMIZE prod.sales.t");
    expect(r.metrics).toMatchObject({ numFilesAdded: 1, numFilesRemoved: 2 });
    const [h] = await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1");
    expect(h).toMatchObject({ version: 3, operation: "OPTIMIZE" });
    expect((await ws.sql("DESCRIBE DETAIL prod.sales.t"))[0].numFiles).toBe(1);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 3 }]);
    expect(ctx.tableLastAltered(ctx.readMeta().tables["prod.sales.t"])).toBeGreaterThan(before);
  });

  it("alterTableMetadata commits a metadata-only version (the hook governance uses for SET TBLPROPERTIES)", async () => {
    const ctx = ws.wh.context;
    const v = await ctx.alterTableMetadata(ctx.readMeta().tables["prod.sales.t"], "SET TBLPROPERTIES", { properties: '{"k":"v"}' }, (m) => { m.properties.k = "v"; });
    expect(v).toBe(2);
    expect(ctx.tableMetadata(ctx.readMeta().tables["prod.sales.t"])!.properties).toEqual({ k: "v" });
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1"))[0].operation).toBe("SET TBLPROPERTIES");
  });
});
