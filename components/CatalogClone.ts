/**
 * `CatalogClone`: a Unity Catalog catalog cloned into another, as one Pulumi component
 * (type token `catalog-clone:index:CatalogClone`). It validates its arguments (before any SQL),
 * discovers both catalogs (a constant number of read-only statements), plans, and registers one child
 * resource per object: the destination catalog → its schemas → one resource per table, so preview shows
 * changes object by object and deletes run table → schema → catalog.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogCloneArgsError, resolveCatalogCloneArgs, type CatalogCloneArgs, type ResolvedCatalogCloneArgs } from "./catalogClone/args";
import { catalogChildName, schemaChildName, tableChildName } from "./catalogClone/childNames";
import { discoverDestination, discoverSource, discoverTableMarkers, discoverVersionRanges } from "./catalogClone/discovery";
import { destinationOwnershipProblem, emptyScopeProblem, planClone, unplannedDestinationTables, type ClonePlan } from "./catalogClone/plan";
import { pinnedVersionProblem } from "./catalogClone/pinnedVersion";
import { plannedTableFingerprints } from "./catalogClone/tableFingerprints";
import { buildReport, describePlan, withoutTables, type CloneReport, type CloneReportWithTables, type ReportRun, type TableOutcome, type TableReport } from "./catalogClone/report";
import { discoverDefinitions } from "./catalogClone/definitionDiscovery";
import { registerDefinitions, registeredBeforeDefinitions } from "./catalogClone/definitionChildren";
import { withDefinitions } from "./catalogClone/definitions";
import { buildDefinitionsReport, type DefinitionOutcome } from "./catalogClone/definitionReport";
import { ClonedFunction } from "../provider/resources/function/resource";
import { ClonedView } from "../provider/resources/view/resource";
import { processRuntime } from "../provider/resources/runtime";
import { ownerMarker } from "../provider/resources/ownership";
import { ClonedCatalog } from "../provider/resources/catalog/resource";
import { ClonedSchema } from "../provider/resources/schema/resource";
import { ClonedTable, type ClonedTableArgs } from "../provider/resources/table/resource";
import { ValidationGate } from "../provider/resources/validationGate/resource";
import { describeShaping, shapingReport, tableShapeFor } from "./catalogClone/tableShaping";
import { describeVolumePlan, registerVolumes } from "./catalogClone/volumeChildren";
import { settled, settledFields } from "./catalogClone/settled";
import { presetSourceOf } from "./catalogClone/presetSource";
import { registrationOrder } from "./catalogClone/cloneOrder";
import { registrationWindow } from "./catalogClone/registrationWindow";
import { estimateCopy } from "./catalogClone/copyEstimate";
import { announceDecisions } from "./catalogClone/decisionMessages";
// Other components read outputs the same way (CrossWorkspaceClone imports it from here).
export { settled };
import { settleArgs, waitingMessage, wiredFields, withPlaceholders, type CatalogCloneInputArgs } from "./catalogClone/wiredArgs";
import type { ClonedVolume } from "../provider/resources/volume/resource";
import { ProtectedTableCopy } from "../provider/resources/protectedTable/resource";
import { discoverSourcePolicies } from "./catalogClone/policyDiscovery";
import { describeProtected, planProtectedTables, protectedWithDestination, type ProtectedPlannedTable } from "./catalogClone/protectedPlan";
import type { SecurableGovernance } from "../provider/resources/governance/resource";
import { discoverGovernance } from "./catalogClone/governanceDiscovery";
import { planGovernance, type AdoptedContainers } from "./catalogClone/governancePlan";
import { adoptedContainers } from "./catalogClone/adoptedContainers";
import { governanceReport, registerGovernance } from "./catalogClone/governanceResources";

/**
 * When this program run started. Table outputs produced before it (`ranAt`) are an earlier run's: Pulumi
 * hands an unchanged resource its old outputs, and the report must show what THIS run decided.
 */
const RUN_STARTED_AT = Date.now();

/** Stack config, read the way the runtime stores it (no secret-access warnings; secrets stay in memory). */
const programConfig = { get: (key: string) => pulumi.runtime.getConfig(key) };

