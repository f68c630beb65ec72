/**
 * The arguments of a CatalogClone: one zod schema per concept, the single source of the TypeScript
 * types users see in their IDE and of the error messages they get. Everything here is checked before
 * any SQL runs; a failure names the field and says how to fix it.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { inputProblems, type InputProblem } from "../../provider/inputProblems";
import { connectionRefSchema } from "../../provider/resources/connectionRef";
import { asOfSchema } from "../../provider/vocabulary/asOf";
import { cloneTypeSchema } from "../../provider/vocabulary/cloneType";
import { objectShapeError } from "../../provider/vocabulary/objectShapeError";
import { unityCatalogName } from "../../provider/vocabulary/objectIdentity";
import { DEFAULT_SYNC_MODE, syncModeSchema } from "../../provider/vocabulary/syncMode";
import { ttlSchema } from "../../provider/vocabulary/expiry";
import { ambiguousNameProblem } from "../../provider/vocabulary/unambiguousName";
import { namePatternProblem } from "./namePattern";
import { destinationTagsSchema } from "./destinationTags";
import { maskingSchema, shapingProblems, tblPropertiesSchema, whereSchema } from "./tableShaping";
import { externalLocationMapSchema } from "./externalLocation";
import { governanceSchema } from "./governanceArgs";
import { definitionsSchema } from "./definitionArgs";

/** Catalogs nobody may clone into. */
const RESERVED_DESTINATIONS = new Set(["system", "hive_metastore", "samples", "information_schema", "__databricks_internal"]);

export const sourceSchema = z.strictObject(
  {
    /** Catalog to clone from. It is only ever read. */
    catalog: unityCatalogName("source.catalog"),
  },
  { error: objectShapeError("source", '{ catalog: "prod" }') },
);

export const destinationSchema = z.strictObject({
  /**
   * Catalog to clone into. Created (and marked as this stack's) when missing; adopted (never dropped)
   * when it exists and belongs to no stack; refused when another stack's marker is on it.
   */
  catalog: unityCatalogName("destination.catalog"),
  /** Comment set on the destination catalog when this stack creates it. */
  comment: z.string({ error: "destination.comment must be a string." }).max(1024, { error: "destination.comment must be at most 1024 characters." }).optional(),
  /**
   * `MANAGED LOCATION` of the destination catalog when this stack creates it: a cloud storage URI
   * covered by an external location (e.g. `s3://bucket/path`, `abfss://c@acct.dfs.core.windows.net/p`).
   */
  managedLocation: z
    .string({ error: "destination.managedLocation must be a string." })
    .regex(/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i, {
      error: "destination.managedLocation must be a storage URI with a scheme, e.g. s3://bucket/prefix or abfss://container@account.dfs.core.windows.net/prefix.",
    })
    .optional(),
  /**
   * Tags on the destination catalog when this stack creates it (kept up to date while it owns it), e.g.
   * `{ team: "data-platform" }`. Keys starting `catalog_clone_` are this tool's markers and are refused.
   */
  tags: destinationTagsSchema.optional(),
}, { error: objectShapeError("destination", '{ catalog: "qa", comment?: "...", managedLocation?: "s3://...", tags?: { key: "value" } }') });

/** A scope pattern: RE2 syntax, matched in linear time (see namePattern.ts for why). */
function regexField(field: string) {
  return z
    .string({ error: `${field} must be a regular expression string.` })
    .min(1, { error: `${field} must not be empty; omit it instead.` })
    .superRefine((s, ctx) => {
      const problem = namePatternProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: `${field} is not a valid regular expression: ${problem}` });
    });
}

function schemaList(field: string, minOne: boolean) {
  return z
    .array(unityCatalogName(`${field}[]`), { error: `${field} must be a list of schema names.` })
    .min(minOne ? 1 : 0, { error: `${field} must list at least one schema; omit it to mean "all schemas".` })
    .refine((names) => !names.some((n) => n.toLowerCase() === "information_schema"), {
      error: `${field} may not name information_schema (it is never cloned).`,
    });
}

