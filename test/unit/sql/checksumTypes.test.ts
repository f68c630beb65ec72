/**
 * Validation checksums over column types Spark's hash() refuses (DATATYPE_MISMATCH.HASH_MAP_TYPE /
 * HASH_VARIANT_TYPE): a MAP at any depth and VARIANT. The builder hashes such columns through to_json;
 * the embedded engine refuses them like Databricks, so a builder that converts only top-level maps fails here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { WarehouseError } from "../../../provider/warehouse/warehouse";
import { compareTables, hashNeedsJson, tableChecksum } from "../../../provider/sql/validation";
import { listColumns, type ColumnListingRow } from "../../../provider/sql/discovery";

describe("hashNeedsJson: types hash() refuses", () => {
  it("matches a MAP at any depth and VARIANT, not scalars, map-free nesting or fields merely named map/variant", () => {
    for (const t of ["map<string,int>", "MAP<STRING, INT>", "array<map<string,int>>", "struct<a:int,b:map<string,int>>", "array<struct<x: map<int,int>>>", "variant", "VARIANT", "array<variant>", "struct<a:int,v:variant>"]) {
      expect(hashNeedsJson(t), t).toBe(true);
    }
    for (const t of ["int", "string", "array<int>", "struct<a:int,b:string>", "struct<map:int,variant:string>", "decimal(10,2)", ""]) {
      expect(hashNeedsJson(t), t).toBe(false);
    }
  });
});

describe("checksums of tables holding maps and variants, on the embedded engine", () => {
  let dir: string;
  let w: LocalDriver;
  const src = { catalog: "prod", schema: "s", name: "t" };
  const dst = { catalog: "qa", schema: "s", name: "t" };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-checksum-types-"));
    w = await openLocalDriver(dir);
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await w.execute(s);
    await w.execute("CREATE TABLE prod.s.t (id INT, m MAP<STRING, INT>, am ARRAY<MAP<STRING, INT>>, sm STRUCT<a: INT, b: MAP<STRING, INT>>, v VARIANT)");
    await w.execute("INSERT INTO prod.s.t (id, m, am) VALUES (1, map('k', 1), array(map('x', 2))), (2, map('j', 5), array(map('y', 3), map('z', 4)))");
    await w.execute("CREATE TABLE qa.s.t DEEP CLONE prod.s.t VERSION AS OF 1");
  });
  afterAll(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("hashing the raw columns is refused as on Databricks; the builder's checksum (types from information_schema) works and matches", async () => {
    const cols = ((await w.execute(listColumns("prod"))) as unknown as ColumnListingRow[])
      .filter((c) => c.table_name === "t")
      .map((c) => ({ name: String(c.column_name), type: String(c.full_data_type) }));
    expect(cols.map((c) => c.type)).toEqual(["int", "map<string,int>", "array<map<string,int>>", "struct<a:int,b:map<string,int>>", "variant"]);
    // what a top-level-only conversion would send: ARRAY<MAP> raw
    const naive = tableChecksum({ table: src, columns: cols.map((c) => (c.name === "am" ? c.name : c)) });
    const err = await w.execute(naive).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).errorClass).toBe("DATATYPE_MISMATCH.HASH_MAP_TYPE");

    const [a, b] = await w.execute(compareTables({ source: src, sourceAsOf: { version: 1 }, destination: dst, columns: cols }));
    expect(a).toMatchObject({ side: "source", row_count: 2 });
    expect({ ...b, side: "source" }).toEqual(a);
    await w.execute("INSERT INTO qa.s.t (id, am) VALUES (3, array(map('q', 9)))");
    const [, c] = await w.execute(compareTables({ source: src, sourceAsOf: { version: 1 }, destination: dst, columns: cols }));
    expect(c.hash_sum).not.toBe(a.hash_sum);
  });
});
