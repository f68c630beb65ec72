/**
 * DuckEngine.keepWarm: a closed session's DuckDB instance serves the next one only when it holds no
 * table or view, so no session sees what an earlier one left in DuckDB.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DuckEngine } from "../duck/duckEngine";

/** The DuckDB instance behind an engine (private: identity is what reuse means). */
const instanceOf = (e: DuckEngine) => (e as unknown as { instance: object }).instance;

afterEach(() => DuckEngine.keepWarm(0));

describe("warm DuckDB instances", () => {
  it("are not kept by default", async () => {
    const a = await DuckEngine.create();
    a.close();
    const b = await DuckEngine.create();
    expect(instanceOf(b)).not.toBe(instanceOf(a));
    b.close();
  });

  it("serve the next session when asked for, with the macros and the time zone of a fresh one", async () => {
    DuckEngine.keepWarm(1);
    const a = await DuckEngine.create();
    await a.query("SELECT 1 AS one");
    a.close();
    const b = await DuckEngine.create();
    expect(instanceOf(b)).toBe(instanceOf(a));
    expect(await b.query("SELECT spark_nvl(NULL, 2) AS v, current_setting('TimeZone') AS tz")).toEqual([{ v: 2, tz: "UTC" }]);
    b.close();
  });

  it("are not reused when a table or view was left behind, temporary ones included", async () => {
    DuckEngine.keepWarm(3);
    for (const leak of ["CREATE TABLE left_behind AS SELECT 1 AS x", "CREATE TEMP TABLE left_behind AS SELECT 1 AS x", "CREATE VIEW left_behind AS SELECT 1 AS x"]) {
      const a = await DuckEngine.create();
      await a.withConnection((c) => c.run(leak));
      a.close();
      const b = await DuckEngine.create();
      expect(instanceOf(b), leak).not.toBe(instanceOf(a));
      await expect(b.query("SELECT * FROM left_behind")).rejects.toThrow();
      b.close();
    }
  });

  it("are not kept while a statement still runs on them", async () => {
    DuckEngine.keepWarm(1);
    const a = await DuckEngine.create();
    let release!: () => void;
    const running = a.withConnection(() => new Promise<void>((r) => (release = r)));
    a.close();
    release();
    await running;
    const b = await DuckEngine.create();
    expect(instanceOf(b)).not.toBe(instanceOf(a));
    b.close();
  });
});
