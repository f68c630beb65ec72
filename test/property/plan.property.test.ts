/**
 * Properties of the planner (components/catalogClone/plan.ts) for arbitrary source and destination
 * catalogs: schemas (empty ones too), tables of every table_type / data_source_format discovery reports,
 * names Unity Catalog accepts however odd (punctuation, digits first, accents composed or decomposed,
 * invisible characters), scopes with include/exclude lists and patterns, tableOverrides, dropExtra, and
 * whatever the destination tables' markers say (this stack's, a copy of one of its clones, another
 * stack's, none, unreadable, gone since discovery, not read).
 *
 * - every source object (information_schema aside) is planned or skipped, exactly once;
 * - every destination table (information_schema aside) is planned, retained, released or foreign,
 *   exactly once, except one whose marker read found it gone since discovery (then none); only this
 *   stack's clones are retained or released, released only with dropExtra, and the planner asked for
 *   the marker of each of them (unplannedDestinationTables);
 * - no source table protected by a row filter or column mask reaches the clone kind: after
 *   planProtectedTables it is copied with its policies or skipped, once; each of this stack's plain
 *   clones of one is retained with a warning naming it;
 * - the plan is deterministic: the same inputs in any discovery order give the same plan.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs, type CatalogCloneArgs } from "../../components/catalogClone/args";
import type { AccessPolicies, DiscoveredCatalog, DiscoveredTable, TableMarkerRead } from "../../components/catalogClone/discovery";
import { planClone, unplannedDestinationTables, type DestinationOwnership } from "../../components/catalogClone/plan";
import { planProtectedTables, protectedWithDestination } from "../../components/catalogClone/protectedPlan";
import type { PolicySpec } from "../../provider/resources/protectedTable/inputs";
import { ambiguousNameProblem } from "../../provider/vocabulary/unambiguousName";
import { propertyRuns } from "./propertyRuns";

const ME = "proj/qa";
const key = (schema: string, name: string) => `${schema}.${name}`;

/**
 * Names as information_schema reports them (lower case; no dots, spaces, slashes or control characters,
 * which Unity Catalog refuses). Look-alike names are refused in arguments but exist in catalogs.
 */
const ODD_NAMES = ["a", "b", "sales", "x-y", "2024_q1", "we`ird", "100%", "a:b", "o'k", "café", "cafe\u0301", "a\u200bb", "a\u00adb", "日本", "_"];
const name = fc.oneof(fc.constantFrom(...ODD_NAMES), fc.string({ unit: fc.constantFrom(..."abé_-%`1".split("")), minLength: 1, maxLength: 4 }));
const schemaName = fc.oneof({ arbitrary: name, weight: 9 }, fc.constant("information_schema"));

const TABLE_TYPES = ["MANAGED", "EXTERNAL", "MANAGED_SHALLOW_CLONE", "EXTERNAL_SHALLOW_CLONE", "VIEW", "METRIC_VIEW", "MATERIALIZED_VIEW", "STREAMING_TABLE", "FOREIGN", "managed"];
const FORMATS = ["DELTA", "delta", "PARQUET", "ICEBERG", "CSV", "JSON", null];
// Mostly clonable Delta tables, so that plans hold enough of everything.
const tableType = fc.oneof({ arbitrary: fc.constantFrom("MANAGED", "EXTERNAL", "MANAGED_SHALLOW_CLONE"), weight: 3 }, fc.constantFrom(...TABLE_TYPES));
const format = fc.oneof({ arbitrary: fc.constant("DELTA"), weight: 3 }, fc.constantFrom(...FORMATS));
const tableKind = fc.record({ tableType, format });
const lastAltered = fc.constantFrom("2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", null);
/** A row filter and/or column masks (information_schema ROW_FILTERS / COLUMN_MASKS), on about one table in four. */
const policies: fc.Arbitrary<AccessPolicies> = fc.oneof(
  fc.constant({ rowFilter: "prod.s.eu_only", maskedColumns: 0, maskFunction: null }),
  fc.integer({ min: 1, max: 3 }).map((n) => ({ rowFilter: null, maskedColumns: n, maskFunction: "prod.s.mask" })),
  fc.constant({ rowFilter: "prod.s.f", maskedColumns: 1, maskFunction: "prod.s.m" }),
);
const table = (schema: fc.Arbitrary<string>): fc.Arbitrary<DiscoveredTable> =>
  fc
    .record({ schema, name, tableType, format, lastAltered, policies: fc.option(policies, { nil: undefined, freq: 3 }) })
    .map(({ policies: p, ...t }) => (p ? { ...t, policies: p } : t));
const uniqueTables = (arb: fc.Arbitrary<DiscoveredTable>, maxLength: number) => fc.uniqueArray(arb, { maxLength, selector: (t) => key(t.schema, t.name) });

