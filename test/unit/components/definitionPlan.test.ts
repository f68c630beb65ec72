/** Planning of views and SQL functions (components/catalogClone/definitionPlan.ts): order, cycles, scope, rewriting decisions. */
import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { creationOrder } from "../../../components/catalogClone/definitionPlan";
import { planClone as planTables } from "../../../components/catalogClone/plan";
import { withDefinitions } from "../../../components/catalogClone/definitions";
import type { DiscoveredCatalog, DiscoveredTable } from "../../../components/catalogClone/discovery";
import type { DiscoveredFunction, DiscoveredView } from "../../../components/catalogClone/definitionDiscovery";

const T = "2026-01-01T00:00:00.000Z";
const table = (schema: string, name: string, tableType = "MANAGED"): DiscoveredTable => ({ schema, name, tableType, format: tableType === "VIEW" ? null : "DELTA", lastAltered: T });
const view = (schema: string, name: string, definition: string | null): DiscoveredView => ({ schema, name, definition, comment: null });
const fn = (schema: string, name: string, body: string, routineBody = "SQL"): DiscoveredFunction => ({
  schema, name, routineBody, language: routineBody === "SQL" ? null : "Python", hidden: false,
  definition: { parameters: [{ name: "x", type: "DOUBLE" }], returns: "DOUBLE", body, comment: null, deterministic: true },
});

