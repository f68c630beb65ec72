/**
 * `CrossWorkspaceClone` (type token `catalog-clone:index:CrossWorkspaceClone`): a catalog of one
 * workspace cloned into another workspace with its own metastore, through Delta Sharing:
 *
 *   source workspace: DeltaShare (the shareable tables, WITH HISTORY) → ShareRecipient (the target
 *   metastore's recipient, reused when it exists; SELECT granted when missing)
 *   target workspace: TargetCatalog (`CREATE CATALOG … USING SHARE`) → with `dataSync: "deep_clone"`,
 *   a CatalogClone whose source is the shared catalog (sync modes, pins, validation, rollback).
 *
 * Program time is read-only: each side's `current_metastore()` and the source's tables. Both sides on
 * the same metastore → no share at all: fail, or clone directly (`sameMetastore`). Tables with row
 * filters or column masks are refused, or skipped and listed (`policyTables`); never shared raw.
 * Shaping in `clone` (masking, tableOverrides.where, schemaOnly) is refused: the shared catalog keeps the
 * raw tables in the target workspace (crossWorkspace/unshapedClone.ts).
 *
 * `shareLifecycle` (deep_clone only): `keepShare` (default) keeps share, grant and shared catalog for fast
 * incremental syncs; `teardown` removes those this stack created once the deep clone succeeded (a
 * ShareTeardown resource that depends on every child of the clone) and tags a sync record on the
 * destination catalog. The next run compares source and destination with that record (read-only,
 * through each side's own connection) and makes share, grant and shared catalog again only when
 * something must be cloned (crossWorkspace/shareLifecycle.ts); a run with nothing to do sends no sharing
 * statement in either mode.
 *
 * With keepShare the deep clone is registered once the shared catalog exists: on the first preview of a
 * stack its tables are not listed yet (the catalog they come from is created by that up); later previews
 * list them. A target that fails (unreachable, refused) fails only its own CrossWorkspaceClone: the run
 * fails, but the other targets are planned and deployed, and nothing of the failed target is deleted.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone, settled } from "./CatalogClone";
import { resolveCatalogCloneArgs, type CatalogCloneArgs } from "./catalogClone/args";
import type { CloneReport } from "./catalogClone/report";
import { DeltaShare } from "./DeltaShare";
import { ShareRecipient } from "./ShareRecipient";
import { TargetCatalog } from "./TargetCatalog";
import { crossWorkspaceCloneArgsSchema, type CrossWorkspaceCloneArgs, type ResolvedCrossWorkspaceCloneArgs } from "./crossWorkspace/args";
import { parseComponentArgs, SharingArgsError } from "./crossWorkspace/componentArgs";
import { recipientNameFor, shareNameFor, sharedCatalogNameFor } from "./crossWorkspace/names";
import { selectShareable, type NotShared } from "./crossWorkspace/shareable";
import { discoverSides } from "./crossWorkspace/sides";
import { shapingProblems } from "./crossWorkspace/unshapedClone";
import { policyViewProblems } from "./crossWorkspace/policyView";
import { teardownProblems, teardownSync, type TeardownSync } from "./crossWorkspace/shareLifecycle";
import { presetSource } from "./catalogClone/presetSource";
import type { CatalogCloneChildren } from "./CatalogClone";
import { ShareTeardown } from "../provider/resources/shareTeardown/resource";
import { ownerMarker } from "../provider/resources/ownership";

/** Stack config, read the way the runtime stores it (secrets stay in memory). */
const programConfig = { get: (key: string) => pulumi.runtime.getConfig(key) };

/** What one cross-workspace clone did, per target (fan-out programs export one per target). */
export interface CrossWorkspaceReport {
  /** This target went through (its resources may still report their own failures). */
  status: "ok";
  /** `shared` (share → shared catalog [→ deep clone]) or `direct clone` (same metastore, `sameMetastore: "directClone"`). */
  mode: "shared" | "direct clone";
  sourceMetastore: string;
  targetMetastore: string;
  share?: { name: string; createdByStack: boolean | undefined; tables: number };
  recipient?: { name: string | undefined; reused: boolean | undefined; grantedShares: string[] | undefined };
  sharedCatalog?: { name: string; provider: string | undefined; createdByStack: boolean | undefined };
  /** Source objects not shared, with reasons. */
  notShared: NotShared[];
  /** The deep clone's report (CatalogClone), when there is one and it is known. */
  clone?: CloneReport | null;
  /** Why the deep clone is not registered in this run (first preview), if so. */
  clonePending?: string;
  /** `keepShare` or `teardown` (deep_clone). */
  shareLifecycle?: "keepShare" | "teardown";
  /** With teardown: whether this run had to sync, and why. */
  sync?: { inSync: boolean; reason: string; syncId: string };
  /** With teardown: what the last teardown removed and left in place (unknown until it ran). */
  teardown?: string | null;
}