export const scopeSchema = z
  .strictObject({
    /** Only these source schemas are cloned (default: all except information_schema). */
    includeSchemas: schemaList("scope.includeSchemas", true).optional(),
    /** These source schemas are never cloned. */
    excludeSchemas: schemaList("scope.excludeSchemas", false).optional(),
    /**
     * Only tables whose NAME (without schema) matches this regular expression are cloned, e.g. `^(fact|dim)_`.
     * RE2 syntax (JavaScript's without look-around or back-references), matched in linear time.
     */
    includeTables: regexField("scope.includeTables").optional(),
    /**
     * Tables whose NAME (without schema) matches this regular expression are not cloned, e.g. `_(tmp|backup)$`.
     * RE2 syntax (JavaScript's without look-around or back-references), matched in linear time.
     */
    excludeTables: regexField("scope.excludeTables").optional(),
  }, { error: objectShapeError("scope", '{ includeSchemas?: [...], excludeSchemas?: [...], includeTables?: "regex", excludeTables?: "regex" }') })
  .superRefine((s, ctx) => {
    if (s.includeSchemas && s.excludeSchemas) {
      const both = s.includeSchemas.filter((n) => s.excludeSchemas!.includes(n));
      if (both.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["excludeSchemas"],
          message: `scope.includeSchemas and scope.excludeSchemas both name ${both.map((b) => `"${b}"`).join(", ")}; remove it from one of them.`,
        });
      }
    }
    if (s.includeTables !== undefined && s.includeTables === s.excludeTables) {
      ctx.addIssue({
        code: "custom",
        path: ["excludeTables"],
        message: "scope.excludeTables is the same pattern as scope.includeTables, so nothing would be cloned; remove one of them.",
      });
    }
  });
export type Scope = z.infer<typeof scopeSchema>;

export const validateSchema = z
  .strictObject({
    /** Compare `COUNT(*)` of source (at the cloned version) and destination after each clone (default true). */
    rowCounts: z.boolean({ error: "validate.rowCounts must be true or false." }).default(true),
    /** Compare an order-independent checksum of all rows of source and destination (default false; reads every row). */
    checksums: z.boolean({ error: "validate.checksums must be true or false." }).default(false),
    /**
     * Percentage (0..100) of the tables a deployment changes that may mismatch or fail before the whole
     * deployment is rolled back (every table changed in this deployment is restored) and the update fails.
     * At or below it (inclusive) the deployment passes and nothing is rolled back: mismatched clones are
     * kept and reported, failed tables are reported and retried by the next `up`. Without it, a
     * mismatching table is restored by itself and fails the update.
     */
    autoRollbackAbovePct: z
      .number({ error: "validate.autoRollbackAbovePct must be a number between 0 and 100." })
      .min(0, { error: "validate.autoRollbackAbovePct must be between 0 and 100 (a percentage of tables)." })
      .max(100, { error: "validate.autoRollbackAbovePct must be between 0 and 100 (a percentage of tables)." })
      .optional(),
  }, { error: objectShapeError("validate", "{ rowCounts?: true, checksums?: false, autoRollbackAbovePct?: 5 }") })
  .superRefine((v, ctx) => {
    if (v.autoRollbackAbovePct !== undefined && !v.rowCounts && !v.checksums) {
      ctx.addIssue({
        code: "custom",
        path: ["autoRollbackAbovePct"],
        message: "validate.autoRollbackAbovePct needs validate.rowCounts or validate.checksums on (there is nothing to measure otherwise).",
      });
    }
  });
export type ValidateOptions = z.infer<typeof validateSchema>;

/** Key of a per-table override: `schema.table` as in the source catalog. */
const TABLE_KEY_RE = /^[^.\s/]+\.[^.\s/]+$/;

export const tableOverrideSchema = z.strictObject(
  {
    /** Sync mode for this table only (overrides the CatalogClone's `sync`). */
    sync: syncModeSchema.optional(),
    /**
     * Row subset: ONE boolean SQL expression over the table's own columns, e.g. `region = 'eu' AND id % 10 = 0`.
     * The table is written by `CREATE TABLE … AS SELECT … VERSION AS OF n WHERE <expr>` (one statement) and
     * validated against the source through the same predicate. No subqueries, comments, `;` or qualified
     * function calls. Needs cloneType DEEP.
     */
    where: whereSchema.optional(),
    /** This table only: create it empty with the source's columns and partitioning (overrides the top-level `schemaOnly`). */
    schemaOnly: z.boolean({ error: "schemaOnly must be true or false." }).optional(),
    /** TBLPROPERTIES for this table, merged over the top-level `tblProperties` (never `catalog_clone.*`). */
    tblProperties: tblPropertiesSchema.optional(),
  },
  { error: objectShapeError("each tableOverrides entry", '{ sync?: "mirror", where?: "region = \'eu\'", schemaOnly?: true, tblProperties?: {...} }') },
);

