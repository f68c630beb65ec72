/**
 * What writers killed mid-statement leave in a workspace's `tables/` folder, and its removal once no
 * live process can still be writing it:
 * - `.tmp-<pid>-*` files inside a table folder (a data file being written or copied, a commit being
 *   claimed): removed when their owner is dead (after a grace) or untouched for a day (atomicFile.ts
 *   isStaleTemp);
 * - a whole table folder no metastore entry names: a CREATE / CTAS / DEEP CLONE of a new table killed
 *   before it published the table (its files were copied, the table never existed). Removed only when
 *   no `.tmp-*` in it belongs to a live process and nothing in it changed for ORPHAN_GRACE_MS: a live
 *   creator publishes within moments of its last write (at most a metastore-lock wait later).
 * Readers never see either (temps are ignored, unpublished folders are unreachable); this reclaims the
 * disk. Run when a workspace is opened, and on a clone target before copying into it.
 */
import * as fs from "fs";
import * as path from "path";
import type { MetastoreDocument } from "./model";
import { TEMP_PREFIX, cleanStaleTemps, pidAlive, tempOwner } from "./atomicFile";
import { TableLog } from "../delta/deltaLog";

/** A table folder nobody references is removed once untouched this long (the metastore lock waits 30 s at most). */
export const ORPHAN_GRACE_MS = 10 * 60_000;

/** Removes stale temps of one table folder (data files and its `_delta_log`). Returns how many. */
export function cleanTableTemps(tableDir: string): number {
  return cleanStaleTemps(tableDir) + cleanStaleTemps(path.join(tableDir, "_delta_log"));
}

/** Newest mtime in the folder (itself, its entries and `_delta_log`'s), and whether a live process owns a temp in it. */
function folderActivity(dir: string): { newest: number; liveOwner: boolean } {
  let newest = fs.statSync(dir).mtimeMs;
  let liveOwner = false;
  const look = (d: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      try {
        newest = Math.max(newest, fs.lstatSync(path.join(d, n)).mtimeMs);
      } catch {
        /* vanished */
      }
      if (n.startsWith(TEMP_PREFIX)) {
        const pid = tempOwner(n);
        if (pid !== undefined && pidAlive(pid)) liveOwner = true;
      }
    }
  };
  look(dir);
  look(path.join(dir, "_delta_log"));
  return { newest, liveOwner };
}

/**
 * Sweeps `<root>/tables`: stale temps of referenced table folders, and unreferenced folders that no
 * live writer can still be filling. `doc` is the metastore document read just before. Never throws
 * (a failed cleanup only leaves disk in use). Returns what it removed, for tests and logs.
 */
export function sweepInterruptedWrites(root: string, doc: MetastoreDocument, now = Date.now()): { temps: number; folders: string[] } {
  const out = { temps: 0, folders: [] as string[] };
  const tablesDir = path.join(root, "tables");
  let ids: string[];
  try {
    ids = fs.readdirSync(tablesDir);
  } catch {
    return out;
  }
  const referenced = new Set(Object.values(doc.tables).map((t) => t.id));
  for (const id of ids) {
    const dir = path.join(tablesDir, id);
    try {
      if (referenced.has(id)) {
        out.temps += cleanTableTemps(dir);
        continue;
      }
      if (!fs.statSync(dir).isDirectory()) continue;
      const { newest, liveOwner } = folderActivity(dir);
      if (liveOwner || now - newest < ORPHAN_GRACE_MS) continue;
      // re-check against the latest document is the caller's job; a folder published meanwhile has fresh mtimes
      fs.rmSync(dir, { recursive: true, force: true });
      TableLog.forget(dir);
      out.folders.push(id);
    } catch {
      /* raced with a writer or another sweeper: leave it for next time */
    }
  }
  return out;
}
