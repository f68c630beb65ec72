/**
 * Planning: a pure function from the validated arguments and what discovery saw on both sides to the
 * objects a CatalogClone registers (with the reason for each) and the objects it leaves alone (with
 * the reason why). No I/O, so every rule is unit-tested directly.
 */
import type { CloneType } from "../../provider/vocabulary/cloneType";
import type { SyncMode } from "../../provider/vocabulary/syncMode";
import type { ResolvedCatalogCloneArgs } from "./args";
import type { AccessPolicies, DiscoveredCatalog, DiscoveredTable, TableMarkerRead } from "./discovery";
import { compileNamePattern } from "./namePattern";
import { planVolumes, type VolumePlan } from "./volumePlan";
import type { DefinitionSkipReason, PlannedFunction, PlannedView } from "./definitionPlan";
import { creationTokenOwner, effectiveMarker, otherStackError, ownershipOf } from "../../provider/resources/ownership";

/** Why an object of the source is not cloned. */
export type SkipReason =
  | "STREAMING_TABLE"
  | "MATERIALIZED_VIEW"
  | "VIEW"
  | "UNKNOWN_TYPE"
  | "UNSUPPORTED_FORMAT"
  | "NOT_DELTA"
  | "ROW_ACCESS_POLICY"
  | "SHALLOW_UNSUPPORTED"
  | "EXCLUDED_SCHEMA"
  | "EXCLUDED_TABLE"
  | "EXTERNAL_VOLUME_UNMAPPED"
  | DefinitionSkipReason;

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
  /**
   * Set when the source table still exists but is skipped for its type or format (e.g. NOT_DELTA, new in
   * this version for Parquet/Iceberg sources an earlier version cloned) or for the row filter / column mask
   * it has gained since (ROW_ACCESS_POLICY: the plan warns that the copy is unrestricted): kept whatever
   * dropExtra says.
   */
  sourceSkipped?: SkipReason;
}

/**
 * A destination object this stack did not create: never registered (so never written, never dropped,
 * whatever `dropExtra` says), listed so users see what `up` leaves alone (DESIGN §4.8).
 */
export interface ForeignObject {
  schema: string;
  name: string;
  tableType: string;
  /** The owner marker it carries (another stack's), null when it has none or it was not read. */
  owner: string | null;
  /** Why it is not this stack's, for humans. */
  because: string;
}

/** What the planner needs to tell this stack's destination tables from everyone else's. */
export interface DestinationOwnership {
  /** This stack's marker, `<project>/<stack>`. */
  owner: string;
  /**
   * Markers of the destination tables the plan does not clone into (unplannedDestinationTables), keyed
   * `schema.table`. A table missing from the map was not read and counts as foreign.
   */
  tables: ReadonlyMap<string, TableMarkerRead>;
}

