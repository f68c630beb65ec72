/**
 * Masking strategies and the shaped copy (one CREATE TABLE … AS SELECT), run on the embedded engine:
 * the values each strategy writes, and that no version of the destination's history holds a raw value.
 */
import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskExpression, type MaskRule } from "../../../provider/sql/masking";
import { compareShapedCopy, shapedCopyTable } from "../../../provider/sql/shapedCopy";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import type { Warehouse } from "../../../provider/warehouse/warehouse";

const src = { catalog: "prod", schema: "crm", name: "people" };
const dst = { catalog: "qa", schema: "crm", name: "people" };
const RAW = ["ann@example.com", "Annabelle", "123-45-6789", "Al", "b@x.org", "B", "987-65-4321"];

let dir: string;
let w: Warehouse;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "uc-sql-masking-"));
  w = await openLocalDriver(dir);
  for (const s of [
    "CREATE CATALOG prod",
    "CREATE CATALOG qa",
    "CREATE SCHEMA prod.crm",
    "CREATE SCHEMA qa.crm",
    "CREATE TABLE prod.crm.people (id INT, email STRING, name STRING, ssn STRING, region STRING, score DOUBLE) PARTITIONED BY (region)",
    "INSERT INTO prod.crm.people VALUES (1, 'ann@example.com', 'Annabelle', '123-45-6789', 'eu', 1.5), (2, 'b@x.org', 'Al', '987-65-4321', 'us', 2.5), (3, NULL, 'B', NULL, 'us', NULL), (4, 'noat', '', 'x', 'eu', 0.0)",
  ]) {
    await w.execute(s);
  }
});
afterAll(async () => {
  await w.close();
  await rm(dir, { recursive: true, force: true });
});

const select = (rule: MaskRule, column = "name", type = "STRING") => `SELECT id, ${maskExpression(column, type, rule)} AS v FROM prod.crm.people ORDER BY id`;

describe("masking strategies on the engine", () => {
  it("email keeps the domain only", async () => {
    expect((await w.execute(select({ strategy: "email" }, "email"))).map((r) => r.v)).toEqual(["***@example.com", "***@x.org", null, "***"]);
  });
  it("hash is a stable SHA-256 hex", async () => {
    const v = (await w.execute(select({ strategy: "hash" }, "ssn"))).map((r) => r.v);
    expect(v[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(v[2]).toBeNull();
    expect(v[0]).toBe((await w.execute("SELECT sha2('123-45-6789', 256) AS h"))[0].h);
  });
  it("partial shows the tail only of values at least twice as long, and never a short value", async () => {
    expect((await w.execute(select({ strategy: "partial", keepLast: 4 }, "ssn"))).map((r) => r.v)).toEqual(["*******6789", "*******4321", null, "*"]);
    expect((await w.execute(select({ strategy: "partial", keepLast: 2 }))).map((r) => r.v)).toEqual(["*******le", "**", "*", ""]);
  });
  it("redact writes a constant (escaped) and keeps NULL", async () => {
    expect((await w.execute(select({ strategy: "redact", replacement: "it's gone" }, "ssn"))).map((r) => r.v)).toEqual(["it's gone", "it's gone", null, "it's gone"]);
  });
  it("null keeps the column's type", async () => {
    const rows = await w.execute(`SELECT typeof(${maskExpression("score", "DOUBLE", { strategy: "null" })}) AS t`);
    expect(String(rows[0].t).toLowerCase()).toBe("double");
  });
  it("expression runs a validated row expression; anything else is refused", async () => {
    expect((await w.execute(select({ strategy: "expression", expression: "concat(left(name, 1), '.')" }))).map((r) => r.v)).toEqual(["A.", "A.", "B.", "."]);
    expect(() => maskExpression("name", "STRING", { strategy: "expression", expression: "(SELECT max(ssn) FROM prod.crm.people)" }, 'masking["crm.people"].name')).toThrow(
      /masking\["crm\.people"\]\.name.*SELECT/,
    );
    expect(() => maskExpression("name", "STRING", { strategy: "expression" })).toThrow(/needs an expression/);
  });
});

describe("shapedCopyTable", () => {
  it("writes subset + masks + partitioning + properties in ONE statement; no version holds a raw value; validation matches", async () => {
    const columns = [
      { name: "id" },
      { name: "email", expression: maskExpression("email", "STRING", { strategy: "email" }) },
      { name: "name", expression: maskExpression("name", "STRING", { strategy: "partial", keepLast: 4 }) },
      { name: "ssn", expression: maskExpression("ssn", "STRING", { strategy: "hash" }) },
      { name: "region" },
      { name: "score" },
    ];
    const base = { target: dst, source: src, asOf: { version: 1 }, columns, partitionColumns: ["region"], properties: { "delta.appendOnly": "false", "it's": "o'k" } };
    const sql = shapedCopyTable({ ...base, mode: "create", where: "region = 'us' OR id = 1" });
    expect(sql.match(/;/)).toBeNull();
    await w.execute(sql);
    await w.execute(shapedCopyTable({ ...base, mode: "createOrReplace", where: "id <= 2" }));
    const detail = (await w.execute("DESCRIBE DETAIL qa.crm.people"))[0];
    expect(detail.partitionColumns).toEqual(["region"]);
    expect(detail.properties).toMatchObject({ "it's": "o'k" });
    const history = await w.execute("DESCRIBE HISTORY qa.crm.people");
    expect(history.map((h) => h.version)).toEqual([1, 0]);
    for (const h of history) {
      const rows = await w.execute(`SELECT * FROM qa.crm.people VERSION AS OF ${Number(h.version)}`);
      expect(rows.length).toBeGreaterThan(0);
      const text = JSON.stringify(rows);
      for (const raw of RAW) expect(text).not.toContain(`"${raw}"`);
    }
    expect((await w.execute("SELECT id FROM qa.crm.people VERSION AS OF 0 ORDER BY id")).map((r) => r.id)).toEqual([1, 2, 3]);
    const cmp = await w.execute(
      compareShapedCopy({
        source: src,
        sourceAsOf: { version: 1 },
        destination: dst,
        destinationAsOf: { version: 1 },
        where: "id <= 2",
        checksumColumns: [{ name: "id", type: "INT" }, { name: "region", type: "STRING" }, { name: "score", type: "DOUBLE" }],
      }),
    );
    const side = (s: string) => cmp.find((r) => r.side === s)!;
    expect(Number(side("source").row_count)).toBe(2);
    expect(side("source")).toEqual({ ...side("destination"), side: "source" });
  });

  it("schemaOnly copies the columns and partitioning, no rows", async () => {
    await w.execute(
      shapedCopyTable({ target: { ...dst, name: "empty" }, source: src, mode: "create", asOf: { version: 1 }, columns: [{ name: "id" }, { name: "region" }], schemaOnly: true, partitionColumns: ["region"], properties: {} }),
    );
    expect(await w.execute("SELECT * FROM qa.crm.empty")).toEqual([]);
    expect((await w.execute("DESCRIBE DETAIL qa.crm.empty"))[0].partitionColumns).toEqual(["region"]);
  });

  it("refuses a where that is not one expression over the row", () => {
    const a = { target: dst, source: src, mode: "create" as const, columns: [{ name: "id" }], properties: {} };
    expect(() => shapedCopyTable({ ...a, where: "1=1; DROP TABLE prod.crm.people" })).toThrow(/where subset of `prod`.`crm`.`people`/);
    expect(() => shapedCopyTable({ ...a, where: "id IN (SELECT id FROM other.s.t)" })).toThrow(/SELECT/);
  });
});
