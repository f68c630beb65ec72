/** Shaping arguments: validated before any SQL, errors name the field and the fix; per-table shape resolution. */
import { describe, expect, it } from "vitest";
import { CatalogCloneArgsError, resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { describeShaping, masksFor, shapingReport, tableShapeFor } from "../../../components/catalogClone/tableShaping";

const base = { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" };

function problems(args: object): string[] {
  try {
    resolveCatalogCloneArgs("qa", { ...base, ...args });
  } catch (e) {
    if (e instanceof CatalogCloneArgsError) return e.problems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
}

describe("shaping arguments", () => {
  it("accepts a full shaping configuration", () => {
    expect(
      problems({
        schemaOnly: false,
        tblProperties: { "delta.logRetentionDuration": "interval 7 days" },
        tableOverrides: { "sales.orders": { where: "region = 'eu'", tblProperties: { owner_team: "qa" } }, "hr.people": { schemaOnly: true } },
        masking: { "crm.customers": { email: "email", ssn: { strategy: "partial", keepLast: 4 } }, "*.*": { phone: "redact", note: { strategy: "expression", expression: "left(note, 1)" } } },
      }),
    ).toEqual([]);
  });

  it("refuses where and masking with SHALLOW, naming the field and the fix", () => {
    const p = problems({ cloneType: "SHALLOW", tableOverrides: { "sales.orders": { where: "id > 1" } }, masking: { "crm.c": { email: "email" } } });
    expect(p).toEqual([
      expect.stringMatching(/^tableOverrides\.sales\.orders\.where: .*needs cloneType DEEP.*Use cloneType DEEP, or remove where/),
      expect.stringMatching(/^masking: masking needs cloneType DEEP/),
    ]);
  });

  it("refuses a where that is not one boolean expression", () => {
    expect(problems({ tableOverrides: { "sales.orders": { where: "1=1; DROP TABLE prod.sales.orders" } } })).toEqual([
      expect.stringMatching(/^tableOverrides\.sales\.orders\.where: .*without ';'/),
    ]);
    expect(problems({ tableOverrides: { "sales.orders": { where: "id IN (SELECT id FROM finance.s.t)" } } })[0]).toMatch(/where.*"SELECT"/);
  });

  it("refuses the project's marker properties in tblProperties", () => {
    expect(problems({ tblProperties: { "Catalog_Clone.owner": "me/x" } })[0]).toMatch(/^tblProperties: "Catalog_Clone\.owner" is this project's own marker property.*remove it/);
    expect(problems({ tableOverrides: { "a.b": { tblProperties: { "catalog_clone.pre_clone_version": "none" } } } })[0]).toMatch(/^tableOverrides\.a\.b\.tblProperties: /);
  });

  it("refuses malformed masking rules", () => {
    expect(problems({ masking: { customers: { email: "email" } } })[0]).toMatch(/masking key "customers" must be "schema\.table"/);
    expect(problems({ masking: { "crm.c": { email: "scramble" } } })[0]).toMatch(/^masking\.crm\.c\.email: a masking rule must be/);
    expect(problems({ masking: { "crm.c": { n: { strategy: "expression" } } } })[0]).toMatch(/needs an expression/);
    expect(problems({ masking: { "crm.c": { n: { strategy: "expression", expression: "(SELECT 1)" } } } })[0]).toMatch(/"SELECT"/);
    expect(problems({ masking: { "crm.c": { n: { strategy: "hash", keepLast: 2 } } } })[0]).toMatch(/keepLast is only used with strategy "partial"/);
  });
});

describe("tableShapeFor", () => {
  const args = {
    cloneType: "DEEP",
    tblProperties: { a: "1" },
    tableOverrides: { "crm.customers": { where: "id > 1", tblProperties: { a: "2", b: "3" } } },
    masking: { "*.*": { email: "hash" as const }, "crm.customers": { email: "email" as const, ssn: "partial" as const }, "crm.*": { name: "null" as const } },
  };

  it("merges overrides over the top level; exact masking keys win and require their columns", () => {
    expect(tableShapeFor(args, "crm", "customers")).toEqual({
      where: "id > 1",
      tblProperties: { a: "2", b: "3" },
      masks: [
        { column: "email", rule: { strategy: "email" }, required: true, origin: 'masking["crm.customers"].email' },
        { column: "ssn", rule: { strategy: "partial", keepLast: 4 }, required: true, origin: 'masking["crm.customers"].ssn' },
        { column: "name", rule: { strategy: "null" }, required: false, origin: 'masking["crm.*"].name' },
      ],
    });
  });

  it("masks tables that only a pattern names (tables new in a later run too)", () => {
    expect(masksFor(args.masking, "sales", "new_table").map((m) => [m.column, m.rule.strategy, m.required])).toEqual([["email", "hash", false]]);
  });

  it("is undefined without any shaping, so plain stacks keep their inputs", () => {
    expect(tableShapeFor({ cloneType: "DEEP" }, "s", "t")).toBeUndefined();
    expect(tableShapeFor({ cloneType: "DEEP", schemaOnly: true }, "s", "t")).toEqual({ schemaOnly: true });
  });

  it("the report lists shaped tables and the exact keys that named no cloned table", () => {
    expect(shapingReport(args, [{ schema: "crm", table: "customers" }, { schema: "hr", table: "people" }])).toEqual({
      shaping: {
        schemaOnly: [],
        subsets: [{ name: "crm.customers", where: "id > 1" }],
        masked: [
          { name: "crm.customers", columns: { email: "email", ssn: "partial", name: "null" } },
          { name: "hr.people", columns: { email: "hash" } },
        ],
        tblProperties: [
          { name: "crm.customers", keys: ["a", "b"] },
          { name: "hr.people", keys: ["a"] },
        ],
        unmatched: [],
      },
    });
    expect(shapingReport({ cloneType: "DEEP", masking: { "crm.custmers": { email: "email" } } }, [{ schema: "crm", table: "customers" }]).shaping?.unmatched).toEqual([
      'masking["crm.custmers"]',
    ]);
    expect(shapingReport({ cloneType: "DEEP" }, [{ schema: "crm", table: "customers" }])).toEqual({});
  });

  it("the plan printed at program time says how each shaped table is written, and warns about keys that match nothing", () => {
    expect(describeShaping({ ...args, masking: { ...args.masking, "crm.custmers": { email: "email" as const } } }, [{ schema: "crm", table: "customers" }])).toEqual([
      "  shape crm.customers: rows where id > 1; mask email (email), ssn (partial), name (null); tblProperties a, b",
      '  warning: masking["crm.custmers"] names no table this run clones (misspelt, out of scope or skipped): it applies to nothing',
    ]);
  });
});