/** A target that failed at program time (unreachable, refused arguments, ...): its own status, the others go on. */
export interface CrossWorkspaceFailure {
  status: "failed";
  /** The error, as the run reports it. */
  error: string;
}

export class CrossWorkspaceClone extends pulumi.ComponentResource {
  /** Name of the destination catalog in the target workspace. */
  declare readonly destinationCatalog: pulumi.Output<string>;
  /** What was shared, reused, created and cloned (see CrossWorkspaceReport). */
  declare readonly report: pulumi.Output<CrossWorkspaceReport | CrossWorkspaceFailure | undefined>;

  /**
   * @param name Logical name; children are `<name>-share`, `<name>-recipient`, `<name>-shared-catalog` and the CatalogClone `<name>`.
   * @param args See CrossWorkspaceCloneArgs (validated, CatalogClone arguments included, before any SQL).
   * @param opts `protect` is inherited by every child; `retainOnDelete` is passed to the deep clone.
   */
  constructor(name: string, args: CrossWorkspaceCloneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const a = opts.urn ? undefined : parseComponentArgs("CrossWorkspaceClone", name, crossWorkspaceCloneArgsSchema, args);
    const cloneArgs = a ? deepCloneArgs(name, a, sharedCatalogNameFor(a.target.catalog, a.dataSync)) : undefined;
    super("catalog-clone:index:CrossWorkspaceClone", name, {}, opts);
    if (!a || !cloneArgs) return;
    const work = build(this, name, a, cloneArgs, opts).catch((err: unknown) => {
      const failure = new pulumi.RunError(`CrossWorkspaceClone "${name}": ${err instanceof Error ? err.message : String(err)}`);
      failure.stack = undefined;
      throw failure;
    });
    void work.then(() => undefined);
    // The failure is reported in this target's report too (the run still fails, through `work`).
    const report = work.then(
      (r): CrossWorkspaceReport | CrossWorkspaceFailure => r,
      (err: unknown): CrossWorkspaceFailure => ({ status: "failed", error: err instanceof Error ? err.message : String(err) }),
    );
    Object.assign(this, { destinationCatalog: pulumi.output(a.target.catalog), report: pulumi.output(report) });
    this.registerOutputs({ destinationCatalog: this.destinationCatalog, report: this.report });
  }
}

/** The CatalogClone arguments of the deep clone (or direct clone), checked now so bad ones fail before any SQL. */
function deepCloneArgs(name: string, a: ResolvedCrossWorkspaceCloneArgs, sharedCatalog: string): CatalogCloneArgs {
  for (const key of ["source", "destination", "connection"]) {
    if (key in a.clone) {
      throw new SharingArgsError("CrossWorkspaceClone", name, [
        { field: `clone.${key}`, message: `clone.${key} is set by CrossWorkspaceClone (from source and target); remove it.` },
      ]);
    }
  }
  const shaped = [...shapingProblems(a.clone), ...policyViewProblems(a.policyTables), ...teardownProblems(a)];
  if (shaped.length > 0) throw new SharingArgsError("CrossWorkspaceClone", name, shaped);
  const args = { cloneType: "DEEP", ...a.clone, source: { catalog: sharedCatalog }, destination: { catalog: a.target.catalog, ...(a.target.comment !== undefined ? { comment: a.target.comment } : {}) }, connection: a.target.connection } as CatalogCloneArgs;
  if (a.dataSync === "deep_clone") resolveCatalogCloneArgs(name, args);
  return args;
}

