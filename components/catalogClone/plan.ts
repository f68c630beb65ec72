/**
 * Planning: a pure function from the validated arguments and what discovery saw on both sides to the
 * objects a CatalogClone registers (with the reason for each) and the objects it leaves alone (with
 * the reason why). No I/O, so every rule is unit-tested directly.
 */
import type { ResolvedCatalogCloneArgs, SyncMode } from "./args";
import type { DiscoveredCatalog, DiscoveredTable } from "./discovery";
import { compileNamePattern } from "./namePattern";

/** Why an object of the source is not cloned. */
export type SkipReason =
  | "STREAMING_TABLE"
  | "MATERIALIZED_VIEW"
  | "VIEW"
  | "UNKNOWN_TYPE"
  | "UNSUPPORTED_FORMAT"
  | "NOT_DELTA"
  | "SHALLOW_UNSUPPORTED"
  | "EXCLUDED_SCHEMA"
  | "EXCLUDED_TABLE";

export interface SkippedObject {
  schema: string;
  name: string;
  tableType: string;
  reason: SkipReason;
  /** One sentence for humans: what was skipped and what to do about it. */
  detail: string;
}

export interface PlannedSchema {
  name: string;
  existsInDestination: boolean;
  /** Set when no in-scope source schema of that name remains but destination tables in it are retained. */
  retainedBecause?: string;
}

export interface PlannedTable {
  schema: string;
  table: string;
  sync: SyncMode;
  source: DiscoveredTable;
  /** The destination table as discovered now (undefined: not there). */
  destination: DiscoveredTable | undefined;
  /** Why it is registered: "new in destination", "exists in destination", ... */
  reason: string;
}

export interface RetainedTable {
  schema: string;
  table: string;
  destination: DiscoveredTable;
  /** Why the destination table stays registered although nothing is cloned into it. */
  retainedBecause: string;
}

export interface ClonePlan {
  sourceCatalog: string;
  destinationCatalog: string;
  destinationExists: boolean;
  schemas: PlannedSchema[];
  tables: PlannedTable[];
  /** dropExtra off: destination tables kept registered (never dropped) although nothing is cloned into them. */
  retained: RetainedTable[];
  /** dropExtra on: destination tables no longer registered (Pulumi deletes those this stack created). */
  released: { schema: string; table: string; because: string }[];
  skipped: SkippedObject[];
  /** Non-fatal findings, e.g. a tableOverrides key that matches no source table. */
  warnings: string[];
}

/** Table types CLONE accepts as a source (shallow clones are Delta tables too). */
const CLONABLE_TYPES = new Set(["MANAGED", "EXTERNAL", "MANAGED_SHALLOW_CLONE", "EXTERNAL_SHALLOW_CLONE"]);
/** Formats DEEP CLONE accepts (reference §1.6); this stack clones DELTA only (typeSkip: NOT_DELTA). */
const DEEP_FORMATS = new Set(["DELTA", "PARQUET", "ICEBERG"]);

function key(schema: string, table: string): string {
  return `${schema}.${table}`;
}

/** Why a source table cannot be cloned with this clone type, or undefined when it can. */
function typeSkip(t: DiscoveredTable, cloneType: "DEEP" | "SHALLOW"): Omit<SkippedObject, "schema" | "name" | "tableType"> | undefined {
  const type = t.tableType.toUpperCase();
  if (type === "STREAMING_TABLE") {
    return { reason: "STREAMING_TABLE", detail: "streaming tables are owned by their pipeline and cannot be cloned; run the pipeline against the destination instead." };
  }
  if (type === "MATERIALIZED_VIEW") {
    return { reason: "MATERIALIZED_VIEW", detail: "materialized views are owned by their pipeline and cannot be cloned; recreate them in the destination." };
  }
  if (type === "VIEW" || type === "METRIC_VIEW") {
    return { reason: "VIEW", detail: "views are not cloned yet." };
  }
  if (!CLONABLE_TYPES.has(type)) {
    return { reason: "UNKNOWN_TYPE", detail: `table type ${t.tableType} cannot be cloned; skipped rather than risk a failing CLONE.` };
  }
  const format = (t.format ?? "DELTA").toUpperCase();
  if (!DEEP_FORMATS.has(format)) {
    return { reason: "UNSUPPORTED_FORMAT", detail: `${format} tables cannot be cloned (CLONE reads Delta, Parquet and Iceberg only).` };
  }
  // Databricks can DEEP CLONE a Parquet/Iceberg table at its current state, but it has no Delta history:
  // no VERSION AS OF to pin and validate the clone against (the source may move between clone and
  // check), no DESCRIBE HISTORY to confirm drift or to record what was cloned, only last_altered. A
  // clone this stack could neither verify nor keep in sync is skipped, with the way out.
  if (format !== "DELTA") {
    return {
      reason: "NOT_DELTA",
      detail:
        `${format} tables have no Delta history, so a clone could not be pinned to a source version, validated or kept in sync; ` +
        "convert the source with CONVERT TO DELTA to clone it, or copy it once outside this stack (CREATE TABLE ... DEEP CLONE).",
    };
  }
  if (cloneType === "SHALLOW") {
    if (type.startsWith("EXTERNAL")) {
      return { reason: "SHALLOW_UNSUPPORTED", detail: "SHALLOW clone of an EXTERNAL table needs an external LOCATION, which is not supported; use cloneType DEEP." };
    }
  }
  return undefined;
}

