/**
 * Registration order of a first DEEP clone (components/catalogClone/cloneOrder.ts): sizes read in one
 * statement from the embedded engine, largest tables (and the schemas holding them) first.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { WarehouseError } from "../../../provider/warehouse/warehouse";
import { discoverTableSizes, largestFirst, tablesToSize } from "../../../components/catalogClone/cloneOrder";
import type { PlannedTable } from "../../../components/catalogClone/plan";

const planned = (schema: string, table: string, extra: Partial<PlannedTable> = {}): PlannedTable => ({
  schema,
  table,
  sync: "selective",
  source: { schema, name: table, tableType: "MANAGED", format: "DELTA", lastAltered: null },
  destination: undefined,
  reason: "not in destination yet",
  ...extra,
});

describe("clone order", () => {
  let dir: string;
  let wh: LocalDriver;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "clone-order-"));
    wh = await openLocalDriver(dir, { statementLog: false });
    for (const sql of [
      "CREATE CATALOG prod",
      "CREATE SCHEMA prod.a",
      "CREATE SCHEMA prod.z",
      "CREATE TABLE prod.a.small AS SELECT 1 AS id",
      "CREATE TABLE prod.a.tiny (id BIGINT)",
      "CREATE TABLE prod.z.big AS SELECT r.range AS id, 'row ' || r.range AS v FROM range(20000) AS r",
    ]) await wh.execute(sql);
  });
  afterAll(async () => {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads the sizes of every table to create in one statement and registers the largest (and its schema) first", async () => {
    const tables = [planned("a", "small"), planned("a", "tiny"), planned("z", "big")];
    let statements = 0;
    const counting = { execute: (sql: string) => (statements++, wh.execute(sql)), close: async () => undefined };
    const sizes = await discoverTableSizes(counting, "prod", tables, 2, () => undefined);
    expect(statements).toBe(1);
    expect(sizes.get("z.big")!).toBeGreaterThan(sizes.get("a.small")!);
    expect(sizes.get("a.tiny")).toBe(0);
    const order = largestFirst([{ name: "a" }, { name: "z" }], tables, sizes);
    expect(order.tables.map((t) => t.table)).toEqual(["big", "small", "tiny"]);
    expect(order.schemas.map((s) => s.name)).toEqual(["z", "a"]);
  });

  it("reads nothing when every create fits in the warehouse's concurrency at once, and keeps name order", async () => {
    let statements = 0;
    const counting = { execute: (sql: string) => (statements++, wh.execute(sql)), close: async () => undefined };
    const tables = [planned("a", "small"), planned("z", "big")];
    const sizes = await discoverTableSizes(counting, "prod", tables, 4, () => undefined);
    expect(statements).toBe(0);
    expect(largestFirst([{ name: "a" }, { name: "z" }], tables, sizes).tables.map((t) => t.table)).toEqual(["small", "big"]);
  });

  it("sizes only DEEP clones of Delta tables not yet in the destination", () => {
    const tables = [planned("a", "new"), planned("a", "there", { destination: planned("a", "there").source }), planned("a", "ice", { source: { ...planned("a", "ice").source, format: "ICEBERG" } })];
    expect(tablesToSize(tables, "DEEP").map((t) => t.table)).toEqual(["new"]);
    expect(tablesToSize(tables, "SHALLOW")).toEqual([]);
  });

  it("a warehouse that refuses the batched read keeps name order, with a warning", async () => {
    const warnings: string[] = [];
    const refusing = {
      execute: async () => {
        throw WarehouseError.fromMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'DETAIL'. SQLSTATE: 42601");
      },
      close: async () => undefined,
    };
    const sizes = await discoverTableSizes(refusing, "prod", [planned("a", "small"), planned("z", "big")], 1, (m) => warnings.push(m));
    expect(sizes.size).toBe(0);
    expect(warnings.join()).toMatch(/name order.*PARSE_SYNTAX_ERROR/);
  });
});