async function build(
  parent: CrossWorkspaceClone,
  name: string,
  a: ResolvedCrossWorkspaceCloneArgs,
  cloneArgs: CatalogCloneArgs,
  opts: pulumi.ComponentResourceOptions,
): Promise<CrossWorkspaceReport> {
  const sides = await discoverSides(a.source, a.target, programConfig);
  const childOpts = (extra: pulumi.ComponentResourceOptions = {}): pulumi.ComponentResourceOptions => ({ parent, ...extra });
  const base = { status: "ok" as const, sourceMetastore: sides.sourceMetastore, targetMetastore: sides.targetMetastore };

  if (sides.sameMetastore) {
    if (a.sameMetastore === "fail") {
      throw new Error(
        `[CATALOG_CLONE_SAME_METASTORE] the source and target connections report the same metastore (${sides.sourceMetastore}); ` +
          `Delta Sharing needs two metastores, so nothing was shared. Point target.connection at a workspace of another metastore, ` +
          `or set sameMetastore: "directClone" to clone ${a.source.catalog} directly into ${a.target.catalog}.`,
      );
    }
    pulumi.log.info(`${name}: source and target share metastore ${sides.sourceMetastore}: no share; cloning ${a.source.catalog} directly.`, parent);
    const direct = new CatalogClone(name, { ...cloneArgs, source: { catalog: a.source.catalog } }, childOpts(retain(opts)));
    return { mode: "direct clone", ...base, notShared: [], clone: await known(direct.report) };
  }

  const selection = selectShareable(a.source.catalog, sides.source.tables, a.policyTables === "skip" ? "skip" : "refuse");
  if (selection.problem) throw new Error(`[CATALOG_CLONE_POLICY_NOT_SHAREABLE] ${selection.problem}`);
  for (const n of selection.notShared) pulumi.log.info(`${name}: not shared: ${n.name}: ${n.reason}`, parent);
  if (selection.tables.length === 0) throw new Error(`source catalog ${a.source.catalog} has no table that can be shared (${selection.notShared.length} object(s) left out, see above).`);

  const shareName = a.shareName ?? shareNameFor(a.source.catalog, a.target.catalog, sides.sourceMetastore, sides.targetMetastore);
  const sharedCatalog = sharedCatalogNameFor(a.target.catalog, a.dataSync);
  const sync = a.shareLifecycle === "teardown" ? await teardownSync(a, sides.source, selection.tables, sharedCatalog, a.target.connection, programConfig) : undefined;
  if (sync) {
    pulumi.log.info(`${name}: ${sync.inSync ? sync.reason : `sync needed (${sync.reason}): share, grant and ${sharedCatalog} are made, then torn down after the deep clone`}.`, parent);
    // The deep clone discovers its source (the shared catalog, absent between syncs) from the source side.
    presetSource(resolveCatalogCloneArgs(name, cloneArgs).connection, sync.preset);
  }
  const syncId = sync ? { syncId: sync.syncId } : {};
  const share = new DeltaShare(
    `${name}-share`,
    { name: shareName, tables: selection.tables, withHistory: true, recipientSharingIdentifier: sides.targetMetastore, connection: a.source.connection, comment: `Cross-workspace clone of ${a.source.catalog} into ${a.target.catalog}`, ...syncId },
    childOpts(),
  );
  const recipient = new ShareRecipient(
    `${name}-recipient`,
    { sharingIdentifier: sides.targetMetastore, name: a.recipientName ?? recipientNameFor(sides.targetMetastore), shares: [shareName], connection: a.source.connection, ...syncId },
    childOpts({ dependsOn: [share] }),
  );
  const target = new TargetCatalog(
    `${name}-shared-catalog`,
    {
      catalog: sharedCatalog,
      providerSharingIdentifier: sides.sourceMetastore,
      share: shareName,
      propagationTimeoutSeconds: a.propagationTimeoutSeconds,
      connection: a.target.connection,
      comment: `Delta share ${shareName} of ${a.source.catalog} (read-only)`,
      ...syncId,
    },
    childOpts({ dependsOn: [recipient] }),
  );

  const report: CrossWorkspaceReport = {
    mode: "shared",
    ...base,
    share: { name: shareName, createdByStack: (await known(share.createdByStack)) ?? undefined, tables: selection.tables.length },
    recipient: {
      name: (await known(recipient.recipientName)) ?? undefined,
      reused: (await known(recipient.reused)) ?? undefined,
      grantedShares: (await known(recipient.grantedShares)) ?? undefined,
    },
    sharedCatalog: { name: sharedCatalog, provider: (await known(target.providerName)) ?? undefined, createdByStack: (await known(target.createdByStack)) ?? undefined },
    notShared: selection.notShared,
    ...(a.dataSync === "deep_clone" ? { shareLifecycle: a.shareLifecycle } : {}),
    ...(sync ? { sync: { inSync: sync.inSync, reason: sync.reason, syncId: sync.syncId } } : {}),
  };
  if (a.dataSync === "shared_catalog") return report;
  if (sync) return withTeardown(parent, name, a, cloneArgs, opts, sync, { share, recipient, target, shareName, sharedCatalog, tables: selection.tables.map((t) => `${t.schema}.${t.table}`) }, report);

  // The deep clone discovers its source, the shared catalog, at program time: only once it exists.
  const ready = await settled(target.catalogName);
  if (!ready.known) {
    const why = `the deep clone of ${sharedCatalog} into ${a.target.catalog} is planned once the shared catalog exists (it is created by this up)`;
    pulumi.log.info(`${name}: ${why}.`, parent);
    return { ...report, clonePending: why };
  }
  const clone = new CatalogClone(name, cloneArgs, childOpts({ dependsOn: [target], ...retain(opts) }));
  return { ...report, clone: await known(clone.report) };
}

