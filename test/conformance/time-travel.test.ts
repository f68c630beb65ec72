import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.t", 2); // v0 create, v1 insert 2 rows
  await ws.sql("INSERT INTO prod.sales.t VALUES (3, 'n3')"); // v2
});
afterEach(async () => { await ws.cleanup(); });

const count = async (from: string) => (await ws.sql(`SELECT count(*) AS n FROM ${from}`))[0].n;

describe("time travel reads (reference §2.4)", () => {
  it("VERSION AS OF n reads the table as of that version", async () => {
    expect(await count("prod.sales.t VERSION AS OF 0")).toBe(0);
    expect(await count("prod.sales.t VERSION AS OF 1")).toBe(2);
    expect(await count("prod.sales.t VERSION AS OF 2")).toBe(3);
  });

  it("the @v<n> suffix is the same as VERSION AS OF n", async () => {
    expect(await count("prod.sales.t@v1")).toBe(2);
  });

  it("FOR SYSTEM_VERSION AS OF is accepted as a synonym", async () => {
    expect(await count("prod.sales.t FOR SYSTEM_VERSION AS OF 1")).toBe(2);
  });

  it("TIMESTAMP AS OF picks the latest version committed at or before the timestamp", async () => {
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    const v1 = (h.find((r) => r.version === 1)!.timestamp as Date).toISOString().replace("T", " ").replace("Z", "");
    expect(await count(`prod.sales.t TIMESTAMP AS OF '${v1}'`)).toBe(2);
  });

  it("a TIMESTAMP AS OF literal may carry its zone (Spark's zone_id: Z or ±HH:mm); without one it is read in the session time zone", async () => {
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    const at = (h.find((r) => r.version === 1)!.timestamp as Date).getTime();
    const text = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
    expect(await count(`prod.sales.t TIMESTAMP AS OF '${text(at)}Z'`)).toBe(2);
    // The same instant written two hours ahead with a +02:00 offset.
    expect(await count(`prod.sales.t TIMESTAMP AS OF '${text(at + 2 * 3600_000)}+02:00'`)).toBe(2);
  });

  it("a malformed TIMESTAMP AS OF literal is CAST_INVALID_INPUT, not read leniently", async () => {
    expect((await ws.fails("SELECT * FROM prod.sales.t TIMESTAMP AS OF 'Jan 1 2024'")).errorClass).toBe("CAST_INVALID_INPUT");
  });

  it("the @yyyyMMddHHmmssSSS suffix is a timestamp", async () => {
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    const d = h.find((r) => r.version === 1)!.timestamp as Date;
    const s = d.toISOString().replace(/[-:TZ.]/g, "");
    expect(await count(`prod.sales.t@${s}`)).toBe(2);
  });

  it("TIMESTAMP AS OF accepts a constant expression (evaluated once), e.g. current_timestamp() - INTERVAL 1 DAY", async () => {
    expect((await ws.fails("SELECT * FROM prod.sales.t TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY")).errorClass).toBe("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION");
    expect((await ws.fails("SELECT * FROM prod.sales.t TIMESTAMP AS OF current_timestamp() x")).errorClass).toBe("DELTA_TIMESTAMP_GREATER_THAN_COMMIT");
    const h = await ws.sql("DESCRIBE HISTORY prod.sales.t");
    const v1 = (h.find((r) => r.version === 1)!.timestamp as Date).toISOString().replace("T", " ").replace("Z", "");
    expect(await ws.sql(`SELECT count(*) AS n FROM prod.sales.t FOR SYSTEM_TIME AS OF CAST('${v1}' AS TIMESTAMP) + INTERVAL 0 SECONDS x WHERE x.id > 0`)).toEqual([{ n: 2 }]);
  });

  it("a version beyond the latest fails with DELTA_VERSION_NOT_FOUND and lists the available range", async () => {
    const e = await ws.fails("SELECT * FROM prod.sales.t VERSION AS OF 7");
    expect(e.errorClass).toBe("DELTA_VERSION_NOT_FOUND");
    expect(e.sqlState).toBe("22003");
    expect(e.message).toContain("Cannot time travel Delta table to version 7. Available versions: [0, 2].");
  });

  it("a timestamp after the latest commit fails with DELTA_TIMESTAMP_GREATER_THAN_COMMIT (42816)", async () => {
    const e = await ws.fails("SELECT * FROM prod.sales.t TIMESTAMP AS OF '2999-01-01 00:00:00'");
    expect(e.errorClass).toBe("DELTA_TIMESTAMP_GREATER_THAN_COMMIT");
    expect(e.sqlState).toBe("42816");
  });

  it("a timestamp before the first commit fails with DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", async () => {
    expect((await ws.fails("SELECT * FROM prod.sales.t TIMESTAMP AS OF '2000-01-01'")).errorClass).toBe("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION");
  });

  it("time travel reads the schema of that version (columns added later are absent)", async () => {
    await ws.sql("ALTER TABLE prod.sales.t ADD COLUMNS (qty INT)");
    const cols = Object.keys((await ws.sql("SELECT * FROM prod.sales.t VERSION AS OF 1"))[0]);
    expect(cols).toEqual(["id", "name"]);
  });

  it("time travel works inside joins and subqueries (diff of two versions)", async () => {
    const rows = await ws.sql("SELECT id FROM prod.sales.t VERSION AS OF 2 WHERE id NOT IN (SELECT id FROM prod.sales.t VERSION AS OF 1)");
    expect(rows).toEqual([{ id: 3 }]);
  });
});
