/**
 * The file-copy port (volumeFiles.ts) over the embedded engine's volume storage: its `/Volumes/...` file
 * API (the local stand-in for the Files API), loaded by package name only when used, like the local
 * driver. Engine failures become WarehouseErrors with the same class.
 */
import type { VolumeFile, VolumeFiles } from "./volumeFiles";
import { fromEngineError } from "./localDriver";

type EngineFiles = import("pulumi-uc-clone-local-warehouse").VolumeFiles;

/** Runs `fn`, translating the engine's errors. */
async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw fromEngineError(e);
  }
}

class LocalVolumeFiles implements VolumeFiles {
  constructor(private readonly files: EngineFiles) {}

  listTree(root: string): Promise<VolumeFile[]> {
    return translated(async () => {
      const out: VolumeFile[] = [];
      const walk = async (dir: string, prefix: string): Promise<void> => {
        for (const e of await this.files.list(dir)) {
          const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
          if (e.isDirectory) await walk(`${dir}/${e.name}`, rel);
          else out.push({ path: rel, size: e.size, modifiedMs: e.modifiedAt.getTime() });
        }
      };
      await walk(root, "");
      return out;
    });
  }

  read(path: string): Promise<Uint8Array> {
    return translated(() => this.files.read(path));
  }

  write(path: string, data: Uint8Array): Promise<void> {
    return translated(() => this.files.put(path, data, { overwrite: true }));
  }

  delete(path: string): Promise<void> {
    return translated(() => this.files.delete(path));
  }
}

/** The port over the local workspace directory `dir`. */
export async function openLocalVolumeFiles(dir: string): Promise<VolumeFiles> {
  const engine = await import("pulumi-uc-clone-local-warehouse");
  return new LocalVolumeFiles(engine.openVolumeFiles(dir));
}
