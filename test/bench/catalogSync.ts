/**
 * Our algorithm for one `pulumi up` of a CatalogClone, driven directly (without the Pulumi engine, so
 * the benchmark measures the warehouse work only): discovery of both catalogs (≤ 4 statements), the
 * component's planning, then per table the resource's `diff` (statement-free unless a fingerprint moved; one DESCRIBE HISTORY per
 * candidate) and `update` for tables whose diff says so, `parallel` resources at a time like the
 * engine's --parallel. `state` plays the role of the stack state (each table's recorded outputs).
 */
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { resolveCatalogCloneArgs } from "../../components/catalogClone/args";
import { discoverDestination, discoverSource } from "../../components/catalogClone/discovery";
import { planClone } from "../../components/catalogClone/plan";
import { plannedTableFingerprints } from "../../components/catalogClone/tableFingerprints";
import type { TableInputs, TableOutputs } from "../../provider/resources/table/inputs";
import type { SyncMode } from "../../provider/vocabulary/syncMode";
import { createTable, diffTable, updateTable } from "../../provider/resources/table/lifecycle";
import { runPool } from "./runPool";

export interface SyncOptions {
  owner: string;
  source: string;
  destination: string;
  sync: SyncMode;
  deploymentId: string;
  parallel: number;
  validate?: TableInputs["validate"];
}

export interface SyncReport {
  created: number;
  updated: string[];
  unchanged: number;
}

/** One up: creates missing resources, updates drifted ones, leaves the rest. Mutates `state`. */
export async function catalogSync(wh: Warehouse, o: SyncOptions, state: Map<string, TableOutputs>): Promise<SyncReport> {
  const [src, dst] = await Promise.all([discoverSource(wh, o.source), discoverDestination(wh, o.destination)]);
  const args = resolveCatalogCloneArgs("bench", {
    source: { catalog: o.source },
    destination: { catalog: o.destination },
    cloneType: "DEEP",
    sync: o.sync,
  });
  const report: SyncReport = { created: 0, updated: [], unchanged: 0 };
  await runPool(planClone(args, src, dst).tables, o.parallel, async (t) => {
    const key = `${t.schema}.${t.table}`;
    // The inputs the component registers for a planned table (components/CatalogClone.ts).
    const news: TableInputs = {
      owner: o.owner,
      source: { catalog: o.source, schema: t.schema, table: t.table },
      destination: { catalog: o.destination, schema: t.schema, table: t.table },
      cloneType: "DEEP",
      deploymentId: o.deploymentId,
      validate: o.validate,
      ...plannedTableFingerprints(t),
    };
    const olds = state.get(key);
    if (!olds) {
      state.set(key, (await createTable(wh, news)).outs);
      report.created++;
      return;
    }
    const d = await diffTable(wh, olds, news);
    if (!d.changes) {
      report.unchanged++;
      return;
    }
    state.set(key, await updateTable(wh, olds, news));
    report.updated.push(key);
  });
  return report;
}