/** The children a CatalogClone registered, for programs that want to depend on or inspect them. */
export interface CatalogCloneChildren {
  catalog: ClonedCatalog;
  schemas: Record<string, ClonedSchema>;
  /** Keyed `schema.table`. */
  tables: Record<string, ClonedTable>;
  /** Copies of source tables protected by a row filter or column masks, keyed `schema.table`. */
  protectedTables: Record<string, ProtectedTableCopy>;
  /** Keyed `schema.view`. */
  views: Record<string, ClonedView>;
  /** Keyed `schema.function`. */
  functions: Record<string, ClonedFunction>;
  validationGate: ValidationGate | undefined;
  /** Keyed `schema.volume`. */
  volumes: Record<string, ClonedVolume>;
  /** Governance resources keyed `catalog`, `schema:<s>`, `table:<s>.<t>`, `view:<s>.<v>`, `volume:<s>.<v>`, `function:<s>.<f>` (empty without the `governance` argument). */
  governance: Record<string, SecurableGovernance>;
}

export class CatalogClone extends pulumi.ComponentResource {
  /** Name of the destination catalog. */
  declare readonly destinationCatalog: pulumi.Output<string>;
  /** The plan computed at program time: tables to register, objects skipped (with reasons), tables retained. */
  declare readonly plan: pulumi.Output<ClonePlan>;
  /**
   * The clone report's summary: counts by this run's decision, bytes copied, failed and mismatched
   * tables, skipped / retained / foreign objects with reasons, validation results. Its size does not
   * grow with the tables cloned, so the root program exports it as a stack output.
   */
  declare readonly report: pulumi.Output<CloneReport>;
  /**
   * One row per table: what this run decided for it and why, versions, bytes (the report's detail). A
   * program-side property, not stored: `reportTables` rebuilds the rows from a stack's state.
   */
  declare readonly tables: pulumi.Output<TableReport[]>;
  /** When this program run started (ISO-8601): the table outputs produced since are this run's decisions (reportTables.ts). */
  declare readonly runStartedAt: pulumi.Output<string>;
  /** Destination table names (`schema.table`) this component manages. */
  declare readonly tableNames: pulumi.Output<string[]>;
  /** Resolves to the registered child resources once discovery and planning are done. */
  declare readonly children: Promise<CatalogCloneChildren>;

  /**
   * @param name Logical name; children are named `<name>`, `<name>/<schema>`, `<name>/<schema>.<table>`.
   * @param args What to clone where (validated before any SQL runs; see CatalogCloneArgs). Catalog names,
   *   comment, tags and connection accept pulumi.Input (wiredArgs.ts): discovery waits for their values.
   * @param opts Resource options. `protect` is inherited by every child (a protected clone cannot be destroyed);
   *   `retainOnDelete` and `aliases` are passed through.
   * @throws CatalogCloneArgsError naming every invalid field.
   */
  constructor(name: string, args: CatalogCloneInputArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate first: invalid arguments register nothing and run no SQL. Arguments wired to other
    // resources are validated once their values are known (buildWired).
    const wired = opts.urn ? [] : wiredFields(args);
    const resolved = opts.urn || wired.length > 0 ? undefined : resolveCatalogCloneArgs(name, args);
    if (resolved) claimDestination(name, resolved);
    super("catalog-clone:index:CatalogClone", name, {}, opts);
    if (opts.urn) return; // rehydrating an existing component by URN: nothing to build

    const work = (resolved ? build(this, name, resolved, opts) : buildWired(this, name, args, opts)).catch((err: unknown) => {
      // A clean, named failure (no program source dump) for discovery/connection errors. Without a stack:
      // this rejection surfaces after the program's top level returned, and the runtime then prints
      // `err.stack || err.message`.
      const failure = new pulumi.RunError(`CatalogClone "${name}": ${err instanceof Error ? err.message : String(err)}`);
      failure.stack = undefined;
      throw failure;
    });
    this.children = work.then((w) => w.children);
    this.children.catch(() => undefined); // observed through `failure` below
    // The failure reaches the engine exactly once, as this unhandled RunError, which the Pulumi runtime
    // prints without a stack and which fails the program. The outputs must not carry it too: a rejected
    // output is rewritten in place by the output serializer into `error serializing property "outputs":
    // ...`, and that mangled text is what the user would read first.
    void work.then(() => undefined);
    const built = work.then(
      (w) => w,
      () => undefined,
    );
    // Waiting for unknown wired values (preview): plan, report and table names are unknown too.
    const planned = <T>(f: (w: Built) => T) => pulumi.output(built.then((w) => (w?.waiting ? (w.waiting as pulumi.Output<T>) : w ? f(w) : undefined)));
    Object.assign(this, {
      destinationCatalog: resolved ? pulumi.output(resolved.destination.catalog) : pulumi.output(args.destination.catalog).apply((c) => c.toLowerCase()),
      plan: planned((w) => w.plan),
      report: planned((w) => w.report.apply((r) => r && withoutTables(r))),
      tables: planned((w) => w.report.apply((r) => r?.tables)),
      tableNames: planned((w) => [...w.plan!.tables, ...w.protectedTables].map((t) => `${t.schema}.${t.table}`)),
      runStartedAt: pulumi.output(new Date(RUN_STARTED_AT).toISOString()),
    });
    // State keeps the summary and the run's start; the per-table rows (the table resources' outputs hold
    // what they say: reportTables.ts), the plan (it repeats every fingerprint) and the table names stay
    // program-side properties.
    this.registerOutputs({ destinationCatalog: this.destinationCatalog, report: this.report, runStartedAt: this.runStartedAt });
  }
}

