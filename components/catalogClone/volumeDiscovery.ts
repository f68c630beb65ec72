/**
 * Volumes as discovery sees them: they come back as rows of type VOLUME of the one table-listing
 * statement per catalog (provider/sql/volume.ts volumesAsTableRows), so reading them costs no statement.
 * Then, at program time, the files of each managed volume to clone are listed through the file-copy port
 * (Files API calls, not SQL statements) to fingerprint the source and count the destination files out of
 * date, so preview shows a volume whose files changed and a second up with nothing to copy plans nothing.
 */
import type { PolicyTableListingRow } from "../../provider/sql/discovery";
import { filesFingerprint, filesOutOfDate } from "../../provider/resources/volume/fileSync";
import { volumeRoot, type VolumeFiles } from "../../provider/warehouse/volumeFiles";

/** A Unity Catalog volume as information_schema.volumes reports it. */
export interface DiscoveredVolume {
  schema: string;
  name: string;
  /** MANAGED or EXTERNAL. */
  volumeType: string;
  /** Its storage location (external volumes: the LOCATION it was created with). */
  storageLocation: string | null;
  comment: string | null;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Splits the table listing's rows into tables and volumes. */
export function splitVolumeRows<R extends PolicyTableListingRow>(rows: readonly R[]): { tables: R[]; volumes: DiscoveredVolume[] } {
  const tables: R[] = [];
  const volumes: DiscoveredVolume[] = [];
  for (const r of rows) {
    if (String(r.table_type) !== "VOLUME") tables.push(r);
    else {
      volumes.push({
        schema: String(r.table_schema),
        name: String(r.table_name),
        volumeType: String(r.data_source_format ?? "MANAGED").toUpperCase(),
        storageLocation: text(r.storage_location),
        comment: text(r.comment),
      });
    }
  }
  return { tables, volumes };
}

/** What the files of one managed volume look like now, on both sides. */
export interface VolumeFilesSeen {
  /** The source's files: count, bytes, digest (fileSync.ts filesFingerprint). */
  sourceFiles: { files: number; bytes: number; digest: string };
  /** Source files the destination does not hold in sync (all of them when it has no such volume). */
  destinationOutOfDate: number;
}

/**
 * Lists the source files of each volume (and the destination's, when the destination volume exists).
 * Keyed `schema.volume`. At most 4 volumes are listed at once.
 */
export async function discoverVolumeFiles(
  files: VolumeFiles,
  sourceCatalog: string,
  destinationCatalog: string,
  volumes: readonly { schema: string; name: string; destinationExists: boolean }[],
): Promise<Map<string, VolumeFilesSeen>> {
  const out = new Map<string, VolumeFilesSeen>();
  let next = 0;
  const worker = async () => {
    while (next < volumes.length) {
      const v = volumes[next++];
      const source = await files.listTree(volumeRoot({ catalog: sourceCatalog, schema: v.schema, name: v.name }));
      const destination = v.destinationExists ? await files.listTree(volumeRoot({ catalog: destinationCatalog, schema: v.schema, name: v.name })) : [];
      out.set(`${v.schema}.${v.name}`, { sourceFiles: filesFingerprint(source), destinationOutOfDate: filesOutOfDate(source, destination) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, volumes.length) }, worker));
  return out;
}
