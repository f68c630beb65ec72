/**
 * DEEP CLONE: what the engine stores for a clone (table type, location, what is not copied), checked in
 * its metastore document. The SQL-level cases are in cases/clone-deep.slt.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.orders", 3);
  await ws.sql("CREATE CATALOG qa");
  await ws.sql("CREATE SCHEMA qa.sales");
});
afterEach(async () => { await ws.cleanup(); });

describe("DEEP CLONE (reference §1)", () => {
  it("CLONE without DEEP/SHALLOW is a deep clone", async () => {
    const [m] = await ws.sql("CREATE TABLE qa.sales.orders CLONE prod.sales.orders");
    expect(m.num_copied_files).toBe(1);
    expect(ws.wh.context.readMeta().tables["qa.sales.orders"].type).toBe("MANAGED");
  });

  it("clone does not copy the comment (docs: 'Metadata not cloned are the table description and user-defined commit metadata'), tags ('Unity Catalog properties are not copied, such as tags') or grants (a source with a row filter or mask is refused: cases/governance.slt); the caller owns it; it gets a new Delta id", async () => {
    await ws.sql("CREATE TABLE prod.sales.c (id INT) COMMENT 'secret'");
    await ws.wh.context.mutateMeta((doc) => {
      const t = doc.tables["prod.sales.c"];
      t.tags = { pii: "yes" };
      t.grants = [{ principal: "analysts", privilege: "SELECT" }];
      t.owner = "someone@else";
    });
    await ws.sql("CREATE TABLE qa.sales.c DEEP CLONE prod.sales.c");
    const t = ws.wh.context.readMeta().tables["qa.sales.c"];
    expect(t).toMatchObject({ comment: null, tags: {}, grants: [], owner: "tester@example.com", rowFilter: null, columnMasks: [] });
    const [src] = await ws.sql("DESCRIBE DETAIL prod.sales.c");
    const [dst] = await ws.sql("DESCRIBE DETAIL qa.sales.c");
    expect(dst.id).not.toBe(src.id);
  });

  it("REPLACE keeps the target's history, grants and comment (versions stack on the target)", async () => {
    await ws.sql("CREATE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    await ws.wh.context.mutateMeta((doc) => { doc.tables["qa.sales.orders"].grants = [{ principal: "qa", privilege: "SELECT" }]; });
    await ws.sql("REPLACE TABLE qa.sales.orders DEEP CLONE prod.sales.orders");
    expect((await ws.sql("DESCRIBE HISTORY qa.sales.orders")).map((r) => r.version)).toEqual([1, 0]);
    expect(ws.wh.context.readMeta().tables["qa.sales.orders"].grants).toEqual([{ principal: "qa", privilege: "SELECT" }]);
  });

  it("a missing source fails with TABLE_OR_VIEW_NOT_FOUND and creates nothing", async () => {
    expect((await ws.fails("CREATE TABLE qa.sales.x DEEP CLONE prod.sales.nope")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(ws.wh.context.readMeta().tables["qa.sales.x"]).toBeUndefined();
  });

  it("LOCATION makes an EXTERNAL deep clone", async () => {
    await ws.sql("CREATE TABLE qa.sales.ext DEEP CLONE prod.sales.orders LOCATION 's3://bucket/qa/ext'");
    expect(ws.wh.context.readMeta().tables["qa.sales.ext"]).toMatchObject({ type: "EXTERNAL", location: "s3://bucket/qa/ext" });
  });
});