/**
 * Two CatalogClones of one program writing into the same catalog would fight over it (and destroying one
 * would drop the other's tables): refuse the second before anything is registered. The claims are the
 * process runtime's (provider/resources/runtime.ts), so a test's fresh runtime starts with none.
 */
function claimDestination(name: string, args: ResolvedCatalogCloneArgs): void {
  const key = `${JSON.stringify(args.connection ?? null)}|${args.destination.catalog}`;
  const owner = processRuntime().claim(key, name);
  if (owner !== name) {
    throw new CatalogCloneArgsError(name, [
      {
        field: "destination.catalog",
        message: `"${args.destination.catalog}" is already the destination of CatalogClone "${owner}" in this program; give each CatalogClone its own destination catalog.`,
      },
    ]);
  }
}

/**
 * Discovery and planning, read-only: both catalogs, the plan, and the checks that must pass before
 * anything is registered (so preview fails exactly where up would, and up writes nothing): a
 * destination catalog or schema of another stack, a scope that leaves nothing to clone, and an
 * `asOf.version` some table to be cloned does not have.
 *
 * Only this stack's destination tables are registered: the markers of the destination tables the plan
 * clones nothing into are read (one SHOW TBLPROPERTIES each; none on a run where every destination
 * table has a source), and those not marked by this stack are foreign: listed, never registered.
 */