/** A marker read for a destination table: what discovery could find in its TBLPROPERTIES, or nothing read. */
const markerFor = (t: DiscoveredTable): fc.Arbitrary<TableMarkerRead | undefined> =>
  fc.oneof(
    { arbitrary: fc.constant<TableMarkerRead>({ kind: "read", owner: ME, source: `prod.${key(t.schema, t.name)}` }), weight: 4 }, // ours
    fc.constant<TableMarkerRead>({ kind: "read", owner: ME, source: "prod.other.table" }), // a copy of one of our clones
    fc.constant<TableMarkerRead>({ kind: "read", owner: "proj/dev", source: `prod.${key(t.schema, t.name)}` }), // another stack's
    fc.constant<TableMarkerRead>({ kind: "read", owner: null, source: null }),
    fc.constant<TableMarkerRead>({ kind: "read", owner: " ", source: null }),
    fc.constant<TableMarkerRead>({ kind: "gone" }),
    fc.constant<TableMarkerRead>({ kind: "unreadable", reason: "PERMISSION_DENIED" }),
    fc.constant(undefined),
  );

/** Names the argument schema accepts in schema lists and tableOverrides keys. */
const validArgName = (n: string) => n !== "information_schema" && !/[.\s/]/.test(n) && ambiguousNameProblem(n) === undefined;
const PATTERNS = ["^a", "b$", "_", "(?i)A", "é", "^[0-9]", "-|%", "`", "^(a+)+$", "\\d", "^$"];

const mostly = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false));

interface World {
  args: CatalogCloneArgs;
  source: DiscoveredCatalog;
  destination: DiscoveredCatalog;
  ownership: DestinationOwnership | undefined;
}

const world: fc.Arbitrary<World> = fc
  .tuple(uniqueTables(table(schemaName), 12), fc.uniqueArray(schemaName, { maxLength: 4 }))
  .chain(([sourceTables, emptySchemas]) => {
    const sourceSchemas = [...new Set([...sourceTables.map((t) => t.schema), ...emptySchemas])].filter((s) => s !== "information_schema");
    // Destination tables: some at a source table's name (of any kind), some elsewhere.
    const atSource = sourceTables.length === 0 ? fc.constant([]) : fc.subarray(sourceTables).chain((ts) => fc.tuple(...ts.map((t) => tableKind.map((k) => ({ ...t, ...k })))));
    const schemas = [...new Set([...sourceSchemas, "information_schema"])];
    const destinationTables = fc
      .tuple(atSource, uniqueTables(table(fc.oneof(fc.constantFrom(...schemas), schemaName)), 6))
      .map(([a, b]) => {
        const seen = new Set(a.map((t) => key(t.schema, t.name)));
        return [...a, ...b.filter((t) => !seen.has(key(t.schema, t.name)))];
      });
    const argNames = sourceSchemas.filter(validArgName);
    const scope = fc.record(
      {
        includeSchemas: argNames.length === 0 ? fc.constant(undefined) : fc.option(fc.subarray(argNames, { minLength: 1 }), { nil: undefined, freq: 2 }),
        excludeSchemas: fc.option(fc.subarray(argNames), { nil: undefined, freq: 2 }),
        includeTables: fc.option(fc.constantFrom(...PATTERNS), { nil: undefined, freq: 2 }),
        excludeTables: fc.option(fc.constantFrom(...PATTERNS), { nil: undefined, freq: 2 }),
      },
      { requiredKeys: [] },
    );
    const overrideKeys = [...sourceTables.map((t) => key(t.schema, t.name)).filter((k) => k.split(".").every(validArgName)), "s.nope"];
    const overrides = fc.dictionary(fc.constantFrom(...overrideKeys), fc.record({ sync: fc.constantFrom("snapshot", "selective", "mirror", "full") as fc.Arbitrary<"snapshot" | "selective" | "mirror" | "full"> }), { maxKeys: 3 });
    return fc.record({
      sourceTables: fc.constant(sourceTables),
      sourceSchemas: fc.constant(sourceSchemas),
      destinationTables,
      destinationExtraSchemas: fc.uniqueArray(name, { maxLength: 2 }),
      destinationExists: mostly,
      cloneType: fc.constantFrom("DEEP", "SHALLOW") as fc.Arbitrary<"DEEP" | "SHALLOW">,
      sync: fc.constantFrom("snapshot", "selective", "mirror", "full") as fc.Arbitrary<"snapshot" | "selective" | "mirror" | "full">,
      dropExtra: fc.boolean(),
      scope: fc.option(scope, { nil: undefined, freq: 2 }),
      tableOverrides: fc.option(overrides, { nil: undefined }),
      withOwnership: mostly,
    });
  })
  .chain((w) =>
    fc.tuple(fc.constant(w), fc.tuple(...w.destinationTables.map(markerFor)) as fc.Arbitrary<(TableMarkerRead | undefined)[]>),
  )
  .map(([w, markers]): World => {
    const scope = w.scope && {
      ...w.scope,
      // The arguments refuse a schema in both lists and the same pattern twice.
      excludeSchemas: w.scope.excludeSchemas?.filter((s) => !w.scope!.includeSchemas?.includes(s)),
      excludeTables: w.scope.excludeTables === w.scope.includeTables ? undefined : w.scope.excludeTables,
    };
    const destinationTables = w.destinationExists ? w.destinationTables : [];
    const ownership: DestinationOwnership | undefined = w.withOwnership
      ? { owner: ME, tables: new Map(destinationTables.flatMap((t, i) => (markers[i] ? [[key(t.schema, t.name), markers[i]] as const] : []))) }
      : undefined;
    return {
      args: { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: w.cloneType, sync: w.sync, dropExtra: w.dropExtra, scope, tableOverrides: w.tableOverrides },
      source: { catalog: "prod", exists: true, schemas: w.sourceSchemas, tables: w.sourceTables },
      destination: {
        catalog: "qa",
        exists: w.destinationExists,
        schemas: w.destinationExists ? [...new Set([...destinationTables.map((t) => t.schema), ...w.destinationExtraSchemas])].filter((s) => s !== "information_schema") : [],
        tables: destinationTables,
      },
      ownership,
    };
  });

