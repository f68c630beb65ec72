import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs, type CatalogCloneArgs } from "../../../components/catalogClone/args";
import { destinationOwnershipProblem, planClone, unplannedDestinationTables, type DestinationOwnership } from "../../../components/catalogClone/plan";
import type { DiscoveredCatalog, DiscoveredTable, TableMarkerRead } from "../../../components/catalogClone/discovery";
import { catalogChildName, schemaChildName, tableChildName } from "../../../components/catalogClone/childNames";
import { describePlan } from "../../../components/catalogClone/report";

const T = "2026-01-01T00:00:00.000Z";
function table(schema: string, name: string, tableType = "MANAGED", format: string | null = "DELTA"): DiscoveredTable {
  return { schema, name, tableType, format, lastAltered: T };
}
function cat(catalog: string, tables: DiscoveredTable[], schemas?: string[]): DiscoveredCatalog {
  return { catalog, exists: true, schemas: schemas ?? [...new Set(tables.map((t) => t.schema))], tables };
}
const EMPTY: DiscoveredCatalog = { catalog: "qa", exists: false, schemas: [], tables: [] };
const base: CatalogCloneArgs = { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" };
const args = (over: Partial<CatalogCloneArgs> = {}) => resolveCatalogCloneArgs("t", { ...base, ...over });
const ME = "catalog-clone/qa";
/** Ownership where the named tables (`schema.table`) carry this stack's marker (source: same name in prod). */
const mine = (...keys: string[]): DestinationOwnership => ({
  owner: ME,
  tables: new Map(keys.map((k): [string, TableMarkerRead] => [k, { kind: "read", owner: ME, source: `prod.${k}` }])),
});

describe("planClone", () => {
  it("registers every clonable table of an empty destination, sorted, with the default sync mode", () => {
    const src = cat("prod", [table("sales", "orders"), table("crm", "customers"), table("sales", "items", "EXTERNAL", "DELTA")]);
    const plan = planClone(args(), src, EMPTY);
    expect(plan.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(["crm.customers", "sales.items", "sales.orders"]);
    expect(plan.tables.every((t) => t.sync === "selective" && t.destination === undefined)).toBe(true);
    expect(plan.tables[0].reason).toBe("not in destination yet");
    expect(plan.schemas.map((s) => s.name)).toEqual(["crm", "sales"]);
    expect(plan.schemas.every((s) => !s.existsInDestination)).toBe(true);
    expect(plan.destinationExists).toBe(false);
    expect(plan.skipped).toEqual([]);
  });

  it("skips streaming tables, materialized views, views and unknown types with reasons", () => {
    const src = cat("prod", [
      table("s", "st", "STREAMING_TABLE"),
      table("s", "mv", "MATERIALIZED_VIEW", null),
      table("s", "v", "VIEW", null),
      table("s", "f", "FOREIGN", null),
      table("s", "csv", "EXTERNAL", "CSV"),
      table("s", "ok"),
    ]);
    const plan = planClone(args(), src, EMPTY);
    expect(plan.tables.map((t) => t.table)).toEqual(["ok"]);
    const reasons = Object.fromEntries(plan.skipped.map((s) => [s.name, s.reason]));
    expect(reasons).toEqual({ st: "STREAMING_TABLE", mv: "MATERIALIZED_VIEW", v: "VIEW", f: "UNKNOWN_TYPE", csv: "UNSUPPORTED_FORMAT" });
    expect(plan.skipped.find((s) => s.name === "v")!.detail).toBe("views are not cloned yet.");
  });

  it("SHALLOW clones only Delta managed tables", () => {
    const src = cat("prod", [table("s", "delta"), table("s", "pq", "EXTERNAL", "PARQUET"), table("s", "ext", "EXTERNAL", "DELTA")]);
    const plan = planClone(args({ cloneType: "SHALLOW" }), src, EMPTY);
    expect(plan.tables.map((t) => t.table)).toEqual(["delta"]);
    expect(plan.skipped.map((s) => [s.name, s.reason])).toEqual([
      ["ext", "SHALLOW_UNSUPPORTED"],
      ["pq", "NOT_DELTA"],
    ]);
  });

  it("skips Parquet and Iceberg sources (no Delta history to pin, validate or sync against) with the way out, in every clone type", () => {
    const src = cat("prod", [table("raw", "events", "EXTERNAL", "PARQUET"), table("raw", "ice", "MANAGED", "ICEBERG"), table("raw", "ok", "EXTERNAL", "DELTA")]);
    for (const cloneType of ["DEEP", "SHALLOW"] as const) {
      const plan = planClone(args({ cloneType }), src, EMPTY);
      const skipped = Object.fromEntries(plan.skipped.map((s) => [s.name, s]));
      expect(skipped.events.reason).toBe("NOT_DELTA");
      expect(skipped.ice.reason).toBe("NOT_DELTA");
      expect(skipped.events.detail).toMatch(/^PARQUET tables have no Delta history/);
      expect(skipped.events.detail).toContain("CONVERT TO DELTA");
    }
    expect(planClone(args(), src, EMPTY).tables.map((t) => t.table)).toEqual(["ok"]);
  });

  it("applies schema and table scope filters, reporting what they excluded", () => {
    const src = cat("prod", [
      table("sales", "fact_orders"),
      table("sales", "dim_customer"),
      table("sales", "orders_tmp"),
      table("sales", "fact_old_tmp"),
      table("hr", "fact_salaries"),
      table("ops", "fact_x"),
    ]);
    const plan = planClone(
      args({ scope: { includeSchemas: ["sales", "hr"], excludeSchemas: [], includeTables: "^(fact|dim)_", excludeTables: "_tmp$" } }),
      src,
      EMPTY,
    );
    expect(plan.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(["hr.fact_salaries", "sales.dim_customer", "sales.fact_orders"]);
    const skipped = Object.fromEntries(plan.skipped.map((s) => [`${s.schema}.${s.name}`, s.reason]));
    expect(skipped).toEqual({
      "ops.fact_x": "EXCLUDED_SCHEMA",
      "sales.orders_tmp": "EXCLUDED_TABLE",
      "sales.fact_old_tmp": "EXCLUDED_TABLE",
    });
    expect(plan.schemas.map((s) => s.name)).toEqual(["hr", "sales"]);
  });

  it("excludeSchemas removes a schema and all its tables", () => {
    const src = cat("prod", [table("a", "t1"), table("b", "t2")]);
    const plan = planClone(args({ scope: { excludeSchemas: ["b"] } }), src, EMPTY);
    expect(plan.tables.map((t) => t.table)).toEqual(["t1"]);
    expect(plan.schemas.map((s) => s.name)).toEqual(["a"]);
  });

  it("keeps empty source schemas (schemata) in scope", () => {
    const plan = planClone(args(), cat("prod", [table("a", "t")], ["a", "empty"]), EMPTY);
    expect(plan.schemas.map((s) => s.name)).toEqual(["a", "empty"]);
  });

  it("applies per-table sync overrides and warns about overrides that match nothing", () => {
    const src = cat("prod", [table("s", "a"), table("s", "b"), table("s", "st", "STREAMING_TABLE")]);
    const plan = planClone(
      args({ sync: "snapshot", tableOverrides: { "s.b": { sync: "mirror" }, "s.nope": { sync: "full" }, "s.st": { sync: "full" } } }),
      src,
      EMPTY,
    );
    expect(plan.tables.map((t) => [t.table, t.sync])).toEqual([["a", "snapshot"], ["b", "mirror"]]);
    expect(plan.warnings).toEqual([
      'tableOverrides["s.nope"] matches no cloned source table.',
      'tableOverrides["s.st"] matches no cloned source table (the table is skipped).',
    ]);
  });

  it("records the destination as discovered for tables already there", () => {
    const src = cat("prod", [table("s", "a")]);
    const dst = cat("qa", [{ ...table("s", "a"), lastAltered: "2026-02-01T00:00:00.000Z" }]);
    const plan = planClone(args(), src, dst);
    expect(plan.destinationExists).toBe(true);
    expect(plan.tables[0].destination?.lastAltered).toBe("2026-02-01T00:00:00.000Z");
    expect(plan.tables[0].reason).toBe("exists in destination as MANAGED");
    expect(plan.schemas).toEqual([{ name: "s", existsInDestination: true }]);
  });

  it("dropExtra off retains this stack's destination tables gone from the source (and their schema); views are foreign", () => {
    const src = cat("prod", [table("s", "a")]);
    const dst = cat("qa", [table("s", "a"), table("s", "gone"), table("old", "x"), table("s", "v", "VIEW", null)]);
    const plan = planClone(args(), src, dst, mine("s.gone", "old.x"));
    expect(plan.retained.map((r) => [`${r.schema}.${r.table}`, r.retainedBecause])).toEqual([
      ["old.x", "gone from source"],
      ["s.gone", "gone from source"],
    ]);
    expect(plan.schemas.map((s) => [s.name, s.retainedBecause])).toEqual([
      ["old", "holds retained tables"],
      ["s", undefined],
    ]);
    expect(plan.released).toEqual([]);
    expect(plan.foreign).toEqual([{ schema: "s", name: "v", tableType: "VIEW", owner: null, because: "a VIEW (this stack only creates tables)" }]);
  });

  it("dropExtra on releases them instead (Pulumi deletes what this stack created)", () => {
    const src = cat("prod", [table("s", "a"), table("s", "now_excluded")]);
    const dst = cat("qa", [table("s", "a"), table("s", "gone"), table("s", "now_excluded")]);
    const plan = planClone(args({ dropExtra: true, scope: { excludeTables: "^now_" } }), src, dst, mine("s.gone", "s.now_excluded"));
    expect(plan.retained).toEqual([]);
    expect(plan.released).toEqual([
      { schema: "s", table: "gone", because: "gone from source" },
      { schema: "s", table: "now_excluded", because: "out of scope" },
    ]);
  });

  it("keeps this stack's clone of a source now skipped for its type or format (NOT_DELTA, ...), whatever dropExtra says", () => {
    // An earlier version DEEP-cloned Parquet/Iceberg sources; this one skips them (NOT_DELTA). The sources
    // still exist: their clones stay as they are (retained, never written), with the skip's own reason.
    const src = cat("prod", [table("s", "a"), table("s", "pq", "EXTERNAL", "PARQUET"), table("s", "ice", "MANAGED", "ICEBERG"), table("s", "v", "VIEW", null)]);
    const dst = cat("qa", [table("s", "a"), table("s", "pq", "EXTERNAL"), table("s", "ice"), table("s", "v"), table("s", "gone")]);
    for (const dropExtra of [false, true]) {
      const plan = planClone(args({ dropExtra }), src, dst, mine("s.pq", "s.ice", "s.v", "s.gone"));
      expect(plan.tables.map((t) => t.table)).toEqual(["a"]);
      expect(plan.skipped.map((x) => [x.name, x.reason])).toEqual([
        ["ice", "NOT_DELTA"],
        ["pq", "NOT_DELTA"],
        ["v", "VIEW"],
      ]);
      const kept = Object.fromEntries(plan.retained.map((r) => [r.table, r]));
      for (const [name, format] of [["pq", "PARQUET"], ["ice", "ICEBERG"]]) {
        expect(kept[name], `${name}, dropExtra ${dropExtra}`).toMatchObject({ schema: "s", sourceSkipped: "NOT_DELTA" });
        expect(kept[name].retainedBecause).toBe(
          `source skipped (NOT_DELTA): ${format} tables have no Delta history, so a clone could not be pinned to a source version, validated or kept in sync; ` +
            "convert the source with CONVERT TO DELTA to clone it, or copy it once outside this stack (CREATE TABLE ... DEEP CLONE).",
        );
        expect(kept[name].retainedBecause).not.toMatch(/source is now/);
      }
      expect(kept.v).toMatchObject({ sourceSkipped: "VIEW", retainedBecause: "source skipped (VIEW): views are not cloned yet." });
      // A source that is gone is still for dropExtra to decide.
      expect(plan.released.map((r) => [r.table, r.because])).toEqual(dropExtra ? [["gone", "gone from source"]] : []);
      expect(Object.keys(kept).sort()).toEqual(dropExtra ? ["ice", "pq", "v"] : ["gone", "ice", "pq", "v"]);
      expect(plan.foreign).toEqual([]);
      const text = describePlan(plan);
      expect(text).toContain("keep s.pq (source skipped (NOT_DELTA): PARQUET tables have no Delta history");
      expect(text).toMatch(/keep s\.pq \(.*; kept whatever dropExtra says\)/);
      expect(text).not.toMatch(/keep s\.pq .*dropExtra is off/);
    }
  });

  it("plans a protected source table with DEEP (protectedPlan.ts copies it with its policies) and skips it with SHALLOW (ROW_ACCESS_POLICY)", () => {
    const filtered: DiscoveredTable = { ...table("s", "filtered"), policies: { rowFilter: "prod.s.eu_only", maskedColumns: 0, maskFunction: null } };
    const masked: DiscoveredTable = { ...table("s", "masked"), policies: { rowFilter: null, maskedColumns: 2, maskFunction: "prod.s.mask_email" } };
    const both: DiscoveredTable = { ...table("s", "both", "MANAGED", "PARQUET"), policies: { rowFilter: "prod.s.f", maskedColumns: 1, maskFunction: "prod.s.m" } };
    const src = cat("prod", [filtered, masked, both, table("s", "open")]);
    const deep = planClone(args({ cloneType: "DEEP" }), src, EMPTY);
    expect(deep.tables.map((t) => [t.table, t.source.policies !== undefined])).toEqual([
      ["filtered", true],
      ["masked", true],
      ["open", false],
    ]);
    // Its format is the reason first: a Parquet table is not cloned, protected or not.
    expect(deep.skipped.map((x) => [x.name, x.reason])).toEqual([["both", "NOT_DELTA"]]);
    const shallow = planClone(args({ cloneType: "SHALLOW" }), src, EMPTY);
    expect(shallow.tables.map((t) => t.table)).toEqual(["open"]);
    const skipped = Object.fromEntries(shallow.skipped.map((x) => [x.name, x]));
    expect(shallow.skipped.map((x) => [x.name, x.reason])).toEqual([
      ["both", "NOT_DELTA"],
      ["filtered", "ROW_ACCESS_POLICY"],
      ["masked", "ROW_ACCESS_POLICY"],
    ]);
    expect(skipped.filtered.detail).toBe(
      "protected by a row filter (function prod.s.eu_only): Databricks refuses to SHALLOW CLONE it, and a clone would be readable without the policies; " +
        "use cloneType DEEP to copy it into a table created with the same row filter and masks.",
    );
    expect(skipped.masked.detail).toMatch(/^protected by column masks on 2 columns \(function prod\.s\.mask_email, \.\.\.\): Databricks refuses/);
    expect(shallow.warnings).toEqual([]);
    expect(describePlan(shallow)).toContain("skip s.filtered [ROW_ACCESS_POLICY] protected by a row filter (function prod.s.eu_only)");
    // Scope comes first: an excluded protected table is skipped as excluded.
    const scoped = planClone(args({ scope: { excludeTables: "^filtered$" } }), src, EMPTY);
    expect(scoped.skipped.find((x) => x.name === "filtered")!.reason).toBe("EXCLUDED_TABLE");
  });

  it("SHALLOW: keeps this stack's clone of a source that has gained a policy unwritten, whatever dropExtra says, and warns that the copy is unrestricted (DEEP: protectedPlan.test.ts)", () => {
    const src = cat("prod", [table("s", "a"), { ...table("s", "pii"), policies: { rowFilter: null, maskedColumns: 1, maskFunction: "prod.s.mask_email" } }]);
    const dst = cat("qa", [table("s", "a"), table("s", "pii")]);
    expect(unplannedDestinationTables(args({ cloneType: "SHALLOW" }), src, dst)).toEqual([{ schema: "s", name: "pii" }]);
    for (const dropExtra of [false, true]) {
      const plan = planClone(args({ dropExtra, cloneType: "SHALLOW" }), src, dst, mine("s.pii"));
      expect(plan.tables.map((t) => t.table)).toEqual(["a"]);
      expect(plan.skipped.map((x) => [x.name, x.reason])).toEqual([["pii", "ROW_ACCESS_POLICY"]]);
      expect(plan.released).toEqual([]);
      expect(plan.retained).toHaveLength(1);
      expect(plan.retained[0]).toMatchObject({ schema: "s", table: "pii", sourceSkipped: "ROW_ACCESS_POLICY" });
      expect(plan.retained[0].retainedBecause).toMatch(/^source skipped \(ROW_ACCESS_POLICY\): protected by a column mask \(function prod\.s\.mask_email\)/);
      expect(plan.warnings).toEqual([
        "s.pii in the destination is UNRESTRICTED: this stack cloned it before its source gained a column mask (function prod.s.mask_email), " +
          "which the copy does not have, so whoever can read the copy sees the rows and values the source hides. " +
          "It is kept as it is (no longer written, not dropped); review it: apply the same row filter / column masks to it, or drop it.",
      ]);
      expect(describePlan(plan)).toContain("warning: s.pii in the destination is UNRESTRICTED");
    }
    // Someone else's table at that name is foreign, and no warning claims this stack made it.
    const plan = planClone(args({ cloneType: "SHALLOW" }), src, dst, { owner: ME, tables: new Map([["s.pii", { kind: "read", owner: "proj/dev", source: "prod.s.pii" }]]) });
    expect(plan.retained).toEqual([]);
    expect(plan.foreign.map((f) => f.name)).toEqual(["pii"]);
    expect(plan.warnings.join("\n")).not.toContain("UNRESTRICTED");
  });

  it("registers only this stack's unplanned destination tables; every other one is foreign, whatever dropExtra says", () => {
    const src = cat("prod", [table("s", "a")]);
    const dst = cat("qa", [
      table("s", "a"),
      table("s", "ours"),
      table("s", "scratch"),
      table("s", "theirs"),
      table("s", "copy"),
      table("s", "secret"),
      table("s", "vanished"),
      table("s", "unread"),
      table("other", "mv", "MATERIALIZED_VIEW", null),
    ]);
    const ownership: DestinationOwnership = {
      owner: ME,
      tables: new Map<string, TableMarkerRead>([
        ["s.ours", { kind: "read", owner: ME, source: "prod.s.ours" }],
        ["s.scratch", { kind: "read", owner: null, source: null }],
        ["s.theirs", { kind: "read", owner: "catalog-clone/dev", source: "prod.s.theirs" }],
        // CREATE TABLE qa.s.copy DEEP CLONE qa.s.a copies a's TBLPROPERTIES, our marker included.
        ["s.copy", { kind: "read", owner: ME, source: "prod.s.a" }],
        ["s.secret", { kind: "unreadable", reason: "INSUFFICIENT_PERMISSIONS" }],
        ["s.vanished", { kind: "gone" }],
      ]),
    };
    for (const dropExtra of [false, true]) {
      const plan = planClone(args({ dropExtra }), src, dst, ownership);
      expect(plan.tables.map((t) => t.table)).toEqual(["a"]);
      expect(plan.retained.map((r) => r.table)).toEqual(dropExtra ? [] : ["ours"]);
      expect(plan.released.map((r) => r.table)).toEqual(dropExtra ? ["ours"] : []);
      expect(plan.foreign.map((f) => [`${f.schema}.${f.name}`, f.owner, f.because])).toEqual([
        ["other.mv", null, "a MATERIALIZED_VIEW (this stack only creates tables)"],
        ["s.copy", ME, "not created by this stack: it carries this stack's marker for prod.s.a (a copy of one of its clones?)"],
        ["s.scratch", null, "not created by this stack"],
        ["s.secret", null, "not created by this stack (its properties cannot be read: INSUFFICIENT_PERMISSIONS)"],
        ["s.theirs", "catalog-clone/dev", "belongs to stack catalog-clone/dev"],
        ["s.unread", null, "not created by this stack (its marker was not read)"],
      ]);
      // A foreign table's schema is not registered for it.
      expect(plan.schemas.map((x) => x.name)).toEqual(["s"]);
      expect(plan.warnings).toEqual([expect.stringMatching(/^6 destination objects not created by this stack are left alone \(never written, never dropped, also with dropExtra\): other\.mv/)]);
    }
    // Without ownership information nothing unplanned is registered.
    const blind = planClone(args(), src, dst);
    expect(blind.retained).toEqual([]);
    expect(blind.foreign).toHaveLength(8);
  });

  it("asks for the markers of the unplanned destination tables only (none when every destination table has a source)", () => {
    const src = cat("prod", [table("s", "a"), table("s", "b"), table("s", "excluded")]);
    expect(unplannedDestinationTables(args(), src, cat("qa", [table("s", "a"), table("s", "b")]))).toEqual([]);
    const dst = cat("qa", [table("s", "a"), table("s", "b"), table("s", "excluded"), table("s", "extra"), table("s", "v", "VIEW", null)]);
    expect(unplannedDestinationTables(args({ scope: { excludeTables: "^excluded$" } }), src, dst)).toEqual([
      { schema: "s", name: "excluded" },
      { schema: "s", name: "extra" },
    ]);
  });

  it("refuses another stack's destination catalog or schema with the handlers' error; its own or nobody's pass", () => {
    const src = cat("prod", [table("s", "a"), table("t", "b")]);
    const dst = (markers: DiscoveredCatalog["markers"]): DiscoveredCatalog => ({ ...cat("qa", [], ["default", "s", "t"]), markers });
    const plain = { catalogTag: undefined, catalogComment: null, schemaTags: {} };
    const check = (d: DiscoveredCatalog) => destinationOwnershipProblem(d, ME, planClone(args(), src, d))?.message;
    expect(check(dst(plain))).toBeUndefined();
    expect(check(dst({ ...plain, catalogTag: ME, schemaTags: { s: ME } }))).toBeUndefined();
    expect(check(EMPTY)).toBeUndefined();
    // The catalog's tag, or (untagged) the owner token its CREATE left in the comment.
    expect(check(dst({ ...plain, catalogTag: "catalog-clone/dev" }))).toMatch(
      /^\[CATALOG_CLONE_OWNED_BY_ANOTHER_STACK\] Catalog qa belongs to stack "dev" of project "catalog-clone" \(marker catalog-clone\/dev\), not to catalog-clone\/qa/,
    );
    expect(check(dst({ ...plain, catalogComment: "Clone of prod [catalog_clone_owner=catalog-clone/dev]" }))).toMatch(/Catalog qa belongs to stack "dev"/);
    expect(check(dst({ ...plain, catalogTag: ME, catalogComment: "[catalog_clone_owner=catalog-clone/dev]" }))).toBeUndefined();
    // Schemas the plan registers; another stack's schema it does not register is none of its business.
    expect(check(dst({ ...plain, schemaTags: { t: "catalog-clone/dev", s: "catalog-clone/pr-1" } }))?.split("\n")).toEqual([
      expect.stringContaining('Schema qa.s belongs to stack "pr-1" of project "catalog-clone" (marker catalog-clone/pr-1)'),
      expect.stringContaining('Schema qa.t belongs to stack "dev" of project "catalog-clone" (marker catalog-clone/dev)'),
    ]);
    expect(check(dst({ ...plain, schemaTags: { elsewhere: "catalog-clone/dev" } }))).toBeUndefined();
  });

  it("is deterministic whatever the discovery order", () => {
    const tables = [table("b", "z"), table("a", "y"), table("b", "a"), table("a", "b")];
    const p1 = planClone(args(), cat("prod", tables), EMPTY);
    const p2 = planClone(args(), cat("prod", [...tables].reverse()), EMPTY);
    expect(p1).toEqual(p2);
  });
  it("is deterministic for different names the locale ranks equal (composed/decomposed accents, invisible characters)", () => {
    const tables = [table("cafe\u0301", "a\u200bb"), table("caf\u00e9", "ab"), table("caf\u00e9", "a\u00adb"), table("cafe\u0301", "ab")];
    const p1 = planClone(args(), cat("prod", tables), EMPTY);
    const p2 = planClone(args(), cat("prod", [...tables].reverse()), EMPTY);
    expect(p1).toEqual(p2);
    expect(p1.schemas.map((x) => x.name)).toEqual(["cafe\u0301", "caf\u00e9"]); // code-unit order between equals
  });
});

describe("child names", () => {
  it("are stable, readable and URN-safe", () => {
    expect(catalogChildName("qa")).toBe("qa");
    expect(schemaChildName("qa", "sales")).toBe("qa/sales");
    expect(tableChildName("qa", "sales", "orders")).toBe("qa/sales.orders");
    expect(tableChildName("a::b", "s:1", "t%")).toBe("a%3A%3Ab/s%3A1.t%25");
    expect(tableChildName("qa", "s", "t")).not.toContain("::");
  });
});

describe("planVolumes under schemaOnly", () => {
  it("managed volumes are planned empty (no file copied, said in the reason); external ones as usual; without schemaOnly nothing changes", () => {
    const vol = (name: string, volumeType: string, storageLocation: string | null = null) => ({ schema: "s", name, volumeType, storageLocation, comment: null });
    const src: DiscoveredCatalog = { ...cat("prod", [table("s", "t")]), volumes: [vol("landing", "MANAGED"), vol("ext", "EXTERNAL", "s3://prod/ext")] };
    const map = { externalLocationMap: { "s3://prod": "s3://qa" } };
    const preview = planClone(args({ schemaOnly: true, ...map }), src, EMPTY).volumes.volumes;
    expect(preview.map((v) => [v.name, v.volumeType, v.schemaOnly])).toEqual([
      ["landing", "MANAGED", true],
      ["ext", "EXTERNAL", undefined],
    ]);
    expect(preview[0].reason).toMatch(/created empty, files not copied \(schemaOnly\)/);
    expect(planClone(args(map), src, EMPTY).volumes.volumes.every((v) => v.schemaOnly === undefined)).toBe(true);
  });
});
