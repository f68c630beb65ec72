/**
 * The library's side of engine errors; the SQL-level error cases (classes, SQLSTATEs, messages) are in
 * cases/errors.slt. An engine error is a WarehouseError whose printed form parses back to its class, and
 * the retry classification (transient or not) holds for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { WarehouseError } from "../../provider/warehouse/warehouse";

let ws: TempWorkspace;
beforeAll(async () => { ws = await tempWorkspace(); await seedTable(ws, "prod.sales.t", 1); });
afterAll(async () => { await ws.cleanup(); });

describe("engine errors as the library sees them (reference §7)", () => {
  it("every engine error is a WarehouseError whose message WarehouseError.fromMessage parses back to its class", async () => {
    const e = await ws.fails("SELECT * FROM prod.sales.missing");
    expect(e).toBeInstanceOf(WarehouseError);
    expect(WarehouseError.fromMessage(e.message).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("permanent errors are not transient, including the local engine's UNSUPPORTED_FEATURE.LOCAL_ENGINE; Delta write races are (retry classification)", async () => {
    expect((await ws.fails("SELECT * FROM prod.sales.missing")).transient).toBe(false);
    expect((await ws.fails("CREATE CONNECTION pg TYPE postgresql OPTIONS (host 'x')")).transient).toBe(false);
    expect(new WarehouseError({ errorClass: "DELTA_CONCURRENT_APPEND", message: "x" }).transient).toBe(true);
  });
});
