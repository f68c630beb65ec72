/**
 * The clone report's per-table rows, read back from a stack's state (`pulumi stack export`: a Pulumi
 * checkpoint's `deployment.resources`, or the test harness's state file `resources`). State keeps no copy
 * of the rows (at 2,000 tables they would add ~160 B per table): each row is rebuilt from what state
 * already holds once, the table resource's own outputs (its last write: `lastAction`, `lastReason`,
 * `ranAt`, versions, bytes), with the CatalogClone's `runStartedAt` output telling this run's decisions
 * from an earlier run's, exactly as the program's report does (report.ts), and its report's
 * `validation.failedTables` naming the tables whose step failed (Pulumi keeps no outputs of those).
 */
import { tableReport, unknownOutcome, type CloneReport, type TableOutcome, type TableReport } from "./report";

/** The component type token whose children the rows are about (CatalogClone.ts). */
const COMPONENT_TYPE = "catalog-clone:index:CatalogClone";
/** The child kinds with a row: cloned tables, then protected-table copies (the program's report order). */
const TABLE_TYPES = ["pulumi-nodejs:dynamic/catalog-clone:Table", "pulumi-nodejs:dynamic/catalog-clone:ProtectedTable"];

/** What a state resource needs here: Pulumi checkpoints and the harness state share this shape. */
export interface StateResource {
  urn?: string;
  type: string;
  parent?: string;
  outputs?: Record<string, unknown>;
}

/**
 * The rows of every CatalogClone in `resources` (a stack export's `deployment.resources`, or the
 * harness's `resources()`): per component, its tables in name order, then its protected-table copies in
 * name order. Secrets must already be decrypted (rows hold none).
 */
export function reportTables(resources: readonly StateResource[]): TableReport[] {
  return resources.filter((r) => r.type === COMPONENT_TYPE).flatMap((c) => componentRows(c, resources));
}

function componentRows(component: StateResource, resources: readonly StateResource[]): TableReport[] {
  const outputs = component.outputs ?? {};
  // State written before `runStartedAt` kept the rows themselves, as the `tables` output (until the next up).
  if (typeof outputs.runStartedAt !== "string") return Array.isArray(outputs.tables) ? (outputs.tables as TableReport[]) : [];
  const run = { startedAt: Date.parse(outputs.runStartedAt), dryRun: false };
  const stepFailed = new Set((outputs.report as CloneReport | undefined)?.validation?.failedTables ?? []);
  const [tables, copies] = TABLE_TYPES.map((type) => {
    const rows = new Map<string, TableReport>();
    for (const r of resources) {
      if (r.type !== type || r.parent !== component.urn || !r.outputs) continue;
      const outcome = outcomeOf(r.outputs, type === TABLE_TYPES[1]);
      rows.set(outcome.name, tableReport(outcome, run));
    }
    return rows;
  });
  // A table whose step failed: absent from state (a failed create), or holding an earlier run's outputs.
  for (const name of stepFailed) {
    const rows = copies.has(name) ? copies : tables;
    const row = rows.get(name);
    if (row?.action === "failed" || row?.failed !== undefined) continue;
    rows.set(name, tableReport(unknownOutcome(name), run));
  }
  const byName = (a: TableReport, b: TableReport) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...[...tables.values()].sort(byName), ...[...copies.values()].sort(byName)];
}

/** The table resource's outputs as the program's report reads them (CatalogClone.ts outcomes); absent fields are their defaults. */
function outcomeOf(o: Record<string, unknown>, protectedCopy: boolean): TableOutcome {
  const d = o.destination as { schema: string; table: string };
  const base = { name: `${d.schema}.${d.table}`, lastAction: o.lastAction as string | undefined, lastReason: o.lastReason as string | undefined, createdByStack: o.createdByStack as boolean | undefined, ranAt: o.ranAt as string | undefined };
  if (protectedCopy) {
    const rows = o.rows as { source: number; destination: number } | null | undefined;
    return { ...base, sourceVersion: null, destinationVersion: null, adopted: false, metrics: null, validation: rows ? { matched: rows.source === rows.destination, sourceRows: rows.source, destinationRows: rows.destination } : null };
  }
  return {
    ...base,
    sourceVersion: o.sourceVersion as number | null | undefined,
    destinationVersion: o.destinationVersion as number | null | undefined,
    adopted: o.adopted as boolean | undefined,
    metrics: o.metrics as TableOutcome["metrics"],
    validation: o.validation as TableOutcome["validation"],
    runCopiedBytes: o.runCopiedBytes as number | undefined,
    totalCopiedBytes: o.totalCopiedBytes as number | undefined,
    failed: o.failed as string | undefined,
  };
}
