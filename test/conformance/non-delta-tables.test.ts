/**
 * Conformance: Parquet and Iceberg tables in Unity Catalog. Managed tables are Delta (or Iceberg), so a
 * managed USING PARQUET table is refused; history, time travel, RESTORE and OPTIMIZE are Delta-only;
 * DEEP CLONE of a Parquet table (no time travel) makes a Delta table ("Incrementally clone Parquet and
 * Iceberg tables to Delta Lake"), SHALLOW clone in Unity Catalog needs a Delta source.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await ws.sql("CREATE CATALOG prod");
  await ws.sql("CREATE SCHEMA prod.raw");
  await ws.sql("CREATE TABLE prod.raw.events (id INT, kind STRING) USING PARQUET LOCATION 's3://landing/events'");
  await ws.sql("INSERT INTO prod.raw.events VALUES (1, 'a'), (2, 'b')");
});
afterEach(async () => { await ws.cleanup(); });

describe("managed tables are Delta in Unity Catalog (create-tables: 'Managed tables always use the Delta table format')", () => {
  it("CREATE TABLE ... USING PARQUET|CSV|JSON without LOCATION fails with INVALID_PARAMETER_VALUE.MANAGED_TABLE_FORMAT", async () => {
    for (const stmt of [
      "CREATE TABLE prod.raw.m (id INT) USING PARQUET",
      "CREATE TABLE prod.raw.m (id INT) USING CSV",
      "CREATE TABLE prod.raw.m (id INT) USING JSON",
      "CREATE TABLE prod.raw.m USING PARQUET AS SELECT 1 AS id",
      "CREATE OR REPLACE TABLE prod.raw.events (id INT) USING PARQUET",
    ]) {
      expect((await ws.fails(stmt)).errorClass, stmt).toBe("INVALID_PARAMETER_VALUE.MANAGED_TABLE_FORMAT");
    }
    expect(ws.wh.context.readMeta().tables["prod.raw.m"]).toBeUndefined();
  });

  it("an external Parquet table (LOCATION) and managed Delta / Iceberg tables are accepted", async () => {
    await ws.sql("CREATE TABLE prod.raw.d (id INT)");
    await ws.sql("CREATE TABLE prod.raw.i (id INT) USING ICEBERG");
    const rows = await ws.sql("SELECT table_name, table_type, data_source_format FROM prod.information_schema.tables WHERE table_schema = 'raw' ORDER BY table_name");
    expect(rows).toEqual([
      { table_name: "d", table_type: "MANAGED", data_source_format: "DELTA" },
      { table_name: "events", table_type: "EXTERNAL", data_source_format: "PARQUET" },
      { table_name: "i", table_type: "MANAGED", data_source_format: "ICEBERG" },
    ]);
  });
});

describe("history, time travel, RESTORE and OPTIMIZE are Delta-only", () => {
  it("DESCRIBE HISTORY of a Parquet table fails with DELTA_ONLY_OPERATION (0AKDD), also as a subquery", async () => {
    const e = await ws.fails("DESCRIBE HISTORY prod.raw.events");
    expect(e.errorClass).toBe("DELTA_ONLY_OPERATION");
    expect(e.sqlState).toBe("0AKDD");
    expect(e.message).toContain("DESCRIBE HISTORY is only supported for Delta tables.");
    expect((await ws.fails("SELECT max(version) AS v FROM (DESCRIBE HISTORY prod.raw.events LIMIT 1)")).errorClass).toBe("DELTA_ONLY_OPERATION");
  });

  it("VERSION AS OF / TIMESTAMP AS OF / @v on a Parquet table fail with UNSUPPORTED_FEATURE.TIME_TRAVEL (GUESS: Spark's class)", async () => {
    for (const stmt of [
      "SELECT * FROM prod.raw.events VERSION AS OF 0",
      "SELECT * FROM prod.raw.events TIMESTAMP AS OF '2020-01-01'",
      "SELECT * FROM prod.raw.events@v0",
      "SELECT count(*) FROM prod.raw.events FOR VERSION AS OF 1",
    ]) {
      expect((await ws.fails(stmt)).errorClass, stmt).toBe("UNSUPPORTED_FEATURE.TIME_TRAVEL");
    }
    expect(await ws.sql("SELECT count(*) AS n FROM prod.raw.events")).toEqual([{ n: 2 }]); // plain reads work
  });

  it("RESTORE and OPTIMIZE of a Parquet table fail with DELTA_ONLY_OPERATION (GUESS: same class as DESCRIBE HISTORY)", async () => {
    expect((await ws.fails("RESTORE TABLE prod.raw.events TO VERSION AS OF 0")).errorClass).toBe("DELTA_ONLY_OPERATION");
    expect((await ws.fails("OPTIMIZE prod.raw.events")).errorClass).toBe("DELTA_ONLY_OPERATION");
  });

  it("a managed Iceberg table is refused the same Delta-only operations (GUESS for managed Iceberg)", async () => {
    await ws.sql("CREATE TABLE prod.raw.i (id INT) USING ICEBERG");
    expect((await ws.fails("DESCRIBE HISTORY prod.raw.i")).errorClass).toBe("DELTA_ONLY_OPERATION");
    expect((await ws.fails("SELECT * FROM prod.raw.i VERSION AS OF 0")).errorClass).toBe("UNSUPPORTED_FEATURE.TIME_TRAVEL");
  });
});

describe("cloning a Parquet table (clone-parquet: 'Incrementally clone Parquet and Iceberg tables to Delta Lake')", () => {
  it("DEEP CLONE of the current Parquet table makes a Delta table with its own CLONE history and the same rows", async () => {
    await ws.sql("CREATE CATALOG qa");
    await ws.sql("CREATE SCHEMA qa.raw");
    const [m] = await ws.sql("CREATE TABLE qa.raw.events DEEP CLONE prod.raw.events");
    expect(m.num_copied_files).toBeGreaterThan(0);
    const [t] = await ws.sql("SELECT table_type, data_source_format FROM qa.information_schema.tables WHERE table_name = 'events'");
    expect(t).toEqual({ table_type: "MANAGED", data_source_format: "DELTA" });
    expect((await ws.sql("DESCRIBE HISTORY qa.raw.events")).map((r) => r.operation)).toEqual(["CLONE"]);
    expect(await ws.sql("SELECT * FROM qa.raw.events ORDER BY id")).toEqual([{ id: 1, kind: "a" }, { id: 2, kind: "b" }]);
  });

  it("a DEEP CLONE pinned with VERSION AS OF is refused (the Parquet source has no versions); SHALLOW needs a Delta source", async () => {
    await ws.sql("CREATE CATALOG qa");
    await ws.sql("CREATE SCHEMA qa.raw");
    expect((await ws.fails("CREATE TABLE qa.raw.e1 DEEP CLONE prod.raw.events VERSION AS OF 0")).errorClass).toBe("UNSUPPORTED_FEATURE.TIME_TRAVEL");
    expect((await ws.fails("CREATE TABLE qa.raw.e2 SHALLOW CLONE prod.raw.events")).errorClass).toBe("DELTA_CLONE_UNSUPPORTED_SOURCE");
  });
});
