/**
 * A source catalog holding a Parquet table (external, as Unity Catalog requires for non-Delta formats):
 * it has no Delta history (DESCRIBE HISTORY / VERSION AS OF fail with DELTA_ONLY_OPERATION /
 * UNSUPPORTED_FEATURE.TIME_TRAVEL on Databricks and on the embedded engine), so the clone skips it with
 * the reason and clones the Delta tables; `up` does not fail on it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

describe("CatalogClone with a Parquet source table", () => {
  it("skips the Parquet table with NOT_DELTA and its way out; the Delta tables clone and validate", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await fx.sql("CREATE TABLE prod.sales.landing (id BIGINT, payload STRING) USING PARQUET LOCATION 's3://landing/sales'");
    await fx.sql("INSERT INTO prod.sales.landing VALUES (1, 'a'), (2, 'b')");

    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true, checksums: true } });
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    const report = up.outputs.report as any;
    const landing = report.skipped.find((s: any) => s.name === "sales.landing");
    expect(landing).toMatchObject({ reason: "NOT_DELTA" });
    expect(landing.detail).toContain("CONVERT TO DELTA");
    expect((await fx.tablesOf("qa")).map((t) => t.name)).toEqual(["hr.people", "sales.items", "sales.orders"]);
    expect(report.validation.mismatchedTables).toEqual([]);
  });
});