const retain = (opts: pulumi.ComponentResourceOptions) => (opts.retainOnDelete !== undefined ? { retainOnDelete: opts.retainOnDelete } : {});

/** An output's value, null when unknown (preview, or a failed step under --continue-on-error). */
async function known<T>(o: pulumi.Output<T>): Promise<T | null> {
  const s = await settled(o);
  return s.known ? (s.value ?? null) : null;
}

/**
 * The deep clone of a teardown-mode sync, then the teardown that depends on every child of it. The clone's
 * source catalog is the shared catalog's name as an output of its resource: its tables wait for the
 * catalog to be mounted (again) in a run that syncs, and its discovery is the preset one (no statement on
 * a catalog that is absent between syncs).
 */
async function withTeardown(
  parent: CrossWorkspaceClone,
  name: string,
  a: ResolvedCrossWorkspaceCloneArgs,
  cloneArgs: CatalogCloneArgs,
  opts: pulumi.ComponentResourceOptions,
  sync: TeardownSync,
  made: { share: DeltaShare; recipient: ShareRecipient; target: TargetCatalog; shareName: string; sharedCatalog: string; tables: string[] },
  report: CrossWorkspaceReport,
): Promise<CrossWorkspaceReport> {
  const clone = new CatalogClone(name, { ...cloneArgs, source: { catalog: made.target.catalogName } }, { parent, ...retain(opts) });
  const children = await clone.children;
  const teardown = new ShareTeardown(
    `${name}-teardown`,
    {
      connection: a.target.connection,
      sourceConnection: a.source.connection,
      owner: ownerMarker(pulumi.getProject(), pulumi.getStack()),
      syncId: sync.syncId,
      sourceKey: sync.sourceKey,
      destinationCatalog: a.target.catalog,
      tables: made.tables,
      share: pulumi.all([made.share.createdByStack, made.share.addedTables]).apply(([createdByStack, addedTables]) => ({ name: made.shareName, createdByStack, addedTables })),
      grant: pulumi.all([made.recipient.recipientName, made.recipient.grantedShares]).apply(([recipient, granted]) => ({ recipient, grantedByStack: granted.includes(made.shareName) })),
      sharedCatalog: made.target.createdByStack.apply((createdByStack) => ({ name: made.sharedCatalog, createdByStack })),
    },
    // After every child of the clone: a failed table or validation leaves share and catalog for the retry.
    { parent, dependsOn: [made.share, made.recipient, made.target, ...cloneChildren(children)] },
  );
  return { ...report, clone: await known(clone.report), teardown: await known(teardown.lastAction) };
}

/** Every resource a CatalogClone registered. */
function cloneChildren(c: CatalogCloneChildren): pulumi.Resource[] {
  return [
    c.catalog,
    ...Object.values(c.schemas),
    ...Object.values(c.tables),
    ...Object.values(c.protectedTables),
    ...Object.values(c.views),
    ...Object.values(c.functions),
    ...Object.values(c.volumes),
    ...Object.values(c.governance),
    ...(c.validationGate ? [c.validationGate] : []),
  ];
}
