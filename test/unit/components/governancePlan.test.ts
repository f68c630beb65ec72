/**
 * Governance planning (components/catalogClone/governancePlan.ts, principalMap.ts): what each planned
 * destination securable should carry, from the source's governance and the principal map. Pure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { governanceSchema } from "../../../components/catalogClone/governanceArgs";
import { planGovernance, type SourceGovernance } from "../../../components/catalogClone/governancePlan";
import { adoptedContainers } from "../../../components/catalogClone/adoptedContainers";
import type { DiscoveredCatalog } from "../../../components/catalogClone/discovery";
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
const NONE_ADOPTED = { catalog: false, schemas: [] };
const PLANNED = { schemas: ["sales"], tables: [{ schema: "sales", table: "orders" }], adopted: NONE_ADOPTED };

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

  it("views replay their TABLE-listed governance as VIEW securables; functions replay grants and owner, never tags or comments", () => {
    const source: SourceGovernance = {
      "table:sales.big": { grants: { data_eng: ["SELECT"] }, owner: "data_eng", comment: "view comment", tags: { tier: "gold" }, columns: { id: { tags: { k: "v" }, comment: "c" } } },
      "function:sales.net": { grants: { "O'Brien": ["EXECUTE"] }, owner: "data_eng", comment: "fn [catalog_clone_owner=x/y]", tags: { ignored: "x" }, columns: {} },
    };
    const planned = { ...PLANNED, tables: [], views: [{ schema: "sales", name: "big" }], functions: [{ schema: "sales", name: "net" }] };
    const plan = planGovernance(source, planned, "qa", opts({ map: { data_eng: "qa_eng", "O'Brien": "qa_obrien" } }));
    const by = Object.fromEntries(plan.securables.map((s) => [s.key, s]));
    // the view's comment travels with its own resource (CREATE VIEW ... COMMENT), not here
    expect(by["view:sales.big"]).toEqual({
      key: "view:sales.big",
      securable: { type: "VIEW", catalog: "qa", schema: "sales", name: "big" },
      desired: { grants: { qa_eng: ["SELECT"] }, objectOwner: "qa_eng", tags: { tier: "gold" }, columns: {} },
    });
    // the function's comment holds its ownership token (function resource): never governance's to write
    expect(by["function:sales.net"]).toEqual({
      key: "function:sales.net",
      securable: { type: "FUNCTION", catalog: "qa", schema: "sales", name: "net" },
      desired: { grants: { qa_obrien: ["EXECUTE"] }, objectOwner: "qa_eng", tags: {}, columns: {} },
    });
    expect(by["table:sales.big"]).toBeUndefined();
  });

  it("two source principals mapped to one destination principal merge their privileges", () => {
    const plan = planGovernance(SOURCE, PLANNED, "qa", opts({ map: { data_eng: "qa_eng", "O'Brien": "qa_eng" } }));
    expect(plan.securables.find((s) => s.key === "table:sales.orders")!.desired.grants).toEqual({ qa_eng: ["MODIFY", "SELECT"] });
  });

  it("each concern can be turned off; securables outside the plan get nothing", () => {
    const plan = planGovernance(SOURCE, { schemas: [], tables: [], adopted: NONE_ADOPTED }, "qa", opts({ unmapped: "keep" }, { grants: false, tags: false, comments: false }));
    expect(plan.securables).toEqual([{ key: "catalog", securable: { type: "CATALOG", catalog: "qa" }, desired: { grants: {}, objectOwner: "data_eng", tags: {}, columns: {} } }]);
    expect(plan.containerComments).toEqual({ catalog: null, schemas: {} });
  });

  it("adopted containers get nothing by default (their grants would reach objects this stack never cloned), listed with the reason; replay opts in", () => {
    const planned = { schemas: ["sales", "hr"], tables: [{ schema: "sales", table: "orders" }], adopted: { catalog: true, schemas: ["sales"] } };
    const source: SourceGovernance = { ...SOURCE, "schema:hr": { grants: { data_eng: ["USE SCHEMA"] }, owner: "data_eng", comment: "HR", tags: {}, columns: {} } };
    const map = { map: { data_eng: "qa_eng" } };
    const skip = planGovernance(source, planned, "qa", opts(map));
    expect(opts(map).adoptedContainers).toBe("skip"); // fail-closed default
    // only the created schema and the table: no grant, owner, tag or comment on the adopted catalog or schema
    expect(skip.securables.map((s) => s.key)).toEqual(["schema:hr", "table:sales.orders"]);
    expect(skip.securables[0].desired).toEqual({ grants: { qa_eng: ["USE SCHEMA"] }, objectOwner: "qa_eng", tags: {}, columns: {} });
    expect(skip.containerComments).toEqual({ catalog: null, schemas: { hr: "HR" } });
    expect(skip.skipped.map((s) => s.securable)).toEqual(["catalog qa", "schema qa.sales"]);
    expect(skip.skipped[0].reason).toMatch(/adopted.*adoptedContainers: "replay"/);
    // counts only what is replayed: table grant + hr grant, table and hr owners, table + column tags, 3 comments
    expect(skip.counts).toEqual({ grants: 2, owners: 2, tags: 2, comments: 3 });

    const replay = planGovernance(source, planned, "qa", opts(map, { adoptedContainers: "replay" }));
    expect(replay.securables.map((s) => s.key)).toEqual(["catalog", "schema:sales", "schema:hr", "table:sales.orders"]);
    expect(replay.securables[0].desired).toMatchObject({ grants: { qa_eng: ["USE CATALOG"] }, objectOwner: "qa_eng" });
    expect(replay.skipped).toEqual([]);
    expect(() => resolveCatalogCloneArgs("qa", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", governance: { adoptedContainers: "yes" } })).toThrow(
      /governance\.adoptedContainers must be "skip" or "replay"/,
    );
  });
});

describe("adoptedContainers", () => {
  const owner = "proj/qa";
  const schemas = [
    { name: "new", existsInDestination: false },
    { name: "ours", existsInDestination: true },
    { name: "foreign", existsInDestination: true },
  ];
  const destination = (markers: DiscoveredCatalog["markers"], exists = true): DiscoveredCatalog => ({ catalog: "qa", exists, schemas: [], tables: [], markers });

  it("adopted: an existing catalog or schema whose marker does not name this stack; a missing one will be created", () => {
    expect(adoptedContainers(destination(undefined, false), owner, schemas)).toEqual({ catalog: false, schemas: [] });
    expect(adoptedContainers(destination({ catalogTag: undefined, catalogComment: "a user's catalog", schemaTags: { ours: owner } }), owner, schemas)).toEqual({ catalog: true, schemas: ["foreign"] });
    // the creation token in the comment counts like the tag (a run that crashed before tagging)
    expect(adoptedContainers(destination({ catalogTag: undefined, catalogComment: `Clone [catalog_clone_owner=${owner}]`, schemaTags: {} }), owner, schemas)).toEqual({ catalog: false, schemas: ["ours", "foreign"] });
    expect(adoptedContainers(destination({ catalogTag: owner, catalogComment: null, schemaTags: { ours: owner, foreign: "proj/other" } }), owner, schemas).catalog).toBe(false);
    // markers not read: fail closed
    expect(adoptedContainers(destination(undefined), owner, schemas)).toEqual({ catalog: true, schemas: ["ours", "foreign"] });
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
          const plan = planGovernance(source, { schemas: ["s"], tables: [{ schema: "s", table: "t" }], adopted: NONE_ADOPTED }, "qa", opts({ map, unmapped }));
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
