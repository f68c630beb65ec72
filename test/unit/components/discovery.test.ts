/**
 * Discovery: constant statement count, a missing destination is empty, and an unreadable destination is
 * an error (never taken for an absent one).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverDestination, discoverSource, discoverTableMarkers } from "../../../components/catalogClone/discovery";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";

let dir: string;
let wh: LocalDriver;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-discovery-"));
  wh = await openLocalDriver(dir);
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
  it("reads a catalog with one statement whatever the number of tables", async () => {
    const from = readStatementLog(dir).length;
    const src = await discoverSource(wh, "prod");
    expect(readStatementLog(dir).length - from).toBe(1); // schemas folded into the listing (issue 13)
    expect(src.exists).toBe(true);
    expect(src.schemas).toEqual(["default", "empty", "sales"]);
    expect(src.tables).toHaveLength(13);
    const v = src.tables.find((t) => t.name === "v")!;
    expect(v.tableType).toBe("VIEW");
    const t0 = src.tables.find((t) => t.name === "t0")!;
    expect(t0).toMatchObject({ schema: "sales", tableType: "MANAGED", format: "DELTA" });
    expect(new Date(t0.lastAltered!).toISOString()).toBe(t0.lastAltered);
  });

  it("reads each table's row filter and column masks in the same statement", async () => {
    for (const sql of [
      "CREATE CATALOG guarded",
      "CREATE SCHEMA guarded.s",
      "CREATE TABLE guarded.s.filtered (id INT, region STRING)",
      "CREATE TABLE guarded.s.masked (id INT, email STRING, phone STRING)",
      "CREATE TABLE guarded.s.open (id INT)",
      "CREATE FUNCTION guarded.s.eu_only(r STRING) RETURNS BOOLEAN RETURN r = 'EU'",
      "CREATE FUNCTION guarded.s.redact(v STRING) RETURNS STRING RETURN '***'",
      "CREATE FUNCTION guarded.s.hide(v STRING) RETURNS STRING RETURN NULL",
      "ALTER TABLE guarded.s.filtered SET ROW FILTER guarded.s.eu_only ON (region)",
      "ALTER TABLE guarded.s.masked ALTER COLUMN email SET MASK guarded.s.redact",
      "ALTER TABLE guarded.s.masked ALTER COLUMN phone SET MASK guarded.s.hide",
    ]) {
      await wh.execute(sql);
    }
    const from = readStatementLog(dir).length;
    const src = await discoverSource(wh, "guarded");
    expect(readStatementLog(dir).length - from).toBe(1); // schemas folded into the listing (issue 13)
    const byName = Object.fromEntries(src.tables.map((t) => [t.name, t]));
    expect(byName.filtered.policies).toEqual({ rowFilter: "guarded.s.eu_only", maskedColumns: 0, maskFunction: null });
    // Two masked columns, one row; the first mask function by name stands for them.
    expect(byName.masked.policies).toEqual({ rowFilter: null, maskedColumns: 2, maskFunction: "guarded.s.hide" });
    expect(byName.open).not.toHaveProperty("policies");
    expect(src.tables.map((t) => t.name)).toEqual(["filtered", "masked", "open"]);
    // The destination's listing reads them the same way.
    expect((await discoverDestination(wh, "guarded")).tables.find((t) => t.name === "filtered")!.policies?.rowFilter).toBe("guarded.s.eu_only");
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
        if (sql.startsWith("SELECT catalog_name")) return rows.catalogs ?? []; // findCatalog, asked only after the listing failed
        throw new WarehouseError({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", message: "[TABLE_OR_VIEW_NOT_FOUND] x SQLSTATE: 42P01" });
      },
      async close() {},
    };
    expect((await discoverDestination(probe, "qa")).exists).toBe(false);
    rows.catalogs = [{ catalog_name: "qa" }];
    await expect(discoverDestination(probe, "qa")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it("reads the destination's owner tags (catalog, schemas; the catalog's comment) in its one listing statement", async () => {
    await wh.execute("CREATE CATALOG dst COMMENT 'made here [catalog_clone_owner=p/one]'");
    await wh.execute("CREATE SCHEMA dst.mine");
    await wh.execute("CREATE SCHEMA dst.theirs");
    await wh.execute("ALTER SCHEMA dst.mine SET TAGS ('catalog_clone_owner' = 'p/one')");
    await wh.execute("ALTER SCHEMA dst.theirs SET TAGS ('catalog_clone_owner' = 'p/two', 'team' = 'x')");
    await wh.execute("ALTER CATALOG dst SET TAGS ('catalog_clone_owner' = 'p/one')");
    // Another catalog's tags (catalog_tags / schema_tags list the whole metastore on Databricks) must not leak in.
    await wh.execute("CREATE SCHEMA prod.mine");
    await wh.execute("ALTER SCHEMA prod.mine SET TAGS ('catalog_clone_owner' = 'p/other')");
    await wh.execute("ALTER CATALOG prod SET TAGS ('catalog_clone_owner' = 'p/other')");
    const from = readStatementLog(dir).length;
    const d = await discoverDestination(wh, "dst");
    expect(readStatementLog(dir).length - from).toBe(1); // schemas folded into the listing (issue 13)
    expect(d.schemas).toEqual(["default", "mine", "theirs"]);
    expect(d.markers).toEqual({ catalogTag: "p/one", catalogComment: "made here [catalog_clone_owner=p/one]", schemaTags: { mine: "p/one", theirs: "p/two" } });
    const bare = await discoverDestination(wh, "prod");
    expect(bare.markers).toEqual({ catalogTag: "p/other", catalogComment: null, schemaTags: { mine: "p/other" } });
  });

  it("reads table markers with one SHOW TBLPROPERTIES per asked table; a table dropped since reads as gone", async () => {
    await wh.execute("CREATE TABLE dst.mine.ours (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'p/one', 'catalog_clone.source' = 'prod.mine.ours')");
    await wh.execute("CREATE TABLE dst.mine.scratch (id INT)");
    const from = readStatementLog(dir).length;
    const asked = [
      { schema: "mine", name: "ours" },
      { schema: "mine", name: "scratch" },
      { schema: "mine", name: "dropped" },
    ];
    const markers = await discoverTableMarkers(wh, "dst", asked);
    expect(readStatementLog(dir).slice(from).map((e) => e.statement)).toHaveLength(3);
    expect(Object.fromEntries(markers)).toEqual({
      "mine.ours": { kind: "read", owner: "p/one", source: "prod.mine.ours" },
      "mine.scratch": { kind: "read", owner: null, source: null },
      "mine.dropped": { kind: "gone" },
    });
    expect((await discoverTableMarkers(wh, "dst", [])).size).toBe(0);
  });

  it("a table whose properties the principal may not read is unreadable; any other failure fails discovery", async () => {
    await expect(discoverTableMarkers(new FailingWarehouse("INSUFFICIENT_PERMISSIONS"), "qa", [{ schema: "s", name: "t" }])).resolves.toEqual(
      new Map([["s.t", { kind: "unreadable", reason: "INSUFFICIENT_PERMISSIONS" }]]),
    );
    await expect(discoverTableMarkers(new FailingWarehouse("TEMPORARILY_UNAVAILABLE"), "qa", [{ schema: "s", name: "t" }])).rejects.toThrow(/TEMPORARILY_UNAVAILABLE/);
  });
});