/** Scope filter for schema names; undefined when in scope. */
function schemaOutOfScope(schema: string, args: ResolvedCatalogCloneArgs): string | undefined {
  const scope = args.scope;
  if (schema === "information_schema") return "information_schema is never cloned.";
  if (scope?.includeSchemas && !scope.includeSchemas.includes(schema)) return `schema ${schema} is not in scope.includeSchemas.`;
  if (scope?.excludeSchemas?.includes(schema)) return `schema ${schema} is in scope.excludeSchemas.`;
  return undefined;
}

/**
 * Scope filter for table names; undefined when in scope. Names come from the source catalog (anyone
 * who can create a table there chooses them), so patterns run on the linear-time engine (namePattern.ts).
 */
function tableOutOfScope(table: string, args: ResolvedCatalogCloneArgs): string | undefined {
  const scope = args.scope;
  if (scope?.includeTables && !compileNamePattern(scope.includeTables).test(table)) return `table ${table} does not match scope.includeTables /${scope.includeTables}/.`;
  if (scope?.excludeTables && compileNamePattern(scope.excludeTables).test(table)) return `table ${table} matches scope.excludeTables /${scope.excludeTables}/.`;
  return undefined;
}

function byName<T extends { schema: string }>(nameOf: (x: T) => string) {
  return (a: T, b: T) => (a.schema === b.schema ? nameOf(a).localeCompare(nameOf(b)) : a.schema.localeCompare(b.schema));
}

/**
 * Plans a clone. `source` must exist; `destination.exists === false` means an empty destination.
 * Deterministic: the same inputs always give the same plan, sorted by schema then table.
 */