export const catalogCloneArgsSchema = z
  .strictObject({
    /** Where the data comes from. The source is read-only: nothing in this library writes to it. */
    source: sourceSchema,
    /** Where the clone goes, and how the destination catalog is created when it does not exist yet. */
    destination: destinationSchema,
    /**
     * `DEEP` copies the data files (independent of the source; use for qa and DR), `SHALLOW` references
     * the source's files (instant and free, breaks if the source is vacuumed; Delta managed tables only).
     */
    cloneType: cloneTypeSchema,
    /**
     * How cloned tables follow the source on later `pulumi up`s (default `selective`):
     * `snapshot` clone once and never touch again; `selective` re-clone only tables that drifted;
     * `mirror` incremental `CREATE OR REPLACE … CLONE` that overwrites destination edits; `full` drop and re-clone on any drift.
     */
    sync: syncModeSchema.default(DEFAULT_SYNC_MODE),
    /** Per-table overrides keyed by `schema.table` (source names), e.g. `{ "sales.orders": { sync: "mirror" } }`. */
    tableOverrides: z
      .record(z.string(), tableOverrideSchema, { error: 'tableOverrides must be an object keyed by "schema.table".' })
      .optional(),
    /**
     * Structure only (preview stacks): every table is created empty with the source's columns and
     * partitioning (`CREATE TABLE … AS SELECT … WHERE FALSE`), counted in the report; later runs re-create
     * a table only when the source's columns change. Per table: `tableOverrides[…].schemaOnly`.
     */
    schemaOnly: z.boolean({ error: "schemaOnly must be true or false." }).optional(),
    /**
     * TBLPROPERTIES set on every table this stack writes, e.g. `{ "delta.logRetentionDuration": "interval 7 days" }`.
     * Keys `catalog_clone.*` are this project's ownership markers and are refused.
     */
    tblProperties: tblPropertiesSchema.optional(),
    /**
     * Column masking keyed by `schema.table` or a pattern (`*` matches any characters: `"crm.*"`, `"*.*"`),
     * each mapping column names to a rule: `"email"`, `"hash"`, `"partial"`, `"redact"`, `"null"`, or
     * `{ strategy, keepLast?, replacement?, expression? }`. Masked tables are written by one
     * `CREATE TABLE … AS SELECT`, so no version of the destination (time travel included) holds raw
     * values; tables that appear later and match a pattern are masked too. An exact key's column must
     * exist; a pattern's may be absent. Exact keys win, then patterns in the order written. Needs cloneType DEEP.
     */
    masking: maskingSchema.optional(),
    /** Pin the source in time: `{ version: 12 }` or `{ timestamp: "2026-01-31T23:59:59Z" }`. A pinned source never drifts. */
    asOf: asOfSchema.optional(),
    /** Which schemas and tables are cloned (default: every schema except information_schema, every table). */
    scope: scopeSchema.optional(),
    /**
     * When a table disappears from the source (or leaves the scope): `true` drops its destination copy
     * (only if this stack created it); `false` (default) keeps it and reports it as retained.
     */
    dropExtra: z.boolean({ error: "dropExtra must be true or false." }).default(false),
    /**
     * Where external volumes go: source location prefix → destination prefix, e.g.
     * `{ "s3://prod-bucket/volumes": "s3://qa-bucket/volumes" }` (longest prefix wins, on path boundaries).
     * An external volume whose location no prefix covers is not created (it would overlap the source's
     * storage): the plan and report list it as skipped with that reason. Managed volumes need no mapping.
     */
    externalLocationMap: externalLocationMapSchema.optional(),
    /**
     * Views and SQL functions (default: both cloned, their references to the source catalog pointed at the
     * destination, in dependency order). See definitionArgs.ts.
     */
    definitions: definitionsSchema.default({ views: true, functions: true, keepSourceReferences: false, outOfScopeReferences: "skip" }),
    /** Post-clone validation: row counts, checksums and catalog-level auto-rollback. Omit to skip validation. */
    validate: validateSchema.optional(),
    /**
     * All or nothing per deployment (default `false`): when any table of this catalog fails during a
     * `pulumi up`, every table the deployment changed is put back, adopted tables RESTOREd to their
     * version before the deployment (their pre-clone version when first adopted) and tables it created
     * dropped, both those that finished earlier and those still running; tables that start afterwards
     * (`--continue-on-error`) write nothing. The update fails; the next `pulumi up` sees the drift and
     * clones them again. The failure's error text says what the deployment did, table by table.
     * Without it a failed `up` keeps every table that succeeded (resume). Containers (catalog, schemas)
     * created by the deployment are kept, empty or not.
     */
    rollbackOnFailure: z.boolean({ error: "rollbackOnFailure must be true or false." }).default(false),
    /**
     * How long the clone lives, e.g. `3d`, `12h` (PR preview stacks): the destination catalog's tag
     * `catalog_clone_expires_at` is set to `now + ttl` (UTC) when the catalog is created or the ttl changes,
     * and an up pushes it forward only once less than half of the ttl remains (an active PR stays alive with
     * at most one tag write per ttl/2; a no-drift up writes nothing). `pulumi-uc-clone-reap` removes expired
     * clones, but only a PR stack's (`pr-<n>`) derived catalog. Omit: never expires.
     */
    ttl: ttlSchema("ttl").optional(),
    /**
     * Where the row filters and column masks of copied protected tables point (default `destination`).
     * Databricks refuses to CLONE a table with a row filter or column mask, so such a table is copied into
     * a table created WITH the same policies (no moment without them), then filled with what this stack's
     * principal reads in the source. `destination`: the functions the policies call (and the functions
     * those call) are created in the destination first, same schema and name, references to the source
     * catalog rewritten; `source`: the copy's policies call the source's functions.
     */
    policyFunctions: z.enum(["destination", "source"], { error: 'policyFunctions must be "destination" or "source".' }).default("destination"),
    /**
     * Replay the source's governance on the destination, which CLONE does not copy: direct grants, owners,
     * tags and comments of the catalog, schemas, tables and columns, with principals mapped per
     * environment (`principals: { map: { data_eng: "qa_eng" }, unmapped: "drop" }`). Omit to replay none.
     * See components/catalogClone/governanceArgs.ts.
     */
    governance: governanceSchema.optional(),
    /**
     * Which warehouse to use (non-secret). Omit to use stack config (`catalog-clone:warehouse`, `databricks:host`,
     * `catalog-clone:warehouseId`) or the environment. Credentials never go here.
     */
    connection: connectionRefSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.source.catalog === a.destination.catalog) {
      ctx.addIssue({
        code: "custom",
        path: ["destination", "catalog"],
        message: `destination.catalog must differ from source.catalog (both are "${a.source.catalog}"); a catalog cannot be cloned onto itself.`,
      });
    }
    if (RESERVED_DESTINATIONS.has(a.destination.catalog)) {
      ctx.addIssue({
        code: "custom",
        path: ["destination", "catalog"],
        message: `destination.catalog "${a.destination.catalog}" is a reserved catalog; choose another name.`,
      });
    }
    for (const key of Object.keys(a.tableOverrides ?? {})) {
      if (!TABLE_KEY_RE.test(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["tableOverrides", key],
          message: `tableOverrides key "${key}" must be "schema.table" (source names, no spaces or slashes).`,
        });
        continue;
      }
      const problem = ambiguousNameProblem(key);
      if (problem) ctx.addIssue({ code: "custom", path: ["tableOverrides", key], message: `tableOverrides key ${problem}` });
    }
    for (const p of shapingProblems(a)) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    if (a.cloneType === "SHALLOW" && a.destination.managedLocation !== undefined) {
      // UC shallow clones of managed tables must be managed tables of the same metastore; a catalog-level
      // MANAGED LOCATION is allowed, but a shallow clone never copies files there, which is almost always
      // a misunderstanding of what SHALLOW means (GUESS on intent; Databricks itself would accept it).
      ctx.addIssue({
        code: "custom",
        path: ["destination", "managedLocation"],
        message: "destination.managedLocation has no effect with cloneType SHALLOW (shallow clones keep reading the source's files); use cloneType DEEP to copy data into that location, or remove managedLocation.",
      });
    }
  });

