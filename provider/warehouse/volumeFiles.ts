/**
 * The file-copy port for Unity Catalog volumes. Databricks SQL has no statement that copies file content
 * (volumes cannot be cloned; reference §4.6), so the files of a managed volume go through this port:
 * the local engine's volume storage (localVolumeFiles.ts), or the Databricks Files REST API
 * (databricks/filesApi.ts) with the same host and credentials as the SQL connection. Paths are the
 * `/Volumes/<catalog>/<schema>/<volume>/<path>` form both understand.
 */

/** One file of a volume, as listed. */
export interface VolumeFile {
  /** Path inside the volume, `/`-separated, no leading slash (`2026/a.csv`). */
  path: string;
  /** Bytes. */
  size: number;
  /** Last modification, ms since the epoch. */
  modifiedMs: number;
}

/** What the volume handler needs from a backend's file storage. */
export interface VolumeFiles {
  /** Every file under `root` (a volume's `/Volumes/c/s/v`), recursively; directories are not listed. Empty for an empty volume. */
  listTree(root: string): Promise<VolumeFile[]>;
  /** A whole file. */
  read(path: string): Promise<Uint8Array>;
  /** Writes (or overwrites) a whole file; parent directories are created. */
  write(path: string, data: Uint8Array): Promise<void>;
  /** Deletes one file. */
  delete(path: string): Promise<void>;
}

/** `/Volumes/<catalog>/<schema>/<volume>`: the root of a volume's files. */
export function volumeRoot(v: { catalog: string; schema: string; name: string }): string {
  return `/Volumes/${v.catalog}/${v.schema}/${v.name}`;
}

/** The full path of `relative` (a VolumeFile path) under `root`. */
export function volumePath(root: string, relative: string): string {
  return `${root}/${relative}`;
}
