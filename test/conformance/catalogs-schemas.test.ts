/**
 * Catalogs and schemas: what SQL cannot show (metastore ids as LocalWarehouse reports them, one account
 * holding several workspaces). The SQL-level cases are in cases/catalogs-schemas.slt.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => { ws = await tempWorkspace(); });
afterEach(async () => { await ws.cleanup(); });

describe("catalogs and schemas (Unity Catalog DDL)", () => {
  it("current_metastore() returns this workspace's metastore id and current_user() the caller", async () => {
    const [row] = await ws.sql("SELECT current_metastore() AS m, current_user() AS u");
    expect(row.m).toBe(ws.wh.metastoreId);
    expect(row.u).toBe("tester@example.com");
  });

  it("two workspaces of one account have distinct metastore ids; one directory keeps its id across reopen", async () => {
    const { LocalWarehouse } = await import("pulumi-uc-clone-local-warehouse");
    const other = await LocalWarehouse.openInAccount(ws.account, "ws2");
    const again = await LocalWarehouse.open(ws.dir);
    try {
      expect(other.metastoreId).not.toBe(ws.wh.metastoreId);
      expect(again.metastoreId).toBe(ws.wh.metastoreId);
      expect(ws.wh.context.accountRoot).toBe(ws.account);
    } finally {
      await other.close();
      await again.close();
    }
  });
});
