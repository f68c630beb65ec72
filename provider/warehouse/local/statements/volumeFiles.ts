/**
 * Files inside volumes, addressed as Databricks does: `/Volumes/<catalog>/<schema>/<volume>/<path>`.
 * The local stand-in for the Files API (there is no SQL for file content): put, list, read, delete.
 * Writes are atomic (temp file + rename), so concurrent readers never see half a file.
 */
import * as path from "node:path";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import type { MetastoreDocument, VolumeEntry } from "../metastore/model";
import { volumeDirectory } from "./volumeStorage";
import { objectNotFound, ucError } from "../errors/governanceErrors";
import { MetastoreStore } from "../metastore/metastoreStore";

/** What the file API needs from a workspace (an EngineContext satisfies it). */
export interface VolumeHost {
  readonly root: string;
  readonly accountRoot: string;
  readMeta(): MetastoreDocument;
}

/** One entry of a directory listing. */
export interface VolumeFileInfo {
  /** Full `/Volumes/...` path. */
  path: string;
  name: string;
  isDirectory: boolean;
  /** Bytes (0 for directories). */
  size: number;
  modifiedAt: Date;
}

interface Located {
  volume: VolumeEntry;
  /** Path inside the volume, '/'-separated, no leading slash ("" for the volume root). */
  relative: string;
  absolute: string;
}

/** GUESS: the Files API answers 404 NOT_FOUND; surfaced with that class. */
function fileNotFound(p: string): Error {
  return ucError("NOT_FOUND", `The file or directory '${p}' does not exist.`, "42704");
}

/** Files of Unity Catalog volumes in one local workspace. */
export class VolumeFiles {
  constructor(private readonly host: VolumeHost) {}

  private locate(volumePath: string): Located {
    const m = /^\/?Volumes\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(volumePath);
    if (!m) throw ucError("INVALID_PARAMETER_VALUE", `'${volumePath}' is not a volume path; expected /Volumes/<catalog>/<schema>/<volume>/<path>.`, "22023");
    const key = `${m[1]}.${m[2]}.${m[3]}`.toLowerCase();
    const volume = this.host.readMeta().volumes[key];
    if (!volume) throw objectNotFound("VOLUME", key);
    const segments = (m[4] ?? "").split("/").filter((s) => s.length > 0);
    if (segments.some((s) => s === "." || s === "..")) {
      throw ucError("INVALID_PARAMETER_VALUE", `'${volumePath}' may not contain '.' or '..' segments.`, "22023");
    }
    const dir = volumeDirectory(this.host, volume);
    return { volume, relative: segments.join("/"), absolute: path.join(dir, ...segments) };
  }

  /** Writes a file (parents created). Fails if it exists unless `overwrite` (default true, as the Files API). */
  async put(volumePath: string, data: Uint8Array | string, opts: { overwrite?: boolean } = {}): Promise<void> {
    const at = this.locate(volumePath);
    if (at.relative === "") throw ucError("INVALID_PARAMETER_VALUE", "A file path inside the volume is required.", "22023");
    if (opts.overwrite === false && (await stat(at.absolute).catch(() => undefined))) {
      throw ucError("ALREADY_EXISTS", `The file '${volumePath}' already exists.`, "42710");
    }
    await mkdir(path.dirname(at.absolute), { recursive: true });
    const tmp = `${at.absolute}.${randomUUID()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, at.absolute);
  }

  /** Reads a whole file. */
  async read(volumePath: string): Promise<Buffer> {
    const at = this.locate(volumePath);
    try {
      return await readFile(at.absolute);
    } catch {
      throw fileNotFound(volumePath);
    }
  }

  /** Lists a directory of the volume ("" or the volume path itself for its root), sorted by name. */
  async list(volumePath: string): Promise<VolumeFileInfo[]> {
    const at = this.locate(volumePath);
    const base = `/Volumes/${at.volume.catalog}/${at.volume.schema}/${at.volume.name}${at.relative ? "/" + at.relative : ""}`;
    let names: string[];
    try {
      names = (await readdir(at.absolute)).filter((n) => !n.endsWith(".tmp"));
    } catch {
      if (at.relative === "") return []; // a volume nobody wrote to yet
      throw fileNotFound(volumePath);
    }
    const out: VolumeFileInfo[] = [];
    for (const name of names.sort()) {
      const st = await stat(path.join(at.absolute, name)).catch(() => undefined);
      if (!st) continue;
      out.push({ path: `${base}/${name}`, name, isDirectory: st.isDirectory(), size: st.isDirectory() ? 0 : st.size, modifiedAt: st.mtime });
    }
    return out;
  }

  /** Deletes a file, or a directory with `recursive`. */
  async delete(volumePath: string, opts: { recursive?: boolean } = {}): Promise<void> {
    const at = this.locate(volumePath);
    const st = await stat(at.absolute).catch(() => undefined);
    if (!st) throw fileNotFound(volumePath);
    if (st.isDirectory() && !opts.recursive && (await readdir(at.absolute)).length > 0) {
      throw ucError("DIRECTORY_NOT_EMPTY", `The directory '${volumePath}' is not empty; delete it with recursive.`, "42000");
    }
    await rm(at.absolute, { recursive: true, force: true });
  }
}

/**
 * The file API of the workspace directory `dir`, without opening a SQL session (no DuckDB): what the
 * library's local file-copy port uses. The workspace must exist (opened once by a LocalWarehouse).
 */
export function openVolumeFiles(dir: string): VolumeFiles {
  const root = path.resolve(dir);
  const store = new MetastoreStore(root);
  return new VolumeFiles({ root, accountRoot: path.dirname(root), readMeta: () => store.read() });
}
