/**
 * `shareLifecycle: "teardown"` at program time (read-only, so preview runs it too): is the destination
 * still what the last sync left, for the source as it is now? The source side is already discovered
 * (sides.ts); the destination's tables and the sync record tag the teardown left on its catalog
 * (provider/resources/shareTeardown) cost two to three statements on the target. The answer decides the
 * `syncId` the sharing resources get: the recorded one when nothing changed (no diff, so no sharing
 * statement at all), a new one when something must be cloned (share, grant and shared catalog are made
 * again). The deep clone's source discovery is the source side's, preset (catalogClone/presetSource.ts):
 * the shared catalog is not there between syncs, and always presetting keeps the table inputs the same
 * from one run to the next.
 */
import { listTags, type TagListingRow } from "../../provider/sql/discovery";
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import { processRuntime, type ConfigSource } from "../../provider/resources/runtime";
import { parseSyncRecord, SYNC_RECORD_TAG, syncIdOf, tablesDigest } from "../../provider/resources/shareTeardown/syncRecord";
import type { InputProblem } from "../../provider/inputProblems";
import type { TableRef } from "../../provider/vocabulary/objectIdentity";
import { discoverDestination, type DiscoveredCatalog, type DiscoveredTable } from "../catalogClone/discovery";
import type { ResolvedCrossWorkspaceCloneArgs } from "./args";

/** What the program decided for a teardown-mode clone. */
export interface TeardownSync {
  /** Nothing to clone: the sharing resources keep the recorded syncId and send no statement. */
  inSync: boolean;
  /** The syncId the share, recipient, shared catalog and teardown resources get. */
  syncId: string;
  /** The source key of this run (what is to be cloned). */
  sourceKey: string;
  /** Why a sync is needed (or that none is). */
  reason: string;
  /** The deep clone's source as the shared catalog would list it. */
  preset: DiscoveredCatalog;
}

/** Arguments that cannot go with `teardown` (before any SQL). */
export function teardownProblems(a: ResolvedCrossWorkspaceCloneArgs): InputProblem[] {
  if (a.shareLifecycle !== "teardown") return [];
  const problems: InputProblem[] = [];
  if (a.dataSync === "shared_catalog") {
    problems.push({ field: "shareLifecycle", message: 'teardown removes the shared catalog after a deep clone; with dataSync: "shared_catalog" the shared catalog is the result. Use keepShare, or dataSync: "deep_clone".' });
  }
  if (a.clone.asOf !== undefined) {
    problems.push({ field: "clone.asOf", message: "a pinned version (asOf) is checked against the shared catalog at program time, which teardown removes between syncs; use shareLifecycle: keepShare with asOf." });
  }
  return problems;
}

/**
 * The shared tables as the catalog over the share lists them: same schema, name, type and last_altered, no
 * policies, no volumes, and the format `DELTASHARING` (what information_schema reports for a table of a
 * shared catalog: reference §3.1 lists the value, GUESS that shared tables report it, as the engine does), so the clone's table inputs are the same as keepShare's
 * and switching modes re-clones nothing by itself.
 */
function presetOf(sharedCatalog: string, shared: readonly DiscoveredTable[]): DiscoveredCatalog {
  const tables = shared.map(({ policies: _p, ...t }) => ({ ...t, format: "DELTASHARING" }));
  return { catalog: sharedCatalog, exists: true, schemas: [...new Set(tables.map((t) => t.schema))].sort(), tables, volumes: [] };
}

/** Decides whether this run must sync, from the source discovery and the destination's record. */
export async function teardownSync(
  a: ResolvedCrossWorkspaceCloneArgs,
  source: DiscoveredCatalog,
  shared: readonly TableRef[],
  sharedCatalog: string,
  targetConnection: ConnectionRef | undefined,
  config: ConfigSource,
): Promise<TeardownSync> {
  const names = shared.map((t) => `${t.schema}.${t.table}`);
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const sharedTables = source.tables.filter((t) => wanted.has(`${t.schema}.${t.name}`.toLowerCase()));
  const sourceKey = syncIdOf(tablesDigest(sharedTables, names), a.clone);
  const { destination, tag } = await processRuntime().discovering(async () => {
    const wh = await processRuntime().warehouseFor(targetConnection, config);
    const destination = await discoverDestination(wh, a.target.catalog);
    const tags = destination.exists ? ((await wh.execute(listTags(a.target.catalog, "catalog"))) as unknown as TagListingRow[]) : [];
    return { destination, tag: tags.find((r) => r.tag_name === SYNC_RECORD_TAG)?.tag_value };
  });
  const destinationDigest = tablesDigest(destination.tables, names);
  const record = parseSyncRecord(tag);
  const preset = presetOf(sharedCatalog, sharedTables);
  if (record && record.sourceKey === sourceKey && record.destinationDigest === destinationDigest) {
    return { inSync: true, syncId: record.syncId, sourceKey, reason: `in sync with the source since the last sync (${record.syncId}): nothing shared`, preset };
  }
  const reason = !record
    ? "no sync recorded on the destination yet"
    : record.sourceKey !== sourceKey
      ? "the source (or the clone arguments) changed since the last sync"
      : "the destination changed since the last sync";
  return { inSync: false, syncId: syncIdOf(sourceKey, destinationDigest), sourceKey, reason, preset };
}
