import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone } from "../../../components/CatalogClone";
import { CatalogCloneArgsError, resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { parseAsOfTimestamp } from "../../../provider/vocabulary/asOf";
import { installRuntime } from "../../../provider/resources/runtime";
import type { Row, Warehouse } from "../../../provider/warehouse/warehouse";

/** Counts every statement; answers nothing (no valid configuration reaches it in these tests). */
class CountingWarehouse implements Warehouse {
  statements: string[] = [];
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    return [];
  }
  async close(): Promise<void> {}
}

const wh = new CountingWarehouse();
const connection = { kind: "local" as const, path: "/nonexistent/counting-warehouse-args-test" };
const registered: string[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(`${a.type}::${a.name}`);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: () => ({}),
    },
    "catalog-clone",
    "argstest",
    false,
  );
  installRuntime().useWarehouse(connection, wh);
});
afterAll(() => undefined);

const valid = { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", connection } as const;

/** Each case: arguments, the field the message must name, and a fragment of the fix. */
const cases: { title: string; args: unknown; field: string; says: RegExp }[] = [
  { title: "missing source", args: { ...valid, source: undefined }, field: "source", says: /required/ },
  { title: "bad catalog identifier (period)", args: { ...valid, source: { catalog: "prod.sales" } }, field: "source.catalog", says: /periods, spaces, slashes/ },
  { title: "bad catalog identifier (space)", args: { ...valid, destination: { catalog: "my qa" } }, field: "destination.catalog", says: /Unity Catalog naming rules/ },
  { title: "empty destination", args: { ...valid, destination: { catalog: "" } }, field: "destination.catalog", says: /must not be empty/ },
  { title: "source == destination (case-insensitive)", args: { ...valid, destination: { catalog: "PROD" } }, field: "destination.catalog", says: /must differ from source.catalog/ },
  { title: "reserved destination", args: { ...valid, destination: { catalog: "system" } }, field: "destination.catalog", says: /reserved catalog/ },
  { title: "unknown clone type", args: { ...valid, cloneType: "deep-ish" }, field: "cloneType", says: /"DEEP".*"SHALLOW"/ },
  { title: "unknown top-level field with typo hint", args: { ...valid, dropExtras: true }, field: "dropExtras", says: /Did you mean "dropExtra"/ },
  { title: "unknown nested field", args: { ...valid, scope: { includeSchema: ["a"] } }, field: "scope.includeSchema", says: /Did you mean "includeSchemas"/ },
  { title: "a token as an argument", args: { ...valid, token: "dapi123" }, field: "token", says: /pulumi config set --secret databricks:token/ },
  { title: "a token inside connection", args: { ...valid, connection: { ...connection, token: "dapi123" } }, field: "connection.token", says: /Secrets are never resource arguments/ },
  { title: "invalid sync mode", args: { ...valid, sync: "incremental" }, field: "sync", says: /"snapshot".*"selective".*"mirror".*"full"/ },
  { title: "invalid include regex", args: { ...valid, scope: { includeTables: "^(fact" } }, field: "scope.includeTables", says: /not a valid regular expression/ },
  { title: "invalid exclude regex", args: { ...valid, scope: { excludeTables: "*tmp" } }, field: "scope.excludeTables", says: /not a valid regular expression/ },
  // Scope patterns run on a linear-time engine (RE2 syntax): what only a backtracking engine can do is refused.
  { title: "negative look-ahead pattern", args: { ...valid, scope: { includeTables: "^(?!tmp_)" } }, field: "scope.includeTables", says: /invalid or unsupported Perl syntax: `\(\?!`.*Use includeTables and excludeTables together/ },
  { title: "back-reference pattern", args: { ...valid, scope: { excludeTables: "^(\\w)\\1" } }, field: "scope.excludeTables", says: /back-references \(\\1\) are not supported/ },
  { title: "negative version", args: { ...valid, asOf: { version: -1 } }, field: "asOf.version", says: /0 or greater/ },
  { title: "fractional version", args: { ...valid, asOf: { version: 1.5 } }, field: "asOf.version", says: /whole number/ },
  { title: "bad timestamp", args: { ...valid, asOf: { timestamp: "2026-13-01 00:00:00" } }, field: "asOf.timestamp", says: /not a valid timestamp/ },
  { title: "future timestamp", args: { ...valid, asOf: { timestamp: "2999-01-01T00:00:00Z" } }, field: "asOf.timestamp", says: /in the future/ },
  { title: "both version and timestamp", args: { ...valid, asOf: { version: 1, timestamp: "2026-01-01" } }, field: "asOf", says: /exactly one of/ },
  { title: "threshold above 100", args: { ...valid, validate: { autoRollbackAbovePct: 150 } }, field: "validate.autoRollbackAbovePct", says: /between 0 and 100/ },
  { title: "threshold below 0", args: { ...valid, validate: { autoRollbackAbovePct: -5 } }, field: "validate.autoRollbackAbovePct", says: /between 0 and 100/ },
  { title: "threshold without anything to measure", args: { ...valid, validate: { rowCounts: false, autoRollbackAbovePct: 5 } }, field: "validate.autoRollbackAbovePct", says: /needs validate.rowCounts or validate.checksums/ },
  { title: "schema both included and excluded", args: { ...valid, scope: { includeSchemas: ["sales", "hr"], excludeSchemas: ["hr"] } }, field: "scope.excludeSchemas", says: /both name "hr"/ },
  { title: "empty includeSchemas", args: { ...valid, scope: { includeSchemas: [] } }, field: "scope.includeSchemas", says: /omit it to mean "all schemas"/ },
  { title: "including information_schema", args: { ...valid, scope: { includeSchemas: ["information_schema"] } }, field: "scope.includeSchemas", says: /never cloned/ },
  { title: "include == exclude pattern", args: { ...valid, scope: { includeTables: "^f", excludeTables: "^f" } }, field: "scope.excludeTables", says: /nothing would be cloned/ },
  { title: "bad tableOverrides key", args: { ...valid, tableOverrides: { orders: { sync: "mirror" } } }, field: "tableOverrides.orders", says: /"schema.table"/ },
  { title: "SHALLOW with a managed location", args: { ...valid, cloneType: "SHALLOW", destination: { catalog: "qa", managedLocation: "s3://b/p" } }, field: "destination.managedLocation", says: /use cloneType DEEP/ },
  { title: "managed location without a scheme", args: { ...valid, destination: { catalog: "qa", managedLocation: "/mnt/data" } }, field: "destination.managedLocation", says: /storage URI with a scheme/ },
  { title: "dropExtra not a boolean", args: { ...valid, dropExtra: "yes" }, field: "dropExtra", says: /true or false/ },
  { title: "bad connection kind", args: { ...valid, connection: { kind: "snowflake" } }, field: "connection.kind", says: /"local" or "databricks"/ },
  // Names that look like another name (issue 8 §4): shown escaped, with the character and the fix.
  { title: "zero-width space in the destination", args: { ...valid, destination: { catalog: "prod\u200b" } }, field: "destination.catalog", says: /"prod\\u200b" contains the invisible character U\+200B ZERO WIDTH SPACE at position 5.*retype the name/ },
  { title: "BOM in the source", args: { ...valid, source: { catalog: "\ufeffprod" } }, field: "source.catalog", says: /U\+FEFF ZERO WIDTH NO-BREAK SPACE \(BOM\) at position 1/ },
  { title: "bidi override in a schema list", args: { ...valid, scope: { includeSchemas: ["sales\u202e"] } }, field: "scope.includeSchemas[0]", says: /U\+202E RIGHT-TO-LEFT OVERRIDE/ },
  { title: "soft hyphen in an excluded schema", args: { ...valid, scope: { excludeSchemas: ["h\u00adr"] } }, field: "scope.excludeSchemas[0]", says: /U\+00AD SOFT HYPHEN/ },
  { title: "Hangul filler (renders blank)", args: { ...valid, destination: { catalog: "qa\u3164" } }, field: "destination.catalog", says: /U\+3164 HANGUL FILLER/ },
  { title: "Cyrillic look-alike letter", args: { ...valid, destination: { catalog: "pr\u043ed_dr" } }, field: "destination.catalog", says: /mixes Latin and Cyrillic letters \(U\+043E is Cyrillic\)/ },
  { title: "full-width letters", args: { ...valid, destination: { catalog: "\uff50\uff52\uff4f\uff44" } }, field: "destination.catalog", says: /compatibility characters.*write "prod" instead/ },
  { title: "decomposed accent", args: { ...valid, destination: { catalog: "cafe\u0301" } }, field: "destination.catalog", says: /not in Unicode NFC form.*"caf\\u00e9"/ },
  { title: "zero-width joiner in a tableOverrides key", args: { ...valid, tableOverrides: { "sales.orders\u200d": { sync: "mirror" } } }, field: "tableOverrides.sales.orders\u200d", says: /tableOverrides key "sales.orders\\u200d" contains the invisible character U\+200D ZERO WIDTH JOINER/ },
  // Non-object values get the accepted shapes, not "expected object".
  { title: "asOf given as a bare number", args: { ...valid, asOf: 5 }, field: "asOf", says: /asOf must be an object: \{ version: 12 \} \(a Delta version\) or \{ timestamp: "2026-01-31T23:59:59Z" \} \(got the number 5\)\. To pin version 5, write asOf: \{ version: 5 \}\./ },
  { title: "asOf given as a bare timestamp", args: { ...valid, asOf: "2026-01-01" }, field: "asOf", says: /write asOf: \{ timestamp: "2026-01-01" \}/ },
  { title: "scope given as a string", args: { ...valid, scope: "_tmp$" }, field: "scope", says: /scope must be an object: \{ includeSchemas\?: .*\(got the string "_tmp\$"\)/ },
  { title: "validate given as a boolean", args: { ...valid, validate: true }, field: "validate", says: /validate must be an object: \{ rowCounts\?: true/ },
  { title: "source given as a string", args: { ...valid, source: "prod" }, field: "source", says: /source must be an object: \{ catalog: "prod" \}/ },
];

describe("CatalogClone argument validation (before any SQL)", () => {
  it.each(cases)("rejects $title, naming $field", ({ args, field, says }) => {
    const before = { statements: wh.statements.length, registered: registered.length };
    let error: unknown;
    try {
      new CatalogClone("bad", args as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogCloneArgsError);
    const err = error as CatalogCloneArgsError;
    expect(err.problems.map((p) => p.field)).toContain(field);
    expect(err.message).toContain(`- ${field}:`);
    expect(err.message).toMatch(says);
    expect(err.message).toContain('CatalogClone "bad"');
    // Nothing ran and nothing was registered: validation happens before discovery and before super().
    expect(wh.statements.length).toBe(before.statements);
    expect(registered.length).toBe(before.registered);
  });

  it("reports every problem at once", () => {
    expect(() => resolveCatalogCloneArgs("x", { source: { catalog: "a" }, destination: { catalog: "b c" }, cloneType: "X", sync: "y" })).toThrow(
      /destination.catalog[\s\S]*cloneType[\s\S]*sync/,
    );
  });

  it("accepts a full valid configuration and applies defaults, lower-casing names", () => {
    const r = resolveCatalogCloneArgs("ok", {
      source: { catalog: "Prod" },
      destination: { catalog: "QA", comment: "qa copy" },
      cloneType: "DEEP",
      asOf: { timestamp: "2026-01-31 23:59:59" },
      scope: { includeSchemas: ["Sales"], excludeTables: "_tmp$" },
      validate: { checksums: true, autoRollbackAbovePct: 5 },
    });
    expect(r.source.catalog).toBe("prod");
    expect(r.destination.catalog).toBe("qa");
    expect(r.sync).toBe("selective");
    expect(r.dropExtra).toBe(false);
    expect(r.validate).toEqual({ rowCounts: true, checksums: true, autoRollbackAbovePct: 5 });
    expect(r.scope?.includeSchemas).toEqual(["sales"]);
    // SHALLOW + checksums is fine
    expect(() => resolveCatalogCloneArgs("ok", { ...valid, cloneType: "SHALLOW", validate: { checksums: true } })).not.toThrow();
  });

  it("accepts names in one script, with digits, underscores and hyphens", () => {
    for (const name of ["prod_dr", "qa-2", "données", "продажи", "販売", "\u0645\u0628\u064a\u0639\u0627\u062a"]) {
      expect(() => resolveCatalogCloneArgs("ok", { ...valid, destination: { catalog: name } }), name).not.toThrow();
    }
  });

  it("parses the documented timestamp forms", () => {
    expect(parseAsOfTimestamp("2026-01-31T23:59:59Z")?.toISOString()).toBe("2026-01-31T23:59:59.000Z");
    expect(parseAsOfTimestamp("2026-01-31 23:59:59")?.toISOString()).toBe("2026-01-31T23:59:59.000Z");
    expect(parseAsOfTimestamp("2026-01-31")?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(parseAsOfTimestamp("2026-01-31T23:59:59.5+02:00")?.toISOString()).toBe("2026-01-31T21:59:59.500Z");
    expect(parseAsOfTimestamp("2026-02-30")).toBeUndefined();
    expect(parseAsOfTimestamp("yesterday")).toBeUndefined();
  });
});