/** How many times each key occurs in `keys`. */
function counts(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

describe("planClone (property)", () => {
  it("plans or skips every source object exactly once, and nothing else", () => {
    fc.assert(
      fc.property(world, ({ args, source, destination, ownership }) => {
        const resolved = resolveCatalogCloneArgs("t", args);
        const plan = planClone(resolved, source, destination, ownership);
        const seen = counts([...plan.tables.map((t) => key(t.schema, t.table)), ...plan.skipped.map((s) => key(s.schema, s.name))]);
        for (const t of source.tables) {
          const k = key(t.schema, t.name);
          expect(seen.get(k) ?? 0, `source ${JSON.stringify(k)}`).toBe(t.schema === "information_schema" ? 0 : 1);
        }
        expect(plan.tables.length + plan.skipped.length).toBe(source.tables.filter((t) => t.schema !== "information_schema").length);
        for (const p of plan.tables) {
          const k = key(p.schema, p.table);
          expect(p.source).toEqual(source.tables.find((t) => key(t.schema, t.name) === k));
          expect(p.destination).toEqual(destination.tables.find((t) => key(t.schema, t.name) === k));
          expect(p.sync).toBe(resolved.tableOverrides?.[k]?.sync ?? resolved.sync);
          expect(plan.schemas.map((s) => s.name)).toContain(p.schema);
        }
      }),
      propertyRuns(300),
    );
  });

  it("plans, retains, releases or leaves alone every destination table exactly once; only this stack's clones are registered", () => {
    fc.assert(
      fc.property(world, ({ args, source, destination, ownership }) => {
        const resolved = resolveCatalogCloneArgs("t", args);
        const plan = planClone(resolved, source, destination, ownership);
        const planned = new Set(plan.tables.map((t) => key(t.schema, t.table)));
        const registered = counts([
          ...plan.tables.filter((t) => t.destination !== undefined).map((t) => key(t.schema, t.table)),
          ...plan.retained.map((r) => key(r.schema, r.table)),
          ...plan.released.map((r) => key(r.schema, r.table)),
          ...plan.foreign.map((f) => key(f.schema, f.name)),
        ]);
        const asked = new Set(unplannedDestinationTables(resolved, source, destination).map((t) => key(t.schema, t.name)));
        for (const d of destination.tables) {
          const k = key(d.schema, d.name);
          const read = ownership?.tables.get(k);
          const goneSinceDiscovery = !planned.has(k) && read?.kind === "gone" && asked.has(k);
          const expected = d.schema === "information_schema" || goneSinceDiscovery ? 0 : 1;
          expect(registered.get(k) ?? 0, `destination ${JSON.stringify(k)}`).toBe(expected);
        }
        const destinationKeys = new Set(destination.tables.map((d) => key(d.schema, d.name)));
        for (const k of registered.keys()) expect(destinationKeys, `registered ${JSON.stringify(k)}`).toContain(k);
        for (const r of [...plan.retained.map((x) => ({ schema: x.schema, name: x.table })), ...plan.released.map((x) => ({ schema: x.schema, name: x.table }))]) {
          const k = key(r.schema, r.name);
          expect(asked, `marker of ${JSON.stringify(k)} asked for`).toContain(k);
          expect(ownership?.tables.get(k)).toEqual({ kind: "read", owner: ME, source: `prod.${k}` });
        }
        if (!resolved.dropExtra) expect(plan.released).toEqual([]);
        for (const r of plan.retained) expect(plan.schemas.map((s) => s.name)).toContain(r.schema);
        expect(new Set(plan.schemas.map((s) => s.name)).size).toBe(plan.schemas.length);
      }),
      propertyRuns(300),
    );
  });

  it("never hands a protected source table to the clone kind: it is copied with its policies or skipped; this stack's earlier plain clones of one are kept, each with a warning", () => {
    fc.assert(
      fc.property(world, ({ args, source, destination, ownership }) => {
        const resolved = { ...resolveCatalogCloneArgs("t", args), policyFunctions: "source" as const };
        const planned = planClone(resolved, source, destination, ownership);
        // What discovery would read: each protected table's policies, and the markers of those already in the destination.
        const policies = { tables: new Map<string, PolicySpec>(), functions: new Map() };
        for (const t of source.tables) {
          if (!t.policies) continue;
          const f = (name: string | null) => (name ? { catalog: "prod", schema: name.split(".")[1], name: name.split(".")[2] } : null);
          const rf = f(t.policies.rowFilter);
          const mf = f(t.policies.maskFunction);
          policies.tables.set(key(t.schema, t.name).toLowerCase(), { rowFilter: rf ? { function: rf, columns: ["c"] } : null, masks: mf ? [{ column: "m", function: mf, using: [] }] : [] });
        }
        const markers = new Map(protectedWithDestination(planned).map((t): [string, TableMarkerRead] => [key(t.schema, t.name), ownership?.tables.get(key(t.schema, t.name)) ?? { kind: "read", owner: null, source: null }]));
        const { plan, protectedTables } = planProtectedTables(planned, resolved, policies, markers, ME);
        for (const p of plan.tables) expect(p.source.policies, `planned ${JSON.stringify(p.schema)}.${JSON.stringify(p.table)}`).toBeUndefined();
        for (const p of protectedTables) expect(p.source.policies).toBeDefined();
        for (const s of plan.skipped) {
          const t = source.tables.find((x) => x.schema === s.schema && x.name === s.name)!;
          if (s.reason === "ROW_ACCESS_POLICY") expect(t.policies).toBeDefined();
        }
        const copied = new Set(protectedTables.map((p) => key(p.schema, p.table)));
        for (const t of planned.tables.filter((x) => x.source.policies)) {
          const k = key(t.schema, t.table);
          const skippedFor = plan.skipped.filter((x) => key(x.schema, x.name) === k).length;
          expect(skippedFor + (copied.has(k) ? 1 : 0), `protected ${JSON.stringify(k)} copied or skipped once`).toBe(1);
        }
        const kept = plan.retained.filter((r) => r.sourceSkipped === "ROW_ACCESS_POLICY");
        for (const r of kept) expect(plan.released.some((x) => x.schema === r.schema && x.table === r.table)).toBe(false);
        const MARK = " in the destination is UNRESTRICTED";
        const warned = plan.warnings.filter((w) => w.includes(MARK));
        expect(warned.map((w) => w.slice(0, w.indexOf(MARK))).sort()).toEqual(kept.map((r) => `${r.schema}.${r.table}`).sort());
      }),
      propertyRuns(300),
    );
  });

  it("is deterministic: the same catalogs in any discovery order give the same plan", () => {
    const shuffled = <T>(xs: readonly T[]) =>
      fc.array(fc.nat(), { minLength: xs.length, maxLength: xs.length }).map((ranks) => xs.map((x, i) => [ranks[i], x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x));
    const input = world.chain((w) =>
      fc.record({
        w: fc.constant(w),
        sourceTables: shuffled(w.source.tables),
        sourceSchemas: shuffled(w.source.schemas),
        destinationTables: shuffled(w.destination.tables),
        destinationSchemas: shuffled(w.destination.schemas),
        markers: shuffled([...(w.ownership?.tables ?? new Map()).entries()]),
      }),
    );
    fc.assert(
      fc.property(input, ({ w, sourceTables, sourceSchemas, destinationTables, destinationSchemas, markers }) => {
        const resolved = resolveCatalogCloneArgs("t", w.args);
        const plan = planClone(resolved, w.source, w.destination, w.ownership);
        expect(planClone(resolved, w.source, w.destination, w.ownership)).toEqual(plan);
        const again = planClone(
          resolved,
          { ...w.source, tables: sourceTables, schemas: sourceSchemas },
          { ...w.destination, tables: destinationTables, schemas: destinationSchemas },
          w.ownership && { owner: w.ownership.owner, tables: new Map(markers) },
        );
        expect(again).toEqual(plan);
      }),
      propertyRuns(300),
    );
  });
});
