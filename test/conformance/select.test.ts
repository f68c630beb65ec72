import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace();
  await seedTable(ws, "prod.sales.orders", 4);
  await ws.sql("CREATE TABLE prod.sales.customers (id BIGINT, region STRING)");
  await ws.sql("INSERT INTO prod.sales.customers VALUES (1, 'eu'), (2, 'us'), (3, 'eu')");
});
afterAll(async () => { await ws.cleanup(); });

describe("SELECT (Spark SQL rewritten for the embedded engine)", () => {
  it("resolves 3-part, 2-part (current catalog) and 1-part (current schema) names", async () => {
    expect(await ws.sql("SELECT count(*) AS n FROM prod.sales.orders")).toEqual([{ n: 4 }]);
    await ws.sql("USE CATALOG prod");
    expect(await ws.sql("SELECT count(*) AS n FROM sales.orders")).toEqual([{ n: 4 }]);
    await ws.sql("USE SCHEMA sales");
    expect(await ws.sql("SELECT count(*) AS n FROM orders")).toEqual([{ n: 4 }]);
    await ws.sql("USE CATALOG main");
  });

  it("backtick identifiers and table aliases work in joins and aggregates", async () => {
    const rows = await ws.sql(
      "SELECT c.`region` AS region, count(*) AS n FROM `prod`.`sales`.`orders` o JOIN prod.sales.customers AS c ON o.id = c.id GROUP BY c.region ORDER BY region",
    );
    expect(rows).toEqual([{ region: "eu", n: 2 }, { region: "us", n: 1 }]);
  });

  it("table names double as qualifiers when no alias is given", async () => {
    expect(await ws.sql("SELECT orders.id FROM prod.sales.orders WHERE orders.id = 2")).toEqual([{ id: 2 }]);
  });

  it("CTEs and subqueries, including IN (SELECT ...) over another table", async () => {
    const rows = await ws.sql(
      "WITH eu AS (SELECT id FROM prod.sales.customers WHERE region = 'eu') SELECT id FROM prod.sales.orders WHERE id IN (SELECT id FROM eu) ORDER BY id",
    );
    expect(rows).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it("comma joins in FROM resolve every table", async () => {
    const rows = await ws.sql("SELECT count(*) AS n FROM prod.sales.orders o, prod.sales.customers c WHERE o.id = c.id");
    expect(rows).toEqual([{ n: 3 }]);
  });

  it("validation functions: count/sum/avg/min/max/bit_xor, xxhash64, hash, md5, sha1, sha2, crc32, concat_ws, coalesce, cast", async () => {
    const [r] = await ws.sql(
      "SELECT count(*) AS n, sum(id) AS s, avg(id) AS a, min(name) AS mn, max(name) AS mx, " +
        "bit_xor(xxhash64(concat_ws('|', cast(id AS STRING), coalesce(name, '')))) AS x, " +
        "max(typeof(hash(id))) AS ht, bool_and(md5(name) IS NOT NULL) AS m, max(length(sha1(name))) AS l1, max(length(sha2(name, 256))) AS l2, max(length(sha2(name, 512))) AS l5, bool_and(crc32(name) >= 0) AS c " +
        "FROM prod.sales.orders",
    );
    expect(r).toMatchObject({ n: 4, s: 10, a: 2.5, mn: "n1", mx: "n4", ht: "INTEGER", m: true, l1: 40, l2: 64, l5: 128, c: true });
    expect(typeof r.x === "number" || typeof r.x === "string").toBe(true);
  });

  it("checksums are deterministic across runs (same data → same bit_xor(xxhash64))", async () => {
    const q = "SELECT bit_xor(xxhash64(id, name)) AS h FROM prod.sales.orders";
    expect(await ws.sql(q)).toEqual(await ws.sql(q));
  });

  it("concat returns NULL when any argument is NULL, like Spark", async () => {
    expect(await ws.sql("SELECT concat('a', NULL) AS c, concat('a', 'b') AS d")).toEqual([{ c: null, d: "ab" }]);
  });

  it("is_account_group_member() and current_user() evaluate for masking expressions", async () => {
    const [r] = await ws.sql("SELECT CASE WHEN is_account_group_member('admins') THEN 'clear' ELSE 'masked' END AS m, current_user() = 'tester@example.com' AS me");
    expect(r).toEqual({ m: "clear", me: true });
  });

  it("DESCRIBE HISTORY works as a subquery: SELECT max(version) FROM (DESCRIBE HISTORY t LIMIT 1)", async () => {
    expect(await ws.sql("SELECT max(version) AS v FROM (DESCRIBE HISTORY prod.sales.orders LIMIT 1)")).toEqual([{ v: 1 }]);
  });

  it("several tables' versions in one statement via UNION ALL of DESCRIBE HISTORY subqueries (reference §3.1 option b)", async () => {
    const rows = await ws.sql(
      "SELECT 'orders' AS t, max(version) AS v FROM (DESCRIBE HISTORY prod.sales.orders LIMIT 1) UNION ALL SELECT 'customers', max(version) FROM (DESCRIBE HISTORY prod.sales.customers LIMIT 1)",
    );
    expect(rows).toEqual([{ t: "orders", v: 1 }, { t: "customers", v: 1 }]);
  });

  it("views expand recursively and resolve names in the namespace they were created in", async () => {
    await ws.sql("USE CATALOG prod");
    await ws.sql("USE SCHEMA sales");
    await ws.sql("CREATE VIEW v1 AS SELECT id FROM orders WHERE id > 1");
    await ws.sql("CREATE VIEW prod.sales.v2 AS SELECT count(*) AS n FROM v1");
    await ws.sql("USE CATALOG main");
    expect(await ws.sql("SELECT n FROM prod.sales.v2")).toEqual([{ n: 3 }]);
  });

  it("SELECT * EXCEPT (col) drops the listed columns", async () => {
    expect(await ws.sql("SELECT * EXCEPT (name) FROM prod.sales.orders WHERE id = 1")).toEqual([{ id: 1 }]);
  });

  it("value conventions: BIGINT as number, DATE as YYYY-MM-DD, TIMESTAMP as Date, MAP as object, ARRAY as array", async () => {
    const [r] = await ws.sql("SELECT CAST(5 AS BIGINT) AS b, DATE'2024-01-02' AS d, TIMESTAMP'2024-01-02 03:04:05' AS ts, map('k', 'v') AS m, array(1, 2) AS a");
    expect(r.b).toBe(5);
    expect(r.d).toBe("2024-01-02");
    expect(r.ts).toBeInstanceOf(Date);
    expect((r.ts as Date).toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(r.m).toEqual({ k: "v" });
    expect(r.a).toEqual([1, 2]);
  });

  it("a non-aggregated column outside GROUP BY fails with MISSING_AGGREGATION (42803)", async () => {
    expect((await ws.fails("SELECT id, count(*) FROM prod.sales.orders")).errorClass).toBe("MISSING_AGGREGATION");
  });

  it("an unknown column fails with UNRESOLVED_COLUMN (42703)", async () => {
    const e = await ws.fails("SELECT nope FROM prod.sales.orders");
    expect(e.errorClass).toMatch(/^UNRESOLVED_COLUMN/);
    expect(e.sqlState).toBe("42703");
  });

  it("TABLE t is SELECT * FROM t", async () => {
    expect(await ws.sql("TABLE prod.sales.customers")).toHaveLength(3);
  });
});

describe("large information_schema relations (loaded with the DuckDB appender)", () => {
  it("a 150-table catalog answers information_schema.tables in one query with correct types", async () => {
    const big = await tempWorkspace();
    try {
      await big.sql("CREATE CATALOG wide");
      await big.sql("CREATE SCHEMA wide.s");
      for (let i = 0; i < 150; i++) await big.sql(`CREATE TABLE wide.s.t${i} (id INT)`);
      const rows = await big.sql(
        "SELECT count(*) AS n, min(last_altered) <= max(last_altered) AS ordered, max(table_type) AS ty FROM wide.information_schema.tables WHERE table_schema = 's'",
      );
      expect(rows).toEqual([{ n: 150, ordered: true, ty: "MANAGED" }]);
      const [one] = await big.sql("SELECT table_name, last_altered FROM wide.information_schema.tables WHERE table_name = 't7'");
      expect(one.table_name).toBe("t7");
      expect(one.last_altered).toBeInstanceOf(Date);
    } finally {
      await big.cleanup();
    }
  });
});

describe("result column names", () => {
  it("an unaliased count(*) is named count(1), as Spark names it", async () => {
    const w2 = await tempWorkspace();
    try {
      await seedTable(w2, "prod.sales.t", 2);
      expect(await w2.sql("SELECT count(*) FROM prod.sales.t")).toEqual([{ "count(1)": 2 }]);
      expect(await w2.sql("SELECT name, count(*) FROM prod.sales.t GROUP BY name ORDER BY name")).toEqual([{ name: "n1", "count(1)": 1 }, { name: "n2", "count(1)": 1 }]);
    } finally {
      await w2.cleanup();
    }
  });
});
