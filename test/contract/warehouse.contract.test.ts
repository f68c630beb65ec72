/**
 * The Warehouse contract: behaviours every driver must share so handlers work unchanged on the
 * embedded engine and on a Databricks SQL warehouse. The same suite runs against the local engine
 * always, and against a live workspace when DATABRICKS_HOST + DATABRICKS_WAREHOUSE_ID + credentials
 * (DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET) are set; otherwise the live
 * cases are reported as skipped. The live run works in a throwaway catalog (or, when
 * UC_CLONE_TEST_CATALOG names an existing catalog, a throwaway schema in it) and drops it afterwards.
 */
import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteLiteral, quoteName } from "../../provider/sql/quote";
import { createCatalog, dropCatalog } from "../../provider/sql/catalog";
import { createSchema, dropSchema } from "../../provider/sql/schema";
import { cloneTable } from "../../provider/sql/clone";
import { listTables } from "../../provider/sql/discovery";
import { compareTables } from "../../provider/sql/validation";
import { describeHistory } from "../../provider/sql/table";
import { WarehouseError, type Warehouse } from "../../provider/warehouse/warehouse";
import { resolveWarehouseConnection } from "../../provider/warehouse/connectionConfig";
import { WarehousePool } from "../../provider/warehouse/warehousePool";
import { openLocalDriver } from "../../provider/warehouse/localDriver";

interface Scratch {
  warehouse: Warehouse;
  catalog: string;
  schema: string;
  cleanup(): Promise<void>;
}

const suffix = () => randomBytes(4).toString("hex");

/** A scratch catalog with schema `s` on a warehouse whose data lives in `dir`; cleanup runs `close`, then removes `dir`. */
async function localScratchIn(dir: string, warehouse: Warehouse, close: () => Promise<void>): Promise<Scratch> {
  const catalog = `contract_${suffix()}`;
  await warehouse.execute(createCatalog({ name: catalog }));
  await warehouse.execute(createSchema({ catalog, schema: "s" }));
  return {
    warehouse,
    catalog,
    schema: "s",
    async cleanup() {
      await close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function localScratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(tmpdir(), "uc-contract-"));
  const warehouse = await openLocalDriver(dir);
  return localScratchIn(dir, warehouse, () => warehouse.close());
}

/** The same engine reached the way handlers reach it: resolved config → pooled, limited, retrying connect(). */
async function connectedLocalScratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(tmpdir(), "uc-contract-connect-"));
  const conn = resolveWarehouseConnection(undefined, (k) => (k === "catalog-clone:localPath" ? dir : undefined), {});
  const pool = new WarehousePool();
  return localScratchIn(dir, await pool.connect(conn), () => pool.close());
}

const env = process.env;
const live =
  !!env.DATABRICKS_HOST && !!env.DATABRICKS_WAREHOUSE_ID && (!!env.DATABRICKS_TOKEN || (!!env.DATABRICKS_CLIENT_ID && !!env.DATABRICKS_CLIENT_SECRET));

async function liveScratch(): Promise<Scratch> {
  const conn = resolveWarehouseConnection({ kind: "databricks" }, () => undefined, env);
  const pool = new WarehousePool();
  const warehouse = await pool.connect(conn);
  const existing = env.UC_CLONE_TEST_CATALOG;
  const catalog = existing ?? `uc_clone_contract_${suffix()}`;
  const schema = existing ? `uc_clone_contract_${suffix()}` : "s";
  if (!existing) await warehouse.execute(createCatalog({ name: catalog, comment: "pulumi-uc-clone contract test; safe to drop" }));
  await warehouse.execute(createSchema({ catalog, schema }));
  return {
    warehouse,
    catalog,
    schema,
    async cleanup() {
      try {
        if (existing) await warehouse.execute(dropSchema({ catalog, schema }, { cascade: true }));
        else await warehouse.execute(dropCatalog(catalog, { cascade: true }));
      } finally {
        await pool.close();
      }
    },
  };
}