function source(views: DiscoveredView[], functions: DiscoveredFunction[], tables: DiscoveredTable[] = []): DiscoveredCatalog {
  const all = [table("sales", "orders"), table("hr", "people"), ...tables, ...views.map((v) => table(v.schema, v.name, "VIEW"))];
  return { catalog: "prod", exists: true, schemas: [...new Set(all.map((t) => t.schema))], tables: all, views, functions };
}
const empty: DiscoveredCatalog = { catalog: "qa", exists: false, schemas: [], tables: [], views: [], functions: [] };
/** The table plan with its views and functions, as the component builds it. */
const planClone = (a: ReturnType<typeof args>, src: DiscoveredCatalog, dst: DiscoveredCatalog, elsewhere = {}) => withDefinitions(planTables(a, src, dst), a, src, dst, elsewhere);
const args = (more: Record<string, unknown> = {}) => resolveCatalogCloneArgs("t", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", ...more });

describe("creationOrder", () => {
  it("puts what an object reads before it, and finds cycles", () => {
    const deps = new Map([["view:a.top", ["view:b.mid", "function:u.f"]], ["view:b.mid", ["table:s.t"]], ["function:u.f", ["function:u.g"]], ["function:u.g", []]]);
    const { order, cyclic } = creationOrder(deps);
    expect(cyclic.size).toBe(0);
    expect(order.indexOf("function:u.g")).toBeLessThan(order.indexOf("function:u.f"));
    expect(order.indexOf("function:u.f")).toBeLessThan(order.indexOf("view:a.top"));
    expect(order.indexOf("view:b.mid")).toBeLessThan(order.indexOf("view:a.top"));
    const loop = creationOrder(new Map([["function:u.f", ["function:u.g"]], ["function:u.g", ["function:u.f"]], ["function:u.h", ["function:u.h"]], ["view:s.v", []]]));
    expect([...loop.cyclic].sort()).toEqual(["function:u.f", "function:u.g", "function:u.h"]);
    expect(loop.order).toEqual(["view:s.v"]);
  });
});

describe("planDefinitions on the final table plan (withDefinitions)", () => {
  it("views on views across schemas and functions calling functions: rewritten to the destination, dependencies recorded", () => {
    const src = source(
      [view("sales", "big", "SELECT id, util.net(amount) AS net FROM prod.sales.orders WHERE amount > 15"), view("rep", "top", "SELECT * FROM sales.big ORDER BY net DESC")],
      [fn("util", "net", "util.tax(x) * 2"), fn("util", "tax", "x * 0.8")],
    );
    const plan = planClone(args(), src, empty);
    expect(plan.skipped).toEqual([]);
    expect(plan.views.map((v) => [`${v.schema}.${v.name}`, v.definition.query, v.dependsOn])).toEqual([
      ["sales.big", "SELECT id, `qa`.util.net(amount) AS net FROM `qa`.sales.orders WHERE amount > 15", ["function:util.net", "table:sales.orders"]],
      ["rep.top", "SELECT * FROM `qa`.sales.big ORDER BY net DESC", ["view:sales.big"]],
    ]);
    expect(plan.functions.map((f) => [f.name, f.definition.body, f.dependsOn])).toEqual([
      ["tax", "x * 0.8", []],
      ["net", "`qa`.util.tax(x) * 2", ["function:util.tax"]],
    ]);
  });

  it("keepSourceReferences: every reference stays on the source catalog", () => {
    const src = source([view("sales", "big", "SELECT * FROM orders")], []);
    const plan = planClone(args({ definitions: { keepSourceReferences: true } }), src, empty);
    expect(plan.views[0].definition.query).toBe("SELECT * FROM `prod`.`sales`.orders");
    expect(plan.views[0].sourceReferences).toEqual(["prod.sales.orders"]);
  });

  it("a reference outside the scope skips the object (and what reads it), or keeps that reference on the source by option", () => {
    const src = source([view("sales", "v", "SELECT * FROM prod.hr.people"), view("sales", "w", "SELECT * FROM sales.v")], []);
    const scoped = { scope: { excludeSchemas: ["hr"] } };
    const skipped = planClone(args(scoped), src, empty);
    expect(skipped.views).toEqual([]);
    expect(skipped.skipped.filter((s) => s.tableType === "VIEW").map((s) => [s.name, s.reason])).toEqual([
      ["v", "OUT_OF_SCOPE_REFERENCE"],
      ["w", "OUT_OF_SCOPE_REFERENCE"],
    ]);
    const kept = planClone(args({ ...scoped, definitions: { outOfScopeReferences: "keepSource" } }), src, empty);
    expect(kept.views.map((v) => v.definition.query)).toEqual(["SELECT * FROM prod.hr.people", "SELECT * FROM `qa`.sales.v"]);
    expect(kept.warnings.some((w) => w.includes("sales.v keeps reading the source catalog for prod.hr.people"))).toBe(true);
  });

  it("functions calling each other in a cycle are skipped with DEPENDENCY_CYCLE, and so is what reads them", () => {
    const src = source([view("sales", "v", "SELECT util.f(amount) FROM sales.orders")], [fn("util", "f", "util.g(x)"), fn("util", "g", "util.f(x)")]);
    const plan = planClone(args(), src, empty);
    expect(plan.skipped.map((s) => [s.name, s.reason]).sort()).toEqual([["f", "DEPENDENCY_CYCLE"], ["g", "DEPENDENCY_CYCLE"], ["v", "OUT_OF_SCOPE_REFERENCE"]]);
    expect(plan.views).toEqual([]);
  });

  it("lists Python functions, hidden definitions and switched-off kinds as skipped with their reason", () => {
    const src = source([view("sales", "hidden", null)], [fn("util", "py", "", "EXTERNAL")]);
    const plan = planClone(args(), src, empty);
    expect(plan.skipped.map((s) => [s.name, s.reason])).toEqual([["hidden", "DEFINITION_HIDDEN"], ["py", "FUNCTION_NOT_SQL"]]);
    const off = planClone(args({ definitions: { views: false, functions: false } }), source([view("sales", "v", "SELECT 1")], [fn("util", "f", "x")]), empty);
    expect(off.skipped.map((s) => [s.name, s.reason])).toEqual([["v", "DEFINITIONS_OFF"], ["f", "DEFINITIONS_OFF"]]);
    const outOfScope = planClone(args({ scope: { excludeSchemas: ["util"] } }), source([], [fn("util", "f", "x")]), empty);
    expect(outOfScope.skipped.map((s) => [s.name, s.reason])).toEqual([["f", "EXCLUDED_SCHEMA"]]);
  });

  it("the destination as discovered is the observed side; an own destination view is not foreign", () => {
    const src = source([view("sales", "big", "SELECT * FROM prod.sales.orders")], []);
    const dst: DiscoveredCatalog = { ...empty, exists: true, schemas: ["sales"], tables: [table("sales", "orders"), table("sales", "big", "VIEW")], views: [view("sales", "big", "SELECT * FROM `qa`.sales.orders")] };
    const plan = planClone(args(), src, dst);
    expect(plan.views[0].observed).toEqual({ query: "SELECT * FROM `qa`.sales.orders", comment: null });
    expect(plan.views[0].observed).toEqual(plan.views[0].definition);
    expect(plan.foreign).toEqual([]);
  });

  it("a policy function another child creates is read, not planned; a table copied elsewhere counts as cloned", () => {
    const src = source([view("sales", "v", "SELECT util.f(amount) FROM sales.secret")], [fn("util", "f", "x + 1")], [table("sales", "secret")]);
    const plan = planClone(args(), src, empty, { tables: ["sales.secret"], functions: ["util.f"] });
    expect(plan.functions).toEqual([]);
    expect(plan.views.map((v) => [v.definition.query, v.dependsOn])).toEqual([["SELECT `qa`.util.f(amount) FROM `qa`.sales.secret", ["function:util.f", "table:sales.secret"]]]);
  });
});
