/**
 * Scope in the planner (issue 8 §4): table names from discovery are matched with the linear-time
 * engine, and a scope that leaves nothing to clone is refused with what each scope field excluded.
 */
import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs, type CatalogCloneArgs } from "../../../components/catalogClone/args";
import type { DiscoveredCatalog, DiscoveredTable } from "../../../components/catalogClone/discovery";
import { emptyScopeProblem, planClone } from "../../../components/catalogClone/plan";

const T = "2026-01-01T00:00:00.000Z";
const table = (schema: string, name: string, tableType = "MANAGED"): DiscoveredTable => ({ schema, name, tableType, format: tableType === "VIEW" ? null : "DELTA", lastAltered: T });
const cat = (tables: DiscoveredTable[]): DiscoveredCatalog => ({ catalog: "prod", exists: true, schemas: [...new Set(tables.map((t) => t.schema))], tables });
const EMPTY: DiscoveredCatalog = { catalog: "qa", exists: false, schemas: [], tables: [] };
const args = (over: Partial<CatalogCloneArgs> = {}) => resolveCatalogCloneArgs("t", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", ...over });

/** A discovered table name that counts the characters the planner's pattern matching reads. */
class CountedName extends String {
  reads = 0;
  override charCodeAt(i: number): number {
    this.reads++;
    return super.charCodeAt(i);
  }
  override codePointAt(i: number): number | undefined {
    this.reads++;
    return super.codePointAt(i);
  }
}

describe("planner scope matching", () => {
  it("matches hostile table names against a nested-quantifier pattern reading each character a bounded number of times", () => {
    // Shortest first: a backtracking engine reads nothing through charCodeAt (it copies the string) and fails
    // the first assertion while the name is still short enough to finish.
    for (const n of [16, 32, 64, 128, 255]) {
      const name = new CountedName("a".repeat(n - 2) + "!b");
      const plan = planClone(args({ scope: { excludeTables: "^(a+)+$" } }), cat([table("sales", name as unknown as string), table("sales", "orders")]), EMPTY);
      expect(plan.tables.map((t) => String(t.table))).toEqual([String(name), "orders"].sort());
      expect(name.reads, `reads for a ${n}-character name`).toBeGreaterThanOrEqual(n - 1);
      expect(name.reads, `reads for a ${n}-character name`).toBeLessThanOrEqual(4 * n);
    }
  });

  it("applies include and exclude patterns with their usual meaning", () => {
    const src = cat([table("sales", "fact_orders"), table("sales", "dim_customer"), table("sales", "fact_orders_tmp"), table("sales", "raw_events")]);
    const plan = planClone(args({ scope: { includeTables: "^(fact|dim)_", excludeTables: "_tmp$" } }), src, EMPTY);
    expect(plan.tables.map((t) => t.table)).toEqual(["dim_customer", "fact_orders"]);
    expect(plan.skipped.map((s) => [s.name, s.detail])).toEqual([
      ["fact_orders_tmp", "table fact_orders_tmp matches scope.excludeTables /_tmp$/."],
      ["raw_events", "table raw_events does not match scope.includeTables /^(fact|dim)_/."],
    ]);
  });
});

describe("a scope that leaves nothing to clone", () => {
  const src = cat([table("sales", "orders"), table("sales", "items"), table("hr", "people"), table("sales", "big_orders", "VIEW")]);

  it("is refused, saying what each scope field excluded and how patterns are matched", () => {
    const a = args({ scope: { includeTables: "sales\\.orders" } });
    const problem = emptyScopeProblem(planClone(a, src, EMPTY), a);
    expect(problem).toBe(
      'scope leaves no table to clone from source catalog "prod": it excluded 4 objects (4 by scope.includeTables /sales\\.orders/; ' +
        "e.g. hr.people, sales.big_orders, sales.items, sales.orders), so the destination would be an empty catalog. Nothing was written. " +
        'Fix the scope (includeTables/excludeTables match the table name without its schema: "orders", not "sales.orders"), or remove it to clone every table.',
    );
  });

  it("counts schema and table exclusions separately and mentions what it kept but cannot clone", () => {
    const a = args({ scope: { excludeSchemas: ["hr"], excludeTables: "^(orders|items)$" } });
    expect(emptyScopeProblem(planClone(a, src, EMPTY), a)).toMatch(
      /excluded 3 objects \(1 by scope\.excludeSchemas, 2 by scope\.excludeTables \/\^\(orders\|items\)\$\/; .*\) and the 1 it kept cannot be cloned \(views, streaming tables, \.\.\.\)/,
    );
    const typo = args({ scope: { includeSchemas: ["sale"] } });
    expect(emptyScopeProblem(planClone(typo, src, EMPTY), typo)).toMatch(/4 by scope\.includeSchemas/);
  });

  it("is fine when the scope keeps a table, when there is no scope, and for a source with nothing clonable", () => {
    const a = args({ scope: { includeTables: "^orders$" } });
    expect(emptyScopeProblem(planClone(a, src, EMPTY), a)).toBeUndefined();
    expect(emptyScopeProblem(planClone(args(), src, EMPTY), args())).toBeUndefined();
    const viewsOnly = cat([table("s", "v", "VIEW")]);
    expect(emptyScopeProblem(planClone(args(), viewsOnly, EMPTY), args())).toBeUndefined();
    expect(emptyScopeProblem(planClone(args(), cat([]), EMPTY), args())).toBeUndefined();
  });
});
