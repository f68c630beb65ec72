/**
 * From a resolved connection to its file-copy port (volumeFiles.ts): the local engine's volume storage,
 * or the Databricks Files API with the connection's host and credentials (read at call time, as the SQL
 * driver reads them; never stored).
 */
import type { WarehouseConnection } from "./connectionConfig";
import type { VolumeFiles } from "./volumeFiles";
import { DatabricksFilesApi } from "./databricks/filesApi";
import { openLocalVolumeFiles } from "./localVolumeFiles";

export function openVolumeFiles(conn: WarehouseConnection): Promise<VolumeFiles> {
  if (conn.kind === "local") return openLocalVolumeFiles(conn.path);
  return Promise.resolve(new DatabricksFilesApi({ host: conn.host, auth: conn.auth }));
}
