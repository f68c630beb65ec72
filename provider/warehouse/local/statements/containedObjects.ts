/**
 * Functions and volumes inside a catalog or schema dropped with CASCADE: removed from the metastore
 * with their container, and the files of managed volumes deleted (external volume files stay), so a
 * re-created catalog of the same name starts empty.
 */
import { rmSync } from "node:fs";
import type { EngineContext } from "../engineContext";
import type { MetastoreDocument } from "../metastore/model";
import { volumeDirectory } from "./volumeStorage";

/**
 * Deletes functions and volumes whose key starts with `prefix` (`catalog.` or `catalog.schema.`) from
 * `doc` (inside mutateMeta) and returns the managed volume directories to purge after publishing.
 */
export function dropContainedObjects(ctx: Pick<EngineContext, "root" | "accountRoot">, doc: MetastoreDocument, prefix: string): string[] {
  const dirs: string[] = [];
  for (const k of Object.keys(doc.functions)) if (k.startsWith(prefix)) delete doc.functions[k];
  for (const [k, v] of Object.entries(doc.volumes)) {
    if (!k.startsWith(prefix)) continue;
    if (v.type === "MANAGED") dirs.push(volumeDirectory(ctx, v));
    delete doc.volumes[k];
  }
  return dirs;
}

/** Removes the directories returned by dropContainedObjects (best effort, after the metastore commit). */
export function purgeVolumeDirs(dirs: readonly string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
