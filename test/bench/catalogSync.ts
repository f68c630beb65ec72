/**
 * Our algorithm for one `pulumi up` of a CatalogClone, driven directly (without the Pulumi engine, so
 * the benchmark measures the warehouse work only): discovery of both catalogs (≤ 4 statements), then
 * per table the resource's `diff` (statement-free unless a fingerprint moved; one DESCRIBE HISTORY per
 * candidate) and `update` for tables whose diff says so, `parallel` resources at a time like the
 * engine's --parallel. `state` plays the role of the stack state (each table's recorded outputs).
 */
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource, type DiscoveredTable } from "../../components/catalogClone/discovery";
import type { SyncMode, TableInputs, TableOutputs } from "../../provider/resources/table/inputs";
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

/** The table inputs the component derives from discovery (CLONE-CONTRACT "Table resource inputs"). */
export function tableInputs(o: SyncOptions, t: DiscoveredTable, d: DiscoveredTable | undefined): TableInputs {
  return {
    owner: o.owner,
    source: { catalog: o.source, schema: t.schema, table: t.name },
    destination: { catalog: o.destination, schema: t.schema, table: t.name },
    cloneType: "DEEP",
    sync: o.sync,
    sourceFingerprint: { tableType: t.tableType, format: t.format, lastAltered: t.lastAltered },
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
    deploymentId: o.deploymentId,
    validate: o.validate,
  };
}

export interface SyncReport {
  created: number;
  updated: string[];
  unchanged: number;
}

/** One up: creates missing resources, updates drifted ones, leaves the rest. Mutates `state`. */
export async function catalogSync(wh: Warehouse, o: SyncOptions, state: Map<string, TableOutputs>): Promise<SyncReport> {
  const [src, dst] = await Promise.all([discoverSource(wh, o.source), discoverDestination(wh, o.destination)]);
  const dstByKey = new Map(dst.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const report: SyncReport = { created: 0, updated: [], unchanged: 0 };
  const tables = src.tables.filter((t) => t.tableType !== "VIEW");
  await runPool(tables, o.parallel, async (t) => {
    const key = `${t.schema}.${t.name}`;
    const news = tableInputs(o, t, dstByKey.get(key));
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
