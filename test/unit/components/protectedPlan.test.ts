import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs, type CatalogCloneArgs } from "../../../components/catalogClone/args";
import { planClone } from "../../../components/catalogClone/plan";
import type { DiscoveredCatalog, DiscoveredTable, TableMarkerRead } from "../../../components/catalogClone/discovery";
import { policyCopyFor, type SourceFunction, type SourcePolicies } from "../../../components/catalogClone/policyDiscovery";
import { planProtectedTables } from "../../../components/catalogClone/protectedPlan";

const T = "2026-01-01T00:00:00.000Z";
const ME = "catalog-clone/qa";
const table = (schema: string, name: string, policies?: DiscoveredTable["policies"]): DiscoveredTable => ({ schema, name, tableType: "MANAGED", format: "DELTA", lastAltered: T, ...(policies ? { policies } : {}) });
const cat = (catalog: string, tables: DiscoveredTable[], schemas?: string[]): DiscoveredCatalog => ({ catalog, exists: true, schemas: schemas ?? [...new Set(tables.map((t) => t.schema))], tables });
const base: CatalogCloneArgs = { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" };
const args = (over: Partial<CatalogCloneArgs> = {}) => resolveCatalogCloneArgs("t", { ...base, ...over });

const fn = (schema: string, name: string, body: string, params: [string, string][] = [["v", "STRING"]], returns = "STRING"): SourceFunction => ({
  schema, name, routineBody: "SQL", body, returns, parameters: params.map(([n, t]) => ({ name: n, type: t })),
});
const ref = (catalog: string, schema: string, name: string) => ({ catalog, schema, name });

/** prod.sec.customers: row filter sec.can_see(region) → calls sec.is_admin(); mask sec.hide on email USING (region). */
function source(): SourcePolicies {
  return {
    tables: new Map([
      ["sec.customers", { rowFilter: { function: ref("prod", "sec", "can_see"), columns: ["region"] }, masks: [{ column: "email", function: ref("prod", "sec", "hide"), using: ["region"] }] }],
    ]),
    functions: new Map([
      ["sec.is_admin", fn("sec", "is_admin", "is_account_group_member('admins')", [], "BOOLEAN")],
      ["sec.can_see", fn("sec", "can_see", "prod.sec.is_admin() OR r = 'EU' OR r = 'prod.sec.is_admin'", [["r", "STRING"]], "BOOLEAN")],
      ["sec.hide", fn("sec", "hide", "CASE WHEN `prod`.sec.is_admin() THEN e ELSE '***' END", [["e", "STRING"], ["r", "STRING"]])],
      ["sec.py", { ...fn("sec", "py", "return 1"), routineBody: "EXTERNAL" }],
    ]),
  };
}
const opts = { sourceCatalog: "prod", destinationCatalog: "qa", policyFunctions: "destination" as const, schemasInScope: new Set(["sec"]) };

describe("policyCopyFor", () => {
  it("recreates every source-catalog function the policies call in the destination, callees first, bodies pointing at the destination", () => {
    const copy = policyCopyFor(source().tables.get("sec.customers")!, source(), opts);
    if ("skip" in copy) throw new Error(copy.skip);
    expect(copy.policies).toEqual({
      rowFilter: { function: ref("qa", "sec", "can_see"), columns: ["region"] },
      masks: [{ column: "email", function: ref("qa", "sec", "hide"), using: ["region"] }],
    });
    expect(copy.functions.map((f) => `${f.name.catalog}.${f.name.schema}.${f.name.name}`)).toEqual(["qa.sec.is_admin", "qa.sec.can_see", "qa.sec.hide"]);
    const body = Object.fromEntries(copy.functions.map((f) => [f.name.name, f.body]));
    // References rewritten, string literals that look like one untouched.
    expect(body.can_see).toBe("`qa`.sec.is_admin() OR r = 'EU' OR r = 'prod.sec.is_admin'");
    expect(body.hide).toBe("CASE WHEN `qa`.sec.is_admin() THEN e ELSE '***' END");
    expect(copy.functions.find((f) => f.name.name === "hide")!.parameters).toEqual([{ name: "e", type: "STRING" }, { name: "r", type: "STRING" }]);
  });

  it("keeps the tables and views a policy function reads pointing at the source (principals mapped into the destination could write them)", () => {
    const src = source();
    src.functions.set("sec.entitled", fn("sec", "entitled", "EXISTS (SELECT 1 FROM prod.sec.entitlements e WHERE e.region = r AND prod.sec.is_admin()) OR r IN (SELECT region FROM `prod`.sec.open_regions)", [["r", "STRING"]], "BOOLEAN"));
    src.tables.set("sec.orders", { rowFilter: { function: ref("prod", "sec", "entitled"), columns: ["region"] }, masks: [] });
    const copy = policyCopyFor(src.tables.get("sec.orders")!, src, opts);
    if ("skip" in copy) throw new Error(copy.skip);
    expect(copy.functions.map((f) => f.name.name)).toEqual(["is_admin", "entitled"]);
    expect(copy.functions[1].body).toBe("EXISTS (SELECT 1 FROM prod.sec.entitlements e WHERE e.region = r AND `qa`.sec.is_admin()) OR r IN (SELECT region FROM `prod`.sec.open_regions)");
  });

  it("with policyFunctions source, or for functions of another catalog, the copy calls the functions where they are", () => {
    const spec = source().tables.get("sec.customers")!;
    expect(policyCopyFor(spec, source(), { ...opts, policyFunctions: "source" })).toEqual({ policies: spec, functions: [] });
    const shared = { rowFilter: { function: ref("governance", "fns", "f"), columns: ["region"] }, masks: [] };
    expect(policyCopyFor(shared, source(), opts)).toEqual({ policies: shared, functions: [] });
  });

  it("skips, with the way out, a table whose policy function cannot be rebuilt: not SQL, unreadable, out of scope, or in a cycle", () => {
    const only = (f: string) => ({ rowFilter: { function: ref("prod", "sec", f), columns: ["region"] }, masks: [] });
    const src = source();
    expect(policyCopyFor(only("py"), src, opts)).toEqual({ skip: expect.stringMatching(/prod\.sec\.py is an EXTERNAL function, which is not rebuilt; set policyFunctions to "source"/) });
    expect(policyCopyFor(only("missing"), src, opts)).toEqual({ skip: expect.stringMatching(/prod\.sec\.missing cannot be read/) });
    expect(policyCopyFor(only("can_see"), src, { ...opts, schemasInScope: new Set(["other"]) })).toEqual({ skip: expect.stringMatching(/in schema sec, which is out of scope/) });
    src.functions.set("sec.a", fn("sec", "a", "prod.sec.b(v)"));
    src.functions.set("sec.b", fn("sec", "b", "prod.sec.a(v)"));
    expect(policyCopyFor(only("a"), src, opts)).toEqual({ skip: expect.stringMatching(/call each other in a cycle/) });
    src.functions.set("sec.hidden", { ...fn("sec", "hidden", ""), body: null });
    expect(policyCopyFor(only("hidden"), src, opts)).toEqual({ skip: expect.stringMatching(/whose body this principal cannot read/) });
  });
});

describe("planProtectedTables", () => {
  const policies = { rowFilter: "prod.sec.can_see", maskedColumns: 1, maskFunction: "prod.sec.hide" };
  const src = cat("prod", [table("sec", "customers", policies), table("sec", "open")]);
  const marker = (read: TableMarkerRead) => new Map([["sec.customers", read]]);

  it("copies a protected table new to the destination, or this stack's own protected copy, and leaves the other tables to planClone", () => {
    for (const [dst, markers] of [
      [cat("qa", []), new Map<string, TableMarkerRead>()],
      [cat("qa", [table("sec", "customers")]), marker({ kind: "read", owner: ME, source: "prod.sec.customers", policiesReplayed: true })],
      [cat("qa", [table("sec", "customers")]), marker({ kind: "gone" })],
    ] as const) {
      const { plan, protectedTables } = planProtectedTables(planClone(args(), src, dst), args(), source(), markers, ME);
      expect(plan.tables.map((t) => t.table)).toEqual(["open"]);
      expect(protectedTables.map((t) => [t.table, t.functions.length, t.policies.rowFilter?.function.catalog])).toEqual([["customers", 3, "qa"]]);
      expect(plan.skipped).toEqual([]);
      expect(plan.warnings).toEqual([]);
    }
  });

  it("keeps this stack's protected copy as a protected copy, without policies, once its source dropped them all; any other protected destination stays a plain clone", () => {
    const open = cat("prod", [table("sec", "customers"), table("sec", "open")]);
    const dst = cat("qa", [table("sec", "customers", policies)]);
    const planned = planClone(args(), open, dst);
    const ours = planProtectedTables(planned, args(), source(), marker({ kind: "read", owner: ME, source: "prod.sec.customers", policiesReplayed: true }), ME);
    expect(ours.protectedTables.map((t) => [t.table, t.policies, t.functions])).toEqual([["customers", { rowFilter: null, masks: [] }, []]]);
    expect(ours.plan.tables.map((t) => t.table)).toEqual(["open"]);
    const notOurs = planProtectedTables(planned, args(), source(), marker({ kind: "read", owner: null, source: null }), ME);
    expect(notOurs.protectedTables).toEqual([]);
    expect(notOurs.plan.tables.map((t) => t.table)).toEqual(["customers", "open"]);
  });

  it("replaces this stack's plain clone from before the policy with a protected copy; keeps it unwritten, said UNRESTRICTED, only when it cannot be copied", () => {
    const dst = cat("qa", [table("sec", "customers")]);
    const plain = marker({ kind: "read", owner: ME, source: "prod.sec.customers" });
    const replaced = planProtectedTables(planClone(args(), src, dst), args(), source(), plain, ME);
    expect(replaced.protectedTables.map((t) => [t.table, t.replacesPlainClone, t.policies.rowFilter?.function.catalog])).toEqual([["customers", true, "qa"]]);
    expect(replaced.plan.tables.map((t) => t.table)).toEqual(["open"]);
    expect([replaced.plan.retained, replaced.plan.skipped, replaced.plan.warnings]).toEqual([[], [], []]);
    // Adopted (never dropped), or not copyable (here asOf): kept unwritten with the warning, as before.
    const pinned = args({ asOf: { version: 1 } });
    for (const [read, a] of [
      [{ kind: "read", owner: ME, source: "prod.sec.customers", adopted: true }, args()],
      [{ kind: "read", owner: ME, source: "prod.sec.customers" }, pinned],
    ] as const) {
      const { plan, protectedTables } = planProtectedTables(planClone(a, src, dst), a, source(), marker(read as TableMarkerRead), ME);
      expect(protectedTables).toEqual([]);
      expect(plan.retained).toMatchObject([{ table: "customers", sourceSkipped: "ROW_ACCESS_POLICY" }]);
      expect(plan.skipped.map((s) => [s.name, s.reason])).toEqual([["customers", "ROW_ACCESS_POLICY"]]);
      expect(plan.warnings).toEqual([expect.stringMatching(/^sec\.customers in the destination is UNRESTRICTED: this stack cloned it before its source gained a row filter/)]);
    }
  });

  it("never writes over an existing table it did not create (foreign); skips protected tables when asOf pins the source or shaping applies", () => {
    const dst = cat("qa", [table("sec", "customers")]);
    for (const [read, owner] of [
      [{ kind: "read", owner: null, source: null }, null],
      [{ kind: "read", owner: "proj/other", source: "prod.sec.customers", policiesReplayed: true }, "proj/other"],
    ] as const) {
      const { plan, protectedTables } = planProtectedTables(planClone(args(), src, dst), args(), source(), marker(read as TableMarkerRead), ME);
      expect(protectedTables).toEqual([]);
      expect(plan.foreign).toMatchObject([{ name: "customers", owner }]);
      expect(plan.skipped[0].detail).toMatch(/a protected copy is never written over an existing table/);
    }
    const shaped = planProtectedTables(planClone(args(), src, cat("qa", [])), args(), source(), new Map(), ME, () => ({ masks: [{ column: "email" }] }));
    expect(shaped.protectedTables).toEqual([]);
    expect(shaped.plan.skipped[0].detail).toMatch(/masking and schemaOnly are not applied to protected copies yet/);
    const pinned = args({ asOf: { version: 1 } });
    const { plan, protectedTables } = planProtectedTables(planClone(pinned, src, cat("qa", [])), pinned, source(), new Map(), ME);
    expect(protectedTables).toEqual([]);
    expect(plan.skipped[0].detail).toMatch(/Databricks refuses time travel on a table with a row filter or column mask/);
  });
});
