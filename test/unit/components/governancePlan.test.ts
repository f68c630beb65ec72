/**
 * Governance planning (components/catalogClone/governancePlan.ts, principalMap.ts): what each planned
 * destination securable should carry, from the source's governance and the principal map. Pure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { governanceSchema } from "../../../components/catalogClone/governanceArgs";
import { planGovernance, type SourceGovernance } from "../../../components/catalogClone/governancePlan";
import { principalFate } from "../../../components/catalogClone/principalMap";
import { resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { propertyRuns } from "../../property/propertyRuns";

const opts = (principals: unknown = {}, more: Record<string, unknown> = {}) => governanceSchema.parse({ principals, ...more });

const SOURCE: SourceGovernance = {
  catalog: { grants: { data_eng: ["USE CATALOG"] }, owner: "data_eng", comment: "Production", tags: { env: "prod", catalog_clone_owner: "other/stack" }, columns: {} },
  "schema:sales": { grants: { analysts: ["USE SCHEMA", "SELECT"] }, owner: "admin", comment: "Sales", tags: { "catalog_clone.x": "y", domain: "O'Brien" }, columns: {} },
  "table:sales.orders": {
    grants: { data_eng: ["SELECT"], "O'Brien": ["SELECT", "MODIFY"] },
    owner: "data_eng",
    comment: "orders",
    tags: { pii: "" },
    columns: { amount: { tags: { unit: "EUR" }, comment: "net" }, id: { tags: {}, comment: null } },
  },
};
const PLANNED = { schemas: ["sales"], tables: [{ schema: "sales", table: "orders" }] };

describe("principal map", () => {
  it("maps named principals, keeps or drops the others", () => {
    const p = opts({ map: { data_eng: "qa_eng" } }).principals;
    expect(p.unmapped).toBe("drop"); // fail-closed default
    expect(principalFate("data_eng", p)).toEqual({ kind: "mapped", to: "qa_eng" });
    expect(principalFate("Data_Eng", p)).toEqual({ kind: "dropped" }); // exact names
    expect(principalFate("toString", p)).toEqual({ kind: "dropped" }); // no prototype lookups
    expect(principalFate("analysts", { ...p, unmapped: "keep" })).toEqual({ kind: "kept", to: "analysts" });
  });

  it("rejects bad options naming the field, before any SQL", () => {
    const bad = (governance: unknown) => () => resolveCatalogCloneArgs("qa", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", governance });
    expect(bad({ principals: { unmapped: "maybe" } })).toThrow(/governance\.principals\.unmapped.*"drop" or "keep"/);
    expect(bad({ principals: { map: { data_eng: "" } } })).toThrow(/principals\.map value must not be empty/);
    expect(bad({ grant: true })).toThrow(/governance/);
    expect(bad({ owners: "yes" })).toThrow(/governance\.owners must be true or false/);
  });
});

describe("planGovernance", () => {
  it("maps grants and owners, never copies marker tags, lists unmapped principals with their uses", () => {
    const plan = planGovernance(SOURCE, PLANNED, "qa", opts({ map: { data_eng: "qa_eng", "O'Brien": "qa_obrien" } }));
    const by = Object.fromEntries(plan.securables.map((s) => [s.key, s]));
    expect(by.catalog.desired).toEqual({ grants: { qa_eng: ["USE CATALOG"] }, objectOwner: "qa_eng", tags: { env: "prod" }, columns: {} });
    expect(by["schema:sales"].desired).toEqual({ grants: {}, tags: { domain: "O'Brien" }, columns: {} }); // analysts and admin dropped
    expect(by["table:sales.orders"]).toMatchObject({
      securable: { type: "TABLE", catalog: "qa", schema: "sales", name: "orders" },
      desired: {
        grants: { qa_eng: ["SELECT"], qa_obrien: ["MODIFY", "SELECT"] },
        objectOwner: "qa_eng",
        tags: { pii: "" },
        comment: "orders",
        columns: { amount: { tags: { unit: "EUR" }, comment: "net" } },
      },
    });
    expect(plan.unmappedPrincipals).toEqual([
      { principal: "admin", fate: "dropped", uses: ["owner of schema sales"] },
      { principal: "analysts", fate: "dropped", uses: ["USE SCHEMA, SELECT on schema sales"] },
    ]);
    expect(plan.containerComments).toEqual({ catalog: "Production", schemas: { sales: "Sales" } });
    expect(plan.counts).toEqual({ grants: 4, owners: 2, tags: 4, comments: 4 });
  });

  it("two source principals mapped to one destination principal merge their privileges", () => {
    const plan = planGovernance(SOURCE, PLANNED, "qa", opts({ map: { data_eng: "qa_eng", "O'Brien": "qa_eng" } }));
    expect(plan.securables.find((s) => s.key === "table:sales.orders")!.desired.grants).toEqual({ qa_eng: ["MODIFY", "SELECT"] });
  });

  it("each concern can be turned off; securables outside the plan get nothing", () => {
    const plan = planGovernance(SOURCE, { schemas: [], tables: [] }, "qa", opts({ unmapped: "keep" }, { grants: false, tags: false, comments: false }));
    expect(plan.securables).toEqual([{ key: "catalog", securable: { type: "CATALOG", catalog: "qa" }, desired: { grants: {}, objectOwner: "data_eng", tags: {}, columns: {} } }]);
    expect(plan.containerComments).toEqual({ catalog: null, schemas: {} });
  });
});

const principal = fc.constantFrom("data_eng", "analysts", "O'Brien", "ana@corp.com", "qa_eng", "sp-1234");
const privileges = fc.uniqueArray(fc.constantFrom("SELECT", "MODIFY", "USE SCHEMA", "USE CATALOG", "APPLY TAG"), { minLength: 1 });
const securable = fc.record({
  grants: fc.dictionary(principal, privileges),
  owner: fc.option(principal, { nil: null }),
  comment: fc.constant(null),
  tags: fc.constant({}),
  columns: fc.constant({}),
});

describe("planGovernance (property)", () => {
  it("replay never grants to, or gives ownership to, a principal the map does not name when unmapped is drop; with keep, only to map values or unmapped source principals", () => {
    fc.assert(
      fc.property(
        fc.record({ catalog: securable, "schema:s": securable, "table:s.t": securable }),
        fc.dictionary(principal, principal),
        fc.constantFrom("drop", "keep"),
        (source, map, unmapped) => {
          const plan = planGovernance(source, { schemas: ["s"], tables: [{ schema: "s", table: "t" }] }, "qa", opts({ map, unmapped }));
          const targets = new Set<string>(Object.values(map));
          const sourcePrincipals = new Set<string>(Object.values(source).flatMap((g) => [...Object.keys(g.grants), ...(g.owner ? [g.owner] : [])]));
          for (const s of plan.securables) {
            for (const p of [...Object.keys(s.desired.grants), ...(s.desired.objectOwner ? [s.desired.objectOwner] : [])]) {
              if (unmapped === "drop") expect(targets.has(p)).toBe(true);
              else expect(targets.has(p) || (sourcePrincipals.has(p) && !(p in map))).toBe(true);
            }
          }
          // every unmapped source principal is reported, and none that is mapped
          const reported = new Set(plan.unmappedPrincipals.map((u) => u.principal));
          for (const p of sourcePrincipals) expect(reported.has(p)).toBe(!(p in map));
        },
      ),
      propertyRuns(300),
    );
  });
});
