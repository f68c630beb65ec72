import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.t", 2); // v1: 2 rows
  await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'n3')"); // v2
  await ws.sql("DELETE FROM prod.sales.t WHERE id = 1"); // v3
});
afterEach(async () => { await ws.cleanup(); });

describe("RESTORE and VACUUM (reference §2.3, §2.4)", () => {
  it("RESTORE TABLE ... TO VERSION AS OF returns the six restore metrics and adds a RESTORE version", async () => {
    const [m] = await ws.sql("RESTORE TABLE prod.sales.t TO VERSION AS OF 1");
    expect(Object.keys(m)).toEqual(["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"]);
    expect(m).toMatchObject({ num_of_files_after_restore: 1 });
    const [h] = await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 1");
    expect(h).toMatchObject({ version: 4, operation: "RESTORE" });
    expect(h.operationParameters).toMatchObject({ version: "1" });
    expect((await ws.sql("SELECT id FROM prod.sales.t ORDER BY id")).map((r) => r.id)).toEqual([1, 2]);
  });

  it("RESTORE keeps history: the versions after the restore point stay readable", async () => {
    await ws.sql("RESTORE prod.sales.t TO VERSION AS OF 1");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t VERSION AS OF 3")).toEqual([{ n: 2 }]);
    expect((await ws.sql("DESCRIBE HISTORY prod.sales.t")).map((r) => r.version)).toEqual([4, 3, 2, 1, 0]);
  });

  it("RESTORE TO TIMESTAMP AS OF restores the version current at that time", async () => {
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    const ts = (h.find((r) => r.version === 2)!.timestamp as Date).toISOString().replace("T", " ").replace("Z", "");
    await ws.sql(`RESTORE TABLE prod.sales.t TO TIMESTAMP AS OF '${ts}'`);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 3 }]);
  });

  it("RESTORE to a missing version fails with DELTA_CANNOT_RESTORE_TABLE_VERSION", async () => {
    const e = await ws.fails("RESTORE TABLE prod.sales.t TO VERSION AS OF 42");
    expect(e.errorClass).toBe("DELTA_CANNOT_RESTORE_TABLE_VERSION");
    expect(e.message).toContain("Available versions: [0, 3]");
  });

  it("RESTORE to a future timestamp fails with DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER", async () => {
    expect((await ws.fails("RESTORE TABLE prod.sales.t TO TIMESTAMP AS OF '2999-01-01'")).errorClass).toBe("DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER");
  });

  it("VACUUM with the default 7-day retention deletes nothing recent", async () => {
    await ws.sql("VACUUM prod.sales.t");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t VERSION AS OF 1")).toEqual([{ n: 2 }]);
  });

  it("VACUUM ... RETAIN 0 HOURS deletes unreferenced files; time travel to their versions then fails with DELTA_FILE_NOT_FOUND_DETAILED", async () => {
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.t RETAIN 0 HOURS");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t")).toEqual([{ n: 2 }]);
    const e = await ws.fails("SELECT * FROM prod.sales.t VERSION AS OF 1");
    expect(e.errorClass).toBe("DELTA_FILE_NOT_FOUND_DETAILED");
  });

  it("VACUUM logs VACUUM START and VACUUM END versions (Databricks vacuum logging)", async () => {
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.t RETAIN 0 HOURS");
    const ops = (await ws.sql("DESCRIBE HISTORY prod.sales.t LIMIT 2")).map((r) => r.operation);
    expect(ops).toEqual(["VACUUM END", "VACUUM START"]);
  });

  it("VACUUM DRY RUN lists the files it would delete and deletes none", async () => {
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    const files = await ws.sql("VACUUM prod.sales.t RETAIN 0 HOURS DRY RUN");
    expect(files.length).toBeGreaterThan(0);
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.t VERSION AS OF 1")).toEqual([{ n: 2 }]);
  });

  it("RESTORE to a vacuumed version fails because its files are gone", async () => {
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.t RETAIN 0 HOURS");
    expect((await ws.fails("RESTORE TABLE prod.sales.t TO VERSION AS OF 1")).errorClass).toBe("DELTA_FILE_NOT_FOUND_DETAILED");
  });

  it("VACUUM below 168 hours is refused by default (spark.databricks.delta.retentionDurationCheck.enabled defaults to true)", async () => {
    expect((await ws.fails("VACUUM prod.sales.t RETAIN 1 HOURS")).errorClass).toBe("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT");
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = true");
    expect((await ws.fails("VACUUM prod.sales.t RETAIN 1 HOURS")).errorClass).toBe("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT");
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.sales.t RETAIN 1 HOURS");
  });
});