async function discoverAndPlan(args: ResolvedCatalogCloneArgs, owner: string): Promise<{ plan: ClonePlan; protectedTables: ProtectedPlannedTable[]; adopted: AdoptedContainers }> {
  // The last CatalogClone to finish discovering closes the program's connections.
  return processRuntime().discovering(async () => {
    const wh = await processRuntime().warehouseFor(args.connection, programConfig);
    // A catalog over a share torn down between syncs is discovered on the source side (presetSource.ts).
    const source = presetSourceOf(args.connection, args.source.catalog) ?? (await discoverSource(wh, args.source.catalog));
    const destination = await discoverDestination(wh, args.destination.catalog);
    await discoverDefinitions(wh, source, destination);
    // Another stack's catalog fails before its tables' markers are read.
    const taken = destinationOwnershipProblem(destination, owner);
    if (taken) throw taken;
    const unplanned = unplannedDestinationTables(args, source, destination);
    const markers = unplanned.length > 0 ? await discoverTableMarkers(wh, args.destination.catalog, unplanned) : new Map();
    const planned = planClone(args, source, destination, { owner, tables: markers });
    const conflict = destinationOwnershipProblem(destination, owner, planned);
    if (conflict) throw conflict;
    const empty = emptyScopeProblem(planned, args);
    if (empty) throw new Error(empty);
    // Tables protected by a row filter or column mask (protectedPlan.ts): their policies and functions
    // (4 statements, only when there are any) and the markers of those already in the destination.
    let plan = planned;
    let protectedTables: ProtectedPlannedTable[] = [];
    if (planned.tables.some((t) => t.source.policies || t.destination?.policies)) {
      const policies = await discoverSourcePolicies(wh, args.source.catalog);
      const withDestination = protectedWithDestination(planned);
      const protectedMarkers = withDestination.length > 0 ? await discoverTableMarkers(wh, args.destination.catalog, withDestination) : new Map();
      ({ plan, protectedTables } = planProtectedTables(planned, args, policies, protectedMarkers, owner, (s, t) => tableShapeFor(args, s, t)));
    }
    const version = args.asOf && "version" in args.asOf ? args.asOf.version : undefined;
    if (version !== undefined) {
      // Checked for the tables this run will certainly clone at the pinned version: those not in the
      // destination yet. A no-drift run has none, so it pays no statement for this (issue 8 §5 budget).
      // Not covered: changing asOf on an existing clone, or adopting tables already in the destination.
      // VERSION AS OF is Delta-only; other formats are planned (or skipped) by their own rules.
      const cloned = plan.tables
        .filter((t) => t.destination === undefined && (t.source.format ?? "DELTA").toUpperCase() === "DELTA")
        .map((t) => ({ schema: t.schema, name: t.table }));
      const problem = cloned.length > 0 ? pinnedVersionProblem(version, await discoverVersionRanges(wh, args.source.catalog, cloned)) : undefined;
      if (problem) throw new Error(problem);
    }
    // Views and functions read what the destination will hold: planned on the final table plan.
    plan = withDefinitions(plan, args, source, destination, {
      tables: protectedTables.map((t) => `${t.schema}.${t.table}`),
      functions: protectedTables.flatMap((t) => t.functions.filter((f) => f.name.catalog === args.destination.catalog).map((f) => `${f.name.schema}.${f.name.name}`)),
    });
    return { plan, protectedTables, adopted: adoptedContainers(destination, owner, plan.schemas) };
  });
}

interface Built {
  /** Undefined while waiting for wired values (then `waiting` is set). */
  plan: ClonePlan | undefined;
  /** Protected source tables copied with their policies (not in plan.tables). */
  protectedTables: ProtectedPlannedTable[];
  children: CatalogCloneChildren;
  report: pulumi.Output<CloneReportWithTables | undefined>;
  /** An unknown Output: set when the plan waits for wired values not known at this preview. */
  waiting?: pulumi.Output<unknown>;
}

/**
 * Arguments wired to other resources (wiredArgs.ts): their values are awaited, then validated and
 * planned as plain arguments, with the destination catalog depending on the resources they come from.
 * A value still unknown (preview of a stack creating that resource) plans nothing but the destination
 * catalog, says which fields it waits for, and checks the rest of the arguments with placeholders.
 */
async function buildWired(parent: CatalogClone, name: string, args: CatalogCloneInputArgs, opts: pulumi.ComponentResourceOptions): Promise<Built> {
  const s = await settleArgs(args);
  if (s.unknown.length === 0) {
    const resolved = resolveCatalogCloneArgs(name, s.args);
    claimDestination(name, resolved);
    return build(parent, name, resolved, opts, s.dependsOn);
  }
  const checked = resolveCatalogCloneArgs(name, withPlaceholders(s.args, s.unknown));
  pulumi.log.info(waitingMessage(s.unknown), parent);
  const owner = ownerMarker(pulumi.getProject(), pulumi.getStack());
  const catalog = new ClonedCatalog(
    catalogChildName(name),
    {
      connection: args.connection ? pulumi.output(args.connection) : undefined,
      owner,
      name: pulumi.output(args.destination.catalog).apply((c) => c.toLowerCase()),
      comment: args.destination.comment ?? pulumi.interpolate`Clone of ${pulumi.output(args.source.catalog).apply((c) => c.toLowerCase())} managed by Pulumi stack ${owner}`,
      managedLocation: checked.destination.managedLocation,
      ...(args.destination.tags !== undefined ? { properties: pulumi.output(args.destination.tags) } : {}),
      ...(checked.ttl !== undefined ? { ttl: checked.ttl } : {}),
    },
    { parent, dependsOn: s.dependsOn, ...(opts.retainOnDelete !== undefined ? { retainOnDelete: opts.retainOnDelete } : {}) },
  );
  // An Output whose value is unknown in this preview: what the plan's outputs resolve to.
  const waiting = pulumi.all([args.source.catalog, args.destination.catalog, args.destination.comment, args.destination.tags, args.connection]).apply(() => undefined);
  return { plan: undefined, protectedTables: [], report: waiting as pulumi.Output<undefined>, waiting, children: { catalog, schemas: {}, tables: {}, protectedTables: {}, views: {}, functions: {}, validationGate: undefined, volumes: {}, governance: {} } };
}

