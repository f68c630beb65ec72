/**
 * Discovery: constant statement count, a missing destination is empty, and an unreadable destination is
 * an error (never taken for an absent one).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import { LocalWarehouse, readStatementLog } from "../../../provider/warehouse/local/localWarehouse";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";

let dir: string;
let wh: LocalWarehouse;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-discovery-"));
  wh = await LocalWarehouse.open(dir);
  await wh.execute("CREATE CATALOG prod");
  await wh.execute("CREATE SCHEMA prod.sales");
  await wh.execute("CREATE SCHEMA prod.empty");
  for (let i = 0; i < 12; i++) await wh.execute(`CREATE TABLE prod.sales.t${i} (id INT)`);
  await wh.execute("CREATE VIEW prod.sales.v AS SELECT * FROM prod.sales.t0");
});
afterAll(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Fails every statement with one error class. */
class FailingWarehouse implements Warehouse {
  statements: string[] = [];
  constructor(private readonly errorClass: string) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    throw new WarehouseError({ errorClass: this.errorClass, message: `[${this.errorClass}] nope SQLSTATE: 42501` });
  }
  async close(): Promise<void> {}
}

describe("discovery", () => {
  it("reads a catalog with two statements whatever the number of tables", async () => {
    const from = readStatementLog(dir).length;
    const src = await discoverSource(wh, "prod");
    expect(readStatementLog(dir).length - from).toBe(2);
    expect(src.exists).toBe(true);
    expect(src.schemas).toEqual(["default", "empty", "sales"]);
    expect(src.tables).toHaveLength(13);
    const v = src.tables.find((t) => t.name === "v")!;
    expect(v.tableType).toBe("VIEW");
    const t0 = src.tables.find((t) => t.name === "t0")!;
    expect(t0).toMatchObject({ schema: "sales", tableType: "MANAGED", format: "DELTA" });
    expect(new Date(t0.lastAltered!).toISOString()).toBe(t0.lastAltered);
  });

  it("a missing destination is an empty one", async () => {
    expect(await discoverDestination(wh, "qa")).toEqual({ catalog: "qa", exists: false, schemas: [], tables: [] });
  });

  it("a missing source is an error naming source.catalog", async () => {
    await expect(discoverSource(wh, "nope")).rejects.toThrow(/source.catalog "nope" does not exist/);
  });

  it("an unreadable destination fails instead of being taken for absent", async () => {
    const denied = new FailingWarehouse("INSUFFICIENT_PERMISSIONS");
    await expect(discoverDestination(denied, "qa")).rejects.toThrow(/INSUFFICIENT_PERMISSIONS/);
    const busy = new FailingWarehouse("TEMPORARILY_UNAVAILABLE");
    await expect(discoverDestination(busy, "qa")).rejects.toThrow(/TEMPORARILY_UNAVAILABLE/);
  });

  it("TABLE_OR_VIEW_NOT_FOUND on information_schema counts as missing only when the catalogs listing agrees", async () => {
    const rows: Record<string, Row[]> = {};
    const probe: Warehouse = {
      async execute(sql: string) {
        if (sql.includes("system.information_schema.catalogs")) return rows.catalogs ?? [];
        throw new WarehouseError({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", message: "[TABLE_OR_VIEW_NOT_FOUND] x SQLSTATE: 42P01" });
      },
      async close() {},
    };
    expect((await discoverDestination(probe, "qa")).exists).toBe(false);
    rows.catalogs = [{ catalog_name: "qa" }];
    await expect(discoverDestination(probe, "qa")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });
});