export interface ClonePlan {
  sourceCatalog: string;
  destinationCatalog: string;
  destinationExists: boolean;
  schemas: PlannedSchema[];
  tables: PlannedTable[];
  /** Views to register, in creation order, their text rewritten for the destination (definitions.ts withDefinitions; empty before). */
  views: PlannedView[];
  /** SQL functions to register, in creation order (definitionPlan.ts). */
  functions: PlannedFunction[];
  /**
   * Destination tables THIS STACK cloned (their marker says so) kept registered (never written, never
   * dropped) although nothing is cloned into them any more: with dropExtra off, all of them; with it on,
   * those whose source still exists but is skipped for its type or format (sourceSkipped).
   */
  retained: RetainedTable[];
  /** dropExtra on: this stack's destination tables no longer registered (Pulumi deletes them). */
  released: { schema: string; table: string; because: string }[];
  /** Destination objects not created by this stack: left alone, whatever dropExtra says. */
  foreign: ForeignObject[];
  skipped: SkippedObject[];
  /** Volumes: registered, retained, released (skipped and foreign ones are in `skipped` / `foreign`). volumePlan.ts. */
  volumes: Pick<VolumePlan, "volumes" | "retained" | "released">;
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
function typeSkip(t: DiscoveredTable, cloneType: CloneType): Omit<SkippedObject, "schema" | "name" | "tableType"> | undefined {
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
  // A table of a catalog USING SHARE reads as DELTASHARING: Databricks DEEP CLONEs it as the Delta table it
  // is (reference §5: DR by incremental deep clone from a share catalog); a SHALLOW clone of it is refused.
  if (format === "DELTASHARING") {
    return cloneType === "SHALLOW" ? { reason: "SHALLOW_UNSUPPORTED", detail: "a table of a shared catalog (Delta Sharing) can only be DEEP cloned; use cloneType DEEP." } : undefined;
  }
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

/** The policies of a table, in words: "a row filter (function c.s.f) and column masks on 2 columns (function c.s.m, ...)". */
export function describePolicies(p: AccessPolicies): string {
  const parts: string[] = [];
  if (p.rowFilter !== null) parts.push(`a row filter (function ${p.rowFilter})`);
  if (p.maskedColumns > 0) {
    const fn = p.maskFunction === null ? "" : ` (function ${p.maskFunction}${p.maskedColumns > 1 ? ", ..." : ""})`;
    parts.push(p.maskedColumns === 1 ? `a column mask${fn}` : `column masks on ${p.maskedColumns} columns${fn}`);
  }
  return parts.join(" and ");
}

/**
 * Why a source table protected by a row filter or column mask is not cloned (DESIGN §4 invariant 10,
 * "never less protected than the source"). Databricks refuses DEEP and SHALLOW CLONE of such a table
 * (reference §4.4). With DEEP it is planned like any table, and protectedPlan.ts copies it into a table
 * created WITH its policies (or says why not); SHALLOW promises a copy without data, which a protected
 * table cannot have, so it is skipped. Undefined when the table has no policy or cloneType is DEEP.
 */
function policySkip(t: DiscoveredTable, cloneType: CloneType): Omit<SkippedObject, "schema" | "name" | "tableType"> | undefined {
  if (!t.policies || cloneType !== "SHALLOW") return undefined;
  return {
    reason: "ROW_ACCESS_POLICY",
    detail:
      `protected by ${describePolicies(t.policies)}: Databricks refuses to SHALLOW CLONE it, and a clone would be readable without the policies; ` +
      "use cloneType DEEP to copy it into a table created with the same row filter and masks.",
  };
}

/** Why a source table in scope is not cloned (its type or format first, then its policies), or undefined when it is. */
function sourceSkip(t: DiscoveredTable, cloneType: CloneType): Omit<SkippedObject, "schema" | "name" | "tableType"> | undefined {
  return typeSkip(t, cloneType) ?? policySkip(t, cloneType);
}

/** Scope filter for schema names; undefined when in scope. */
export function schemaOutOfScope(schema: string, args: ResolvedCatalogCloneArgs): string | undefined {
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
export function tableOutOfScope(table: string, args: ResolvedCatalogCloneArgs): string | undefined {
  const scope = args.scope;
  if (scope?.includeTables && !compileNamePattern(scope.includeTables).test(table)) return `table ${table} does not match scope.includeTables /${scope.includeTables}/.`;
  if (scope?.excludeTables && compileNamePattern(scope.excludeTables).test(table)) return `table ${table} matches scope.excludeTables /${scope.excludeTables}/.`;
  return undefined;
}

/**
 * Locale order, then code-unit order between different names the locale ranks equal (`é` composed and
 * decomposed, names with invisible characters), so the order never depends on discovery's.
 */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function byName<T extends { schema: string }>(nameOf: (x: T) => string) {
  return (a: T, b: T) => compareNames(a.schema, b.schema) || compareNames(nameOf(a), nameOf(b));
}

/** The source tables to clone (with their destination as discovered) and the source objects skipped. */
function planSourceTables(args: ResolvedCatalogCloneArgs, source: DiscoveredCatalog, destination: DiscoveredCatalog): { tables: PlannedTable[]; skipped: SkippedObject[] } {
  const skipped: SkippedObject[] = [];
  const tables: PlannedTable[] = [];
  const destTables = new Map(destination.tables.map((t) => [key(t.schema, t.name), t]));
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
    // Views are planned with functions (definitionPlan.ts) once discovery has read their definitions.
    if (t.tableType.toUpperCase() === "VIEW" && source.views !== undefined) continue;
    const why = sourceSkip(t, args.cloneType);
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
  return { tables, skipped };
}

/** Destination objects the plan clones nothing into (information_schema aside), in discovery order. */
function unplannedDestinationObjects(planned: ReadonlySet<string>, destination: DiscoveredCatalog): DiscoveredTable[] {
  return destination.tables.filter((d) => d.schema !== "information_schema" && !planned.has(key(d.schema, d.name)));
}

/**
 * The destination tables whose ownership marker the planner needs: tables (of a type a clone can
 * produce) that the plan clones nothing into. Only this stack's may be registered (retained or
 * released); the others are foreign. Usually none, so reading their markers costs nothing on a
 * no-drift run. Views and other objects are never a clone of ours and need no marker.
 */
export function unplannedDestinationTables(args: ResolvedCatalogCloneArgs, source: DiscoveredCatalog, destination: DiscoveredCatalog): { schema: string; name: string }[] {
  const planned = new Set(planSourceTables(args, source, destination).tables.map((t) => key(t.schema, t.table)));
  return unplannedDestinationObjects(planned, destination)
    .filter((d) => CLONABLE_TYPES.has(d.tableType.toUpperCase()))
    .map((d) => ({ schema: d.schema, name: d.name }));
}

/**
 * Is the unplanned destination table `d` this stack's clone? Undefined when it is (and still there);
 * otherwise why it is foreign, or "gone" when it was dropped since discovery. A table is this stack's
 * when its owner marker names this stack AND its source marker names a table of the same schema and
 * name (every clone of this stack is named after its source): a copy someone made of one of our clones
 * (CLONE copies TBLPROPERTIES) carries our owner marker but another table's source marker.
 */
function foreignBecause(d: DiscoveredTable, read: TableMarkerRead | undefined, owner: string): string | "gone" | undefined {
  if (!CLONABLE_TYPES.has(d.tableType.toUpperCase())) return `a ${d.tableType} (this stack only creates tables)`;
  if (read === undefined) return "not created by this stack (its marker was not read)";
  if (read.kind === "gone") return "gone";
  if (read.kind === "unreadable") return `not created by this stack (its properties cannot be read: ${read.reason})`;
  const found = ownershipOf(read.owner, owner);
  if (found.kind === "none") return "not created by this stack";
  if (found.kind === "other") return `belongs to stack ${found.owner}`;
  const parts = read.source?.split(".");
  if (parts && parts.length === 3 && `${parts[1]}.${parts[2]}` !== key(d.schema, d.name).toLowerCase()) {
    return `not created by this stack: it carries this stack's marker for ${read.source} (a copy of one of its clones?)`;
  }
  return undefined;
}

/**
 * Plans a clone. `source` must exist; `destination.exists === false` means an empty destination.
 * `ownership` tells this stack's destination tables from others' (without it, every unplanned
 * destination table is foreign). Deterministic: the same inputs always give the same plan, sorted by
 * schema then table.
 */
export function planClone(args: ResolvedCatalogCloneArgs, source: DiscoveredCatalog, destination: DiscoveredCatalog, ownership?: DestinationOwnership): ClonePlan {
  const warnings: string[] = [];
  const { tables, skipped } = planSourceTables(args, source, destination);
  const destSchemas = new Set(destination.schemas);
  const schemas = new Map<string, PlannedSchema>();

  const inScopeSourceSchemas = new Set<string>();
  for (const s of [...source.schemas, ...source.tables.map((t) => t.schema)]) {
    if (!schemaOutOfScope(s, args)) inScopeSourceSchemas.add(s);
  }
  for (const s of inScopeSourceSchemas) schemas.set(s, { name: s, existsInDestination: destSchemas.has(s) });

  const sourceKeys = new Map(source.tables.map((t) => [key(t.schema, t.name), t]));
  for (const k of Object.keys(args.tableOverrides ?? {})) {
    if (!tables.some((t) => key(t.schema, t.table) === k)) {
      warnings.push(`tableOverrides["${k}"] matches no cloned source table${sourceKeys.has(k) ? " (the table is skipped)" : ""}.`);
    }
  }

  // The source's views in scope are planned with functions (definitions.ts): their destination copies are not foreign.
  const viewInScope = (schema: string, name: string) => !schemaOutOfScope(schema, args) && !tableOutOfScope(name, args);
  const sourceViews = source.views === undefined ? [] : source.tables.filter((t) => t.tableType.toUpperCase() === "VIEW" && viewInScope(t.schema, t.name));
  const planned = new Set([...tables.map((t) => key(t.schema, t.table)), ...sourceViews.map((v) => key(v.schema, v.name))]);
  const retained: RetainedTable[] = [];
  const released: ClonePlan["released"] = [];
  const foreign: ForeignObject[] = [];
  const unrestricted: { d: DiscoveredTable; src: DiscoveredTable }[] = [];
  for (const d of unplannedDestinationObjects(planned, destination)) {
    const k = key(d.schema, d.name);
    const read = ownership?.tables.get(k);
    const notOurs = foreignBecause(d, read, ownership?.owner ?? "");
    if (notOurs === "gone") continue;
    if (notOurs !== undefined) {
      const marker = read?.kind === "read" && read.owner ? read.owner : null;
      foreign.push({ schema: d.schema, name: d.name, tableType: d.tableType, owner: marker, because: notOurs });
      continue;
    }
    // This stack's clone, which the plan no longer clones into.
    const src = sourceKeys.get(k);
    const outOfScope = src !== undefined && (schemaOutOfScope(d.schema, args) !== undefined || tableOutOfScope(d.name, args) !== undefined);
    // Its source still exists but is skipped for its type or format (NOT_DELTA: a Parquet/Iceberg source an
    // earlier version DEEP-cloned; a source now a view, ...): that says nothing against the clone, so it
    // is kept as it is (never written, never dropped), whatever dropExtra says. A source that has gained
    // a row filter or column mask (ROW_ACCESS_POLICY) too: re-cloning would copy raw data into a table
    // without the policy again, and dropping would destroy what its users may rely on without anyone
    // deciding it; so it is kept unwritten, and a warning says that the copy is unrestricted.
    const skip = src !== undefined && !outOfScope ? sourceSkip(src, args.cloneType) : undefined;
    const retain = (retainedBecause: string, sourceSkipped?: SkipReason) => {
      retained.push({ schema: d.schema, table: d.name, destination: d, retainedBecause, ...(sourceSkipped ? { sourceSkipped } : {}) });
      if (!schemas.has(d.schema)) {
        schemas.set(d.schema, { name: d.schema, existsInDestination: true, retainedBecause: "holds retained tables" });
      }
    };
    if (skip) {
      retain(`source skipped (${skip.reason}): ${skip.detail}`, skip.reason);
      if (skip.reason === "ROW_ACCESS_POLICY") unrestricted.push({ d, src: src! });
      continue;
    }
    // Gone from the source, or out of scope: dropExtra decides.
    const because = !src ? "gone from source" : outOfScope ? "out of scope" : `source is now ${src.tableType}`;
    if (args.dropExtra) released.push({ schema: d.schema, table: d.name, because });
    else retain(because);
  }
  const vol = planVolumes(args, source, destination, ownership?.owner ?? "", (s) => schemaOutOfScope(s, args));
  for (const v of vol.skipped) skipped.push({ schema: v.schema, name: v.name, tableType: "VOLUME", reason: v.reason, detail: v.detail });
  for (const f of vol.foreign) foreign.push({ ...f, tableType: "VOLUME" });
  for (const r of vol.retained) if (!schemas.has(r.schema)) schemas.set(r.schema, { name: r.schema, existsInDestination: true, retainedBecause: "holds retained volumes" });
  for (const { d, src } of unrestricted.sort((a, b) => byName<DiscoveredTable>((t) => t.name)(a.d, b.d))) warnings.push(unrestrictedCopyWarning(d, src));
  if (foreign.length > 0) warnings.push(foreignWarning(foreign.sort(byName((f) => f.name))));

  return {
    sourceCatalog: source.catalog,
    destinationCatalog: destination.catalog,
    destinationExists: destination.exists,
    schemas: [...schemas.values()].sort((a, b) => compareNames(a.name, b.name)),
    tables: tables.sort(byName((t) => t.table)),
    // Planned once the table plan is final (definitions.ts withDefinitions).
    views: [],
    functions: [],
    retained: retained.sort(byName((t) => t.table)),
    released: released.sort(byName((t) => t.table)),
    foreign,
    skipped: skipped.sort(byName((t) => t.name)),
    volumes: { volumes: vol.volumes, retained: vol.retained, released: vol.released },
    warnings,
  };
}

/** An earlier clone of a source table protected since: the destination copy lacks the source's policies. */
export function unrestrictedCopyWarning(d: DiscoveredTable, src: DiscoveredTable): string {
  return (
    `${d.schema}.${d.name} in the destination is UNRESTRICTED: this stack cloned it before its source gained ${describePolicies(src.policies!)}, ` +
    "which the copy does not have, so whoever can read the copy sees the rows and values the source hides. " +
    "It is kept as it is (no longer written, not dropped); review it: apply the same row filter / column masks to it, or drop it."
  );
}

/** Foreign objects named in the warning; the rest are counted (the plan and report list them all). */
const FOREIGN_NAMED = 10;

/** One warning for all foreign objects: up and preview both print it. */
function foreignWarning(foreign: readonly ForeignObject[]): string {
  const named = foreign.slice(0, FOREIGN_NAMED).map((f) => `${f.schema}.${f.name} (${f.because})`);
  const more = foreign.length > FOREIGN_NAMED ? `, and ${foreign.length - FOREIGN_NAMED} more (see the report's foreign list)` : "";
  return (
    `${foreign.length} destination object${foreign.length === 1 ? "" : "s"} not created by this stack ` +
    `${foreign.length === 1 ? "is" : "are"} left alone (never written, never dropped, also with dropExtra): ${named.join(", ")}${more}.`
  );
}

/**
 * Another stack's destination catalog, or one of the destination schemas `plan` registers, refused at
 * program time (preview and up alike) with the error the catalog or schema resource would raise at
 * `up` (ownership.ts otherStackError), before anything is registered. The catalog's marker is its tag,
 * else the owner token its creating statement left in its comment (as the catalog handler reads it); a
 * schema's is its tag (the DBPROPERTIES marker the schema handler falls back on would cost a statement
 * per untagged schema). Without `plan`, only the catalog is checked. Undefined when this stack may use
 * them (its own, or nobody's: adopted).
 */
export function destinationOwnershipProblem(destination: DiscoveredCatalog, owner: string, plan?: ClonePlan): Error | undefined {
  const m = destination.markers;
  if (!destination.exists || !m) return undefined;
  const catalogMarker = effectiveMarker(m.catalogTag, creationTokenOwner(m.catalogComment)).marker;
  const catalog = ownershipOf(catalogMarker, owner);
  if (catalog.kind === "other") return otherStackError("Catalog", destination.catalog, catalog.owner, owner);
  const refused: string[] = [];
  for (const s of plan?.schemas ?? []) {
    const found = s.existsInDestination ? ownershipOf(m.schemaTags[s.name], owner) : undefined;
    if (found?.kind === "other") refused.push(otherStackError("Schema", `${destination.catalog}.${s.name}`, found.owner, owner).message);
  }
  return refused.length === 0 ? undefined : new Error(refused.join("\n"));
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