export function planClone(args: ResolvedCatalogCloneArgs, source: DiscoveredCatalog, destination: DiscoveredCatalog): ClonePlan {
  const skipped: SkippedObject[] = [];
  const tables: PlannedTable[] = [];
  const warnings: string[] = [];
  const destTables = new Map(destination.tables.map((t) => [key(t.schema, t.name), t]));
  const destSchemas = new Set(destination.schemas);
  const schemas = new Map<string, PlannedSchema>();

  const inScopeSourceSchemas = new Set<string>();
  for (const s of [...source.schemas, ...source.tables.map((t) => t.schema)]) {
    if (!schemaOutOfScope(s, args)) inScopeSourceSchemas.add(s);
  }
  for (const s of inScopeSourceSchemas) schemas.set(s, { name: s, existsInDestination: destSchemas.has(s) });

  for (const t of source.tables) {
    const base = { schema: t.schema, name: t.name, tableType: t.tableType };
    if (t.schema === "information_schema") continue;
    const schemaWhy = schemaOutOfScope(t.schema, args);
    if (schemaWhy) {
      skipped.push({ ...base, reason: "EXCLUDED_SCHEMA", detail: schemaWhy });
      continue;
    }
    const tableWhy = tableOutOfScope(t.name, args);
    if (tableWhy) {
      skipped.push({ ...base, reason: "EXCLUDED_TABLE", detail: tableWhy });
      continue;
    }
    const why = typeSkip(t, args.cloneType);
    if (why) {
      skipped.push({ ...base, ...why });
      continue;
    }
    const dest = destTables.get(key(t.schema, t.name));
    tables.push({
      schema: t.schema,
      table: t.name,
      sync: args.tableOverrides?.[key(t.schema, t.name)]?.sync ?? args.sync,
      source: t,
      destination: dest,
      reason: dest ? `exists in destination as ${dest.tableType}` : "not in destination yet",
    });
  }

  const sourceKeys = new Map(source.tables.map((t) => [key(t.schema, t.name), t]));
  for (const k of Object.keys(args.tableOverrides ?? {})) {
    if (!tables.some((t) => key(t.schema, t.table) === k)) {
      warnings.push(`tableOverrides["${k}"] matches no cloned source table${sourceKeys.has(k) ? " (the table is skipped)" : ""}.`);
    }
  }

  const planned = new Set(tables.map((t) => key(t.schema, t.table)));
  const retained: RetainedTable[] = [];
  const released: ClonePlan["released"] = [];
  for (const d of destination.tables) {
    const k = key(d.schema, d.name);
    if (planned.has(k) || d.schema === "information_schema") continue;
    // Only tables can have been cloned by us; destination views etc. are never ours to manage.
    if (!CLONABLE_TYPES.has(d.tableType.toUpperCase())) continue;
    const src = sourceKeys.get(k);
    const because = !src
      ? "gone from source"
      : schemaOutOfScope(d.schema, args) || tableOutOfScope(d.name, args)
        ? "out of scope"
        : `source is now ${src.tableType}`;
    if (args.dropExtra) {
      released.push({ schema: d.schema, table: d.name, because });
    } else {
      retained.push({ schema: d.schema, table: d.name, destination: d, retainedBecause: because });
      if (!schemas.has(d.schema)) {
        schemas.set(d.schema, { name: d.schema, existsInDestination: true, retainedBecause: "holds retained tables" });
      }
    }
  }

  return {
    sourceCatalog: source.catalog,
    destinationCatalog: destination.catalog,
    destinationExists: destination.exists,
    schemas: [...schemas.values()].sort((a, b) => a.name.localeCompare(b.name)),
    tables: tables.sort(byName((t) => t.table)),
    retained: retained.sort(byName((t) => t.table)),
    released: released.sort(byName((t) => t.table)),
    skipped: skipped.sort(byName((t) => t.name)),
    warnings,
  };
}

/**
 * A scope that leaves nothing to clone is almost always a mistake (a pattern written against
 * `schema.table` instead of the table name, a schema list with a typo), and acting on it would
 * silently create an empty catalog, or, with dropExtra, release every table cloned so far. So it
 * fails before any write, saying what each scope field excluded. Undefined when the plan clones at
 * least one table, or when the scope excluded nothing (an empty source, or one holding only views,
 * clones to an empty catalog as asked).
 */
export function emptyScopeProblem(plan: ClonePlan, args: ResolvedCatalogCloneArgs): string | undefined {
  if (plan.tables.length > 0) return undefined;
  const excluded = plan.skipped.filter((s) => s.reason === "EXCLUDED_SCHEMA" || s.reason === "EXCLUDED_TABLE");
  if (excluded.length === 0) return undefined;
  // Which scope field excluded each object: the skip details above name it.
  const by = new Map<string, number>();
  for (const s of excluded) {
    const field = ["scope.includeSchemas", "scope.excludeSchemas", "scope.includeTables", "scope.excludeTables"].find((f) => s.detail.includes(f)) ?? "scope";
    const label = field.endsWith("Tables") ? `${field} /${field === "scope.includeTables" ? args.scope?.includeTables : args.scope?.excludeTables}/` : field;
    by.set(label, (by.get(label) ?? 0) + 1);
  }
  const counts = [...by].map(([field, n]) => `${n} by ${field}`).join(", ");
  const examples = excluded.slice(0, 5).map((s) => `${s.schema}.${s.name}`).join(", ");
  const rest = plan.skipped.length - excluded.length;
  return (
    `scope leaves no table to clone from source catalog "${plan.sourceCatalog}": it excluded ${excluded.length} object${excluded.length === 1 ? "" : "s"} ` +
    `(${counts}; e.g. ${examples})${rest > 0 ? ` and the ${rest} it kept cannot be cloned (views, streaming tables, ...)` : ""}, ` +
    "so the destination would be an empty catalog. Nothing was written. " +
    'Fix the scope (includeTables/excludeTables match the table name without its schema: "orders", not "sales.orders"), or remove it to clone every table.'
  );
}
