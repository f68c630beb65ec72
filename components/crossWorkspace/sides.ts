/**
 * Program-time discovery of a cross-workspace clone, read-only (so preview runs it too): each side's
 * metastore (`current_metastore()`, one statement per side) and the source catalog's tables (the
 * constant-cost discovery of CatalogClone).
 */
import { currentMetastore } from "../../provider/sql/sharing";
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import { processRuntime } from "../../provider/resources/runtime";
import { discoverSource, type DiscoveredCatalog } from "../catalogClone/discovery";
import { metastoreUuidOf } from "../../provider/resources/recipient/lifecycle";
import type { ConfigSource } from "../../provider/resources/runtime";

export interface Sides {
  sourceMetastore: string;
  targetMetastore: string;
  /** Both sides report the same metastore: Delta Sharing does not apply. */
  sameMetastore: boolean;
  source: DiscoveredCatalog;
}

async function metastoreOf(ref: ConnectionRef | undefined, config: ConfigSource): Promise<string> {
  const wh = await processRuntime().warehouseFor(ref, config);
  return String((await wh.execute(currentMetastore()))[0]?.metastore_id ?? "");
}

/** Both metastores and the source catalog. */
export async function discoverSides(
  source: { catalog: string; connection?: ConnectionRef },
  target: { connection?: ConnectionRef },
  config: ConfigSource,
): Promise<Sides> {
  return processRuntime().discovering(async () => {
    const sourceMetastore = await metastoreOf(source.connection, config);
    const targetMetastore = await metastoreOf(target.connection, config);
    const catalog = await discoverSource(await processRuntime().warehouseFor(source.connection, config), source.catalog);
    return { sourceMetastore, targetMetastore, sameMetastore: metastoreUuidOf(sourceMetastore) === metastoreUuidOf(targetMetastore), source: catalog };
  });
}