/** Discovery → plan → child registration. Runs once per program run (preview and up alike). */
async function build(
  parent: CatalogClone,
  name: string,
  args: ResolvedCatalogCloneArgs,
  opts: pulumi.ComponentResourceOptions,
  /** Resources wired arguments come from: the destination catalog (and so everything under it) waits for them. */
  dependsOn: pulumi.Resource[] = [],
): Promise<Built> {
  const owner = ownerMarker(pulumi.getProject(), pulumi.getStack());
  const { plan, protectedTables, adopted } = await discoverAndPlan(args, owner);
  // Source governance: four read-only statements, only when asked for (components/catalogClone/governance*.ts).
  const governedTables = [...plan.tables, ...protectedTables].map((t) => ({ schema: t.schema, table: t.table }));
  const governance = args.governance
    ? planGovernance(
        await processRuntime().discovering(async () => discoverGovernance(await processRuntime().warehouseFor(args.connection, programConfig), args.source.catalog)),
        { schemas: plan.schemas.filter((s) => !s.retainedBecause).map((s) => s.name), tables: governedTables, volumes: plan.volumes.volumes, views: plan.views, functions: plan.functions, adopted },
        args.destination.catalog,
        args.governance,
      )
    : undefined;
  // Bytes a preview expects to copy (copyEstimate.ts: new tables only, no statement on a no-drift run).
  const estimate = await processRuntime().discovering(async () =>
    estimateCopy(plan.tables, { sourceCatalog: args.source.catalog, cloneType: args.cloneType, dryRun: pulumi.runtime.isDryRun(), copiesNoData: (t) => tableShapeFor(args, t.schema, t.table)?.schemaOnly === true, warehouse: () => processRuntime().warehouseFor(args.connection, programConfig) }),
  );
  pulumi.log.info([describePlan(plan) + describeVolumePlan(plan), ...describeProtected(protectedTables), ...describeShaping(args, plan.tables)].join("\n"), parent);
  for (const w of plan.warnings) pulumi.log.warn(w, parent);

  const connection = args.connection;
  const childOpts = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
    parent,
    ...(opts.retainOnDelete !== undefined ? { retainOnDelete: opts.retainOnDelete } : {}),
    ...extra,
  });

  const catalog = new ClonedCatalog(
    catalogChildName(name),
    {
      connection,
      owner,
      name: args.destination.catalog,
      comment: args.destination.comment ?? governance?.containerComments.catalog ?? `Clone of ${args.source.catalog} managed by Pulumi stack ${owner}`,
      managedLocation: args.destination.managedLocation,
      ...(args.destination.tags !== undefined ? { properties: args.destination.tags } : {}),
      ...(args.ttl !== undefined ? { ttl: args.ttl } : {}),
    },
    childOpts(dependsOn.length > 0 ? { dependsOn } : {}),
  );

  // Largest DEEP clones first (cloneOrder.ts); the plan itself (and so the report) stays in name order.
  const order = await registrationOrder(args, plan, programConfig, (m) => pulumi.log.warn(m, parent));
  const schemas: Record<string, ClonedSchema> = {};
  for (const s of order.schemas) {
    schemas[s.name] = new ClonedSchema(
      schemaChildName(name, s.name),
      { connection, owner, catalog: args.destination.catalog, name: s.name, retainedBecause: s.retainedBecause, comment: governance?.containerComments.schemas[s.name] ?? undefined },
      childOpts({ dependsOn: [catalog] }),
    );
  }

  const volumes = await registerVolumes({ name, args, plan, owner, config: programConfig, schemas, childOpts, runStartedAt: RUN_STARTED_AT });

  // No per-run value is an input (it would show in every changed table's diff and rewrite every stored
  // input on every run): the deployment's identity is the provider process's (provider/resources/runtime.ts).
  const gatePct = args.validate?.autoRollbackAbovePct;
  const validate = args.validate
    ? { rowCounts: args.validate.rowCounts, checksums: args.validate.checksums, failOnMismatch: gatePct === undefined }
    : undefined;

  const tables: Record<string, ClonedTable> = {};
  // A bounded number of table registrations in flight (registrationWindow.ts): the program's memory.
  const window = registrationWindow();
  /** Registers one table resource: what every table shares, plus `specific` (planned or retained). */
  const registerTable = (schema: string, table: string, specific: Omit<ClonedTableArgs, "connection" | "owner" | "source" | "destination" | "cloneType" | "deploymentId" | "rollbackOnFailure">) =>
    window.admit(() => (tables[`${schema}.${table}`] = new ClonedTable(
      tableChildName(name, schema, table),
      {
        connection,
        owner,
        source: { catalog: args.source.catalog, schema, table },
        destination: { catalog: args.destination.catalog, schema, table },
        cloneType: args.cloneType,
        // Only when on, so stacks without it keep their stored inputs as they were.
        ...(args.rollbackOnFailure ? { rollbackOnFailure: true } : {}),
        ...specific,
      },
      childOpts({ dependsOn: [schemas[schema]] }),
    )));
  for (const t of order.tables) {
    await registerTable(t.schema, t.table, { ...plannedTableFingerprints(t), asOf: args.asOf, validate, shape: tableShapeFor(args, t.schema, t.table) });
  }
  for (const r of plan.retained) {
    await registerTable(r.schema, r.table, {
      sync: args.sync,
      destinationFingerprint: { exists: true, lastAltered: r.destination.lastAltered ?? undefined, tableType: r.destination.tableType },
      retainedBecause: r.retainedBecause,
    });
  }

  // Protected source tables: copied into tables created with their policies, after the schemas that
  // hold the table and the functions its policies call.
  const protectedCopies: Record<string, ProtectedTableCopy> = {};
  for (const t of protectedTables) {
    const holders = new Set([t.schema, ...t.functions.map((f) => f.name.schema)]);
    protectedCopies[`${t.schema}.${t.table}`] = new ProtectedTableCopy(
      tableChildName(name, t.schema, t.table),
      {
        connection,
        owner,
        source: { catalog: args.source.catalog, schema: t.schema, table: t.table },
        destination: { catalog: args.destination.catalog, schema: t.schema, table: t.table },
        policies: t.policies,
        functions: t.functions,
        sourceFingerprint: { lastAltered: t.source.lastAltered },
        destinationFingerprint: { exists: t.destination !== undefined, lastAltered: t.destination?.lastAltered ?? null },
      },
      childOpts({ dependsOn: [...holders].map((s) => schemas[s]).filter((s) => s !== undefined) }),
    );
  }
  // Views and functions, each after the schemas, tables (protected copies included) and other views and
  // functions it reads; a policy function the protected copies create counts as registered by them.
  const definitions = registerDefinitions(
    { component: name, connection, owner, sourceCatalog: args.source.catalog, destinationCatalog: args.destination.catalog, childOpts, schemas },
    plan,
    registeredBeforeDefinitions(tables, protectedCopies, protectedTables),
  );
  const governanceResources = governance
    ? registerGovernance(name, governance, { catalog, schemas, tables: { ...tables, ...protectedCopies }, volumes: volumes.volumes, ...definitions }, { connection, owner, opts: childOpts() })
    : {};

  const tableList = Object.entries(tables);
  const validationGate =
    gatePct !== undefined && plan.tables.length > 0
      ? new ValidationGate(
          `${catalogChildName(name)}/validation`,
          {
            connection,
            owner,
            autoRollbackAbovePct: gatePct,
            tables: tableList.map(([, t]) => ({
              destination: t.destination,
              changedInDeployment: t.changedInDeployment,
              previousVersion: t.previousVersion,
              destinationVersion: t.destinationVersion,
              rolledBack: t.rolledBack,
              validation: t.validation,
              failed: t.failed,
              lastAction: t.lastAction,
              lastReason: t.lastReason,
            })),
          },
          childOpts({ dependsOn: tableList.map(([, t]) => t) }),
        )
      : undefined;

  // Each table settles on its own: a table whose step failed (--continue-on-error) leaves its outputs
  // unknown, and must not keep the others out of the report.
  const outcomes = Promise.all(
    tableList.map(async ([key, t]): Promise<TableOutcome> => {
      const o = await settledFields(t, ["lastAction", "lastReason", "sourceVersion", "destinationVersion", "adopted", "createdByStack", "metrics", "validation", "ranAt", "runCopiedBytes", "totalCopiedBytes", "failed"]);
      return {
        name: key,
        known: o.known,
        lastAction: o.value?.lastAction,
        lastReason: o.value?.lastReason,
        sourceVersion: o.value?.sourceVersion,
        destinationVersion: o.value?.destinationVersion,
        adopted: o.value?.adopted,
        createdByStack: o.value?.createdByStack,
        metrics: o.value?.metrics,
        validation: o.value?.validation,
        ranAt: o.value?.ranAt,
        runCopiedBytes: o.value?.runCopiedBytes,
        totalCopiedBytes: o.value?.totalCopiedBytes,
        failed: o.value?.failed,
      };
    }),
  );
  const protectedOutcomes = Promise.all(
    Object.entries(protectedCopies).map(async ([key, t]): Promise<TableOutcome> => {
      const o = await settledFields(t, ["lastAction", "lastReason", "createdByStack", "rows", "ranAt"]);
      const rows = o.value?.rows;
      return {
        name: key,
        known: o.known,
        lastAction: o.value?.lastAction,
        lastReason: o.value?.lastReason,
        sourceVersion: null,
        destinationVersion: null,
        adopted: false,
        createdByStack: o.value?.createdByStack,
        metrics: null,
        validation: rows ? { matched: rows.source === rows.destination, sourceRows: rows.source, destinationRows: rows.destination } : null,
        ranAt: o.value?.ranAt,
      };
    }),
  );
  const gateOut = validationGate
    ? settled(pulumi.all([validationGate.verdict, validationGate.mismatchPct])).then((g) =>
        g.known ? { verdict: g.value![0], mismatchPct: g.value![1] } : pulumi.runtime.isDryRun() ? null : { verdict: "failed", mismatchPct: null },
      )
    : Promise.resolve(null);
  const catalogOut = settled(pulumi.all([catalog.adopted, catalog.createdByStack]));
  const run: ReportRun = { startedAt: RUN_STARTED_AT, dryRun: pulumi.runtime.isDryRun() };
  const definitionOutcomes = Promise.all(
    [...Object.entries(definitions.views).map(([k, r]) => ({ k, r, kind: "view" as const })), ...Object.entries(definitions.functions).map(([k, r]) => ({ k, r, kind: "function" as const }))].map(
      async ({ k, r, kind }): Promise<DefinitionOutcome> => {
        const o = await settled(r.lastAction);
        return { name: k, kind, known: o.known, lastAction: o.value };
      },
    ),
  );
  const report = pulumi.output(
    Promise.all([catalogOut, outcomes, protectedOutcomes, gateOut, volumes.report, definitionOutcomes]).then(([c, outs, prot, gate, vols, defs]) => ({
      ...buildReport(plan, { adopted: c.value?.[0], createdByStack: c.value?.[1] }, [...outs, ...prot], gate, run),
      ...shapingReport(args, plan.tables),
      volumes: vols,
      ...(governance ? { governance: governanceReport(governance) } : {}),
      definitions: buildDefinitionsReport(plan, defs, run.dryRun),
    })),
  );

  // One message per changed child, on it, and the stack's summary (decisionMessages.ts); the report waits for them.
  const decisions = announceDecisions(parent, plan, { tables, protectedTables: protectedCopies, ...definitions, volumes: volumes.volumes }, { estimate, dryRun: run.dryRun, runStartedAt: RUN_STARTED_AT });
  return {
    plan,
    protectedTables,
    report: pulumi.output(decisions.then(() => true)).apply(() => report),
    children: { catalog, schemas, tables, protectedTables: protectedCopies, ...definitions, validationGate, volumes: volumes.volumes, governance: governanceResources },
  };
}