/** What users write: `new CatalogClone(name, args)`. Every field is documented on its schema. */
export type CatalogCloneArgs = z.input<typeof catalogCloneArgsSchema>;
/** The arguments after validation and defaults (names lower-cased). */
export type ResolvedCatalogCloneArgs = z.output<typeof catalogCloneArgsSchema>;

/** One problem with the arguments: which field, and what to do about it. */
/** One invalid argument: the field and how to fix it. */
export type ArgsProblem = InputProblem;

/**
 * Invalid CatalogClone arguments. Thrown at construction time, before any SQL runs. A Pulumi RunError,
 * so `pulumi up` prints just the problems, not a stack trace of the program.
 */
export class CatalogCloneArgsError extends pulumi.RunError {
  readonly problems: ArgsProblem[];
  constructor(resourceName: string, problems: ArgsProblem[]) {
    super(
      `Invalid arguments for CatalogClone "${resourceName}":\n` +
        problems.map((p) => `  - ${p.field}: ${p.message}`).join("\n"),
    );
    this.name = "CatalogCloneArgsError";
    this.problems = problems;
  }
}

/**
 * Validates CatalogClone arguments and applies defaults. Pure: runs no SQL.
 * @throws CatalogCloneArgsError naming every invalid field.
 */
export function resolveCatalogCloneArgs(resourceName: string, args: unknown): ResolvedCatalogCloneArgs {
  if (args === null || typeof args !== "object") {
    throw new CatalogCloneArgsError(resourceName, [
      { field: "(arguments)", message: "CatalogClone needs an arguments object with at least source, destination and cloneType." },
    ]);
  }
  const parsed = catalogCloneArgsSchema.safeParse(args);
  if (!parsed.success) throw new CatalogCloneArgsError(resourceName, inputProblems(parsed.error, args, catalogCloneArgsSchema, "(arguments)"));
  return parsed.data;
}