function contract(open: () => Promise<Scratch>): void {
  let s: Scratch;
  const t = (name: string) => quoteName(s.catalog, s.schema, name);

  beforeAll(async () => {
    s = await open();
  }, 600_000);
  afterAll(async () => {
    await s?.cleanup();
  }, 600_000);

  it("runs a statement and returns rows keyed by column name, in select order", async () => {
    const rows = await s.warehouse.execute("SELECT 1 AS one, 'b' AS zeta, 3 AS alpha");
    expect(rows).toEqual([{ one: 1, zeta: "b", alpha: 3 }]);
    expect(Object.keys(rows[0])).toEqual(["one", "zeta", "alpha"]);
  });

  it("returns BIGINT as number, and beyond 2^53 as string", async () => {
    const [r] = await s.warehouse.execute(
      "SELECT CAST(42 AS BIGINT) AS small, CAST(9007199254740993 AS BIGINT) AS big, CAST(-5 AS INT) AS i",
    );
    expect(r).toEqual({ small: 42, big: "9007199254740993", i: -5 });
  });

  it("returns TIMESTAMP as Date, DATE as YYYY-MM-DD, BOOLEAN and NULL natively", async () => {
    const [r] = await s.warehouse.execute(
      "SELECT TIMESTAMP '2024-01-02 03:04:05' AS ts, DATE '2024-02-29' AS d, true AS b, CAST(NULL AS STRING) AS n",
    );
    expect(r.ts).toBeInstanceOf(Date);
    // GUESS (live): the warehouse session time zone is UTC, the SQL-warehouse default.
    expect((r.ts as Date).toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(r.d).toBe("2024-02-29");
    expect(r.b).toBe(true);
    expect(r.n).toBeNull();
  });

  it("returns DECIMAL and DOUBLE as number, MAP as a plain object, ARRAY as an array", async () => {
    const [r] = await s.warehouse.execute(
      "SELECT CAST(12.50 AS DECIMAL(10,2)) AS d, CAST(1.5 AS DOUBLE) AS f, map('a', 1, 'b', 2) AS m, array(3, 1, 2) AS a",
    );
    expect(r).toEqual({ d: 12.5, f: 1.5, m: { a: 1, b: 2 }, a: [3, 1, 2] });
  });

  it("round-trips strings with quotes, backslashes, newlines and unicode through quoteLiteral", async () => {
    const value = "it's a \\ \"quoted\"\nline\ttab é 🚀";
    const [r] = await s.warehouse.execute(`SELECT ${quoteLiteral(value)} AS v`);
    expect(r.v).toBe(value);
  });

  it("returns [] for DDL and DML without a result set", async () => {
    expect(await s.warehouse.execute(`CREATE TABLE ${t("plain")} (id BIGINT, name STRING)`)).toEqual([]);
    await s.warehouse.execute(`INSERT INTO ${t("plain")} VALUES (1, 'a'), (2, ${quoteLiteral("b'c")})`);
    expect(await s.warehouse.execute(`SELECT id, name FROM ${t("plain")} ORDER BY id`)).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b'c" },
    ]);
    expect(await s.warehouse.execute(`DROP TABLE ${t("plain")}`)).toEqual([]);
  });

  it("reports a missing table as TABLE_OR_VIEW_NOT_FOUND / 42P01, not transient", async () => {
    const err = await s.warehouse.execute(`SELECT * FROM ${t("does_not_exist")}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    const e = err as WarehouseError;
    expect(e.errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(e.sqlState).toBe("42P01");
    expect(e.transient).toBe(false);
    expect(e.message).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
  });

  it.each(["SELECT * FROM", "SELECT 1 +"])("reports a syntax error (%s) as PARSE_SYNTAX_ERROR / 42601, not transient", async (sql) => {
    const err = (await s.warehouse.execute(sql).catch((e: unknown) => e)) as WarehouseError;
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(err.sqlState).toBe("42601");
    expect(err.transient).toBe(false);
  });

  it("reports creating an existing table as TABLE_OR_VIEW_ALREADY_EXISTS", async () => {
    await s.warehouse.execute(`CREATE TABLE ${t("dup")} (id INT)`);
    const err = (await s.warehouse.execute(`CREATE TABLE ${t("dup")} (id INT)`).catch((e: unknown) => e)) as WarehouseError;
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.errorClass).toMatch(/^(TABLE_OR_VIEW_ALREADY_EXISTS|DELTA_TABLE_ALREADY_EXISTS)$/);
    expect(err.sqlState).toBe("42P07");
  });

  it("deep-clones with the builders: clone metrics row, discovery lists it, checksums match", async () => {
    const src = { catalog: s.catalog, schema: s.schema, name: "src" };
    const dst = { catalog: s.catalog, schema: s.schema, name: "dst" };
    await s.warehouse.execute(`CREATE TABLE ${t("src")} (id BIGINT, label STRING)`);
    await s.warehouse.execute(`INSERT INTO ${t("src")} VALUES (1, 'x'), (2, 'y'), (2, 'y')`);
    const metrics = await s.warehouse.execute(cloneTable({ target: dst, source: src, cloneType: "DEEP", asOf: { version: 1 } }));
    expect(metrics).toHaveLength(1);
    expect(Object.keys(metrics[0])).toEqual([
      "source_table_size",
      "source_num_of_files",
      "num_removed_files",
      "num_copied_files",
      "removed_files_size",
      "copied_files_size",
    ]);
    const listed = await s.warehouse.execute(listTables(s.catalog));
    expect(listed.filter((r) => r.table_schema === s.schema).map((r) => r.table_name)).toEqual(expect.arrayContaining(["src", "dst"]));
    const cmp = await s.warehouse.execute(compareTables({ source: src, sourceAsOf: { version: 1 }, destination: dst, columns: ["id", "label"] }));
    expect(cmp.map((r) => r.side)).toEqual(["source", "destination"]);
    expect(cmp[0].row_count).toBe(3);
    expect({ ...cmp[1], side: "source" }).toEqual(cmp[0]);
    const [h] = await s.warehouse.execute(describeHistory(dst, 1));
    expect(h.operation).toBe("CLONE");
    expect(typeof h.version).toBe("number");
  });
}

describe("Warehouse contract: local engine", () => {
  contract(localScratch);
});

describe("Warehouse contract: local engine through the warehouse pool", () => {
  contract(connectedLocalScratch);
});

describe.skipIf(!live)("Warehouse contract: live Databricks SQL warehouse", () => {
  contract(liveScratch);
});
