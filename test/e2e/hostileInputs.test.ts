/**
 * Inputs an attacker or a typo controls (issue 8 §4), through the harness with the root program: each
 * fails with a clear, field-named error before any write (or, for hostile table names, does not slow
 * preview down at all); legal but unusual source names (a schema named `2024_sales`) are cloned.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const READ_ONLY = /^\s*(SELECT|DESCRIBE|SHOW)\b/i;

describe("inputs an attacker or a typo controls", () => {
  it(
    "a nested-quantifier scope pattern against a hostile 40-character table name does not hold preview (a backtracking engine would need ~2^40 steps)",
    async () => {
      fx = new CloneFixture();
      await fx.seedProd();
      const hostile = "a".repeat(38) + "_x";
      await fx.sql(`CREATE TABLE prod.sales.${hostile} (id INT)`);
      const preview = await fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:scope": { excludeTables: "^(a+)+$" } })).preview();
      expect(preview.errors).toEqual([]);
      expect(preview.steps.filter((s) => s.type.endsWith("catalog-clone:Table")).map((s) => s.name).sort()).toEqual([
        "qa/hr.people",
        `qa/sales.${hostile}`,
        "qa/sales.items",
        "qa/sales.orders",
      ]);
    },
    60_000,
  );

  it(
    "a source schema whose name starts with a digit (2024_sales, legal unquoted in Databricks) is cloned, kept in sync on a source write, and destroyed",
    async () => {
      fx = new CloneFixture();
      for (const s of [
        "CREATE CATALOG prod",
        "CREATE SCHEMA prod.2024_sales",
        "CREATE TABLE prod.2024_sales.orders (id INT, 1st_item STRING)",
        "INSERT INTO prod.2024_sales.orders VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO prod.2024_sales.orders VALUES (3, 'c')",
      ]) {
        await fx.sql(s);
      }
      const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true } });
      const from = fx.statementCount();
      const up = await fx.stack("qa", config).up();
      expect(up.errors).toEqual([]);
      expect(up.steps.filter((s) => s.type.endsWith("catalog-clone:Table")).map((s) => [s.name, s.op])).toEqual([["qa/2024_sales.orders", "create"]]);
      expect(await fx.tablesOf("qa")).toEqual([{ name: "2024_sales.orders", type: "MANAGED" }]);
      expect(await fx.rows("qa.2024_sales.orders")).toEqual(await fx.rows("prod.2024_sales.orders"));
      // The library writes every name part quoted, whatever it looks like.
      const clones = fx.statementsSince(from).filter((s) => /\bCLONE\b/.test(s));
      expect(clones).toHaveLength(1);
      expect(clones[0]).toMatch(/^CREATE TABLE `qa`\.`2024_sales`\.`orders` DEEP CLONE `prod`\.`2024_sales`\.`orders` TBLPROPERTIES /);

      // A source write is seen (last_altered and history of the digit-led schema) and re-cloned.
      await fx.sql("INSERT INTO prod.2024_sales.orders VALUES (4, 'd')");
      const again = await fx.stack("qa", config).up();
      expect(again.errors).toEqual([]);
      expect(await fx.ids("qa.2024_sales.orders")).toEqual([1, 2, 3, 4]);

      const destroy = await fx.stack("qa", config).destroy();
      expect(destroy.errors).toEqual([]);
      expect(await fx.catalogs()).not.toContain("qa");
      expect(await fx.ids("prod.2024_sales.orders")).toEqual([1, 2, 3, 4]);
    },
    120_000,
  );

  it("a pattern only a backtracking engine accepts (look-ahead) is refused naming the field, before any SQL", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:scope": { includeTables: "^(?!tmp_)" } })).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("catalog-clone:scope.includeTables: scope.includeTables is not a valid regular expression: invalid or unsupported Perl syntax: `(?!`");
    expect(fx.statementsSince(from)).toEqual([]);
  });

  it("a destination name with a zero-width space is refused, shown escaped, before any SQL", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa\u200b", "DEEP")).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain('catalog-clone:destinationCatalog: destination.catalog "qa\\u200b" contains the invisible character U+200B ZERO WIDTH SPACE at position 3');
    expect(fx.statementsSince(from)).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });

  it("a scope that excludes every table fails before any write instead of creating an empty catalog", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:scope": { includeTables: "^sales\\.orders$" } });
    for (const run of [() => fx.stack("qa", config).preview(), () => fx.stack("qa", config).up()]) {
      const r = await run();
      expect(r.failed).toBe(true);
      expect(r.errors.join("\n")).toContain('CatalogClone "qa": scope leaves no table to clone from source catalog "prod": it excluded 6 objects (6 by scope.includeTables /^sales\\.orders$/;');
      expect(r.errors.join("\n")).toContain('match the table name without its schema: "orders", not "sales.orders"');
    }
    expect(fx.statementsSince(from).filter((s) => !READ_ONLY.test(s))).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });

  it("asOf: 5 names the field and shows the accepted shapes", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:asOf": 5 })).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain(
      'catalog-clone:asOf: asOf must be an object: { version: 12 } (a Delta version) or { timestamp: "2026-01-31T23:59:59Z" } (got the number 5). To pin version 5, write asOf: { version: 5 }.',
    );
    expect(fx.statementsSince(from)).toEqual([]);
  });

  it("a missing source catalog is an error naming it, not a serialization error", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const from = fx.statementCount();
    const up = await fx.stack("qa", { ...cloneConfig("qa", "DEEP"), "catalog-clone:sourceCatalog": "prodd" }).up();
    expect(up.failed).toBe(true);
    expect(up.errors[0]).toBe('CatalogClone "qa": source.catalog "prodd" does not exist (or this principal cannot see it); check the name and USE CATALOG privilege.');
    expect(up.errors.join("\n")).not.toMatch(/serializing|\n\s+at /);
    expect(fx.statementsSince(from).filter((s) => !READ_ONLY.test(s))).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });

  it("asOf.version beyond some tables' history fails before any write, naming each table and its versions, with one read-only statement", async () => {
    fx = new CloneFixture();
    await fx.seedProd(); // versions: sales.orders 0-2, sales.items 0-1, hr.people 0-1
    const from = fx.statementCount();
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP", { "catalog-clone:asOf": { version: 2 } })).up();
    expect(up.failed).toBe(true);
    expect(up.errors[0]).toBe(
      'CatalogClone "qa": asOf.version 2 does not exist in 2 of the 3 source tables to clone: hr.people (available versions 0–1), sales.items (available versions 0–1). ' +
        'Nothing was cloned. Pin a version every table has (versions 0–1 exist in every table to clone), pin an instant with asOf: { timestamp: "..." }, ' +
        "or leave these tables out with scope.excludeTables.",
    );
    const statements = fx.statementsSince(from);
    expect(statements.filter((s) => !READ_ONLY.test(s))).toEqual([]);
    expect(statements.filter((s) => /DESCRIBE HISTORY/.test(s))).toHaveLength(1); // one batched statement for all tables
    expect(await fx.catalogs()).not.toContain("qa");

    // A version every table has still clones; a no-drift up after it pays no statement for the check.
    const pinned = cloneConfig("qa", "DEEP", { "catalog-clone:asOf": { version: 1 } });
    const ok = await fx.stack("qa", pinned).up();
    expect(ok.errors).toEqual([]);
    expect(await fx.ids("qa.sales.orders")).toEqual([1, 2]);
    const again = fx.statementCount();
    expect((await fx.stack("qa", pinned).up()).errors).toEqual([]);
    expect(fx.statementsSince(again).filter((s) => /DESCRIBE HISTORY/.test(s))).toEqual([]);
  });
});
