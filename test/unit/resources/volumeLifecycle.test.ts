/**
 * The volume lifecycle (provider/resources/volume/lifecycle.ts) against the embedded engine: an adopted
 * volume keeps every file it held (a differing one is a conflict, never overwritten) and destroy removes only
 * what the stack added; a created volume holding a user's file survives destroy; a copy a user edited is never
 * overwritten or deleted; schemaOnly creates the volume empty; a type mismatch is refused.
 */
import * as path from "path";
import { beforeEach, describe, expect, it } from "vitest";
import { openVolumeFiles, type VolumeFiles } from "pulumi-uc-clone-local-warehouse";
import { createVolume, deleteVolume, updateVolume } from "../../../provider/resources/volume/lifecycle";
import { volumeKind } from "../../../provider/resources/volume/handler";
import type { VolumeInputs } from "../../../provider/resources/volume/inputs";
import { useLocalRuntime } from "./localRuntimeFixture";

const fx = useLocalRuntime("volume-lifecycle", ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE VOLUME prod.s.v", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]);
let files: VolumeFiles;

const inputs = (): VolumeInputs => ({
  connection: { kind: "local", path: fx.dir },
  owner: "proj/dev",
  source: { catalog: "prod", schema: "s", name: "v" },
  destination: { catalog: "qa", schema: "s", name: "v" },
  volumeType: "MANAGED",
});
const paths = (outs: { copiedFiles: { path: string }[] }) => outs.copiedFiles.map((c) => c.path);
const text = async (p: string) => (await files.read(p)).toString();
const names = async (root: string) => {
  const out: string[] = [];
  const walk = async (d: string, prefix: string) => {
    for (const e of await files.list(d)) e.isDirectory ? await walk(`${d}/${e.name}`, `${prefix}${e.name}/`) : out.push(`${prefix}${e.name}`);
  };
  await walk(root, "");
  return out.sort();
};

beforeEach(async () => {
  files = openVolumeFiles(fx.dir);
  await files.put("/Volumes/prod/s/v/a.txt", "source a");
  await files.put("/Volumes/prod/s/v/d/b.txt", "source b");
});

describe("volume lifecycle", () => {
  it("adopted: its own files are never overwritten (a differing one is a conflict); destroy removes only the files the stack added", async () => {
    await fx.engine.execute("CREATE VOLUME qa.s.v");
    await files.put("/Volumes/qa/s/v/a.txt", "theirs, differs");
    await files.put("/Volumes/qa/s/v/keep.txt", "unrelated");
    const outs = await createVolume(fx.engine, inputs());
    expect(outs).toMatchObject({ adopted: true, createdByStack: false, conflicts: ["a.txt"], destinationOutOfDate: 1, runCopiedFiles: 1 });
    expect(paths(outs)).toEqual(["d/b.txt"]);
    expect(await text("/Volumes/qa/s/v/a.txt")).toBe("theirs, differs");
    expect(await text("/Volumes/qa/s/v/d/b.txt")).toBe("source b");
    const said = await deleteVolume(fx.engine, outs);
    expect(said).toMatch(/left in place: volume qa\.s\.v was adopted; the 1 file\(s\) this stack copied into it were removed/);
    expect(await names("/Volumes/qa/s/v")).toEqual(["a.txt", "keep.txt"]);
  });

  it("created: destroy keeps it while it holds a file the stack did not write, drops it once it holds only the stack's", async () => {
    const outs = await createVolume(fx.engine, inputs());
    expect(outs).toMatchObject({ createdByStack: true, conflicts: [] });
    expect(paths(outs)).toEqual(["a.txt", "d/b.txt"]);
    await files.put("/Volumes/qa/s/v/mine.txt", "a user's");
    expect(await deleteVolume(fx.engine, outs)).toMatch(/left in place: volume qa\.s\.v holds 1 file\(s\) this stack did not write or that were changed since \(mine\.txt\)/);
    expect(await fx.engine.execute("SHOW VOLUMES IN qa.s")).toHaveLength(1);
    await files.delete("/Volumes/qa/s/v/mine.txt");
    expect(await deleteVolume(fx.engine, outs)).toBe("dropped: volume qa.s.v");
    expect(await fx.engine.execute("SHOW VOLUMES IN qa.s")).toEqual([]);
  });

  it("a copy a user edited since the stack wrote it is a conflict: not overwritten by a sync, not deleted by destroy", async () => {
    const outs = await createVolume(fx.engine, inputs());
    // The records carry the size and time the destination showed after the write.
    expect(outs.copiedFiles.every((c) => typeof c.size === "number" && typeof c.modifiedMs === "number")).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    await files.put("/Volumes/qa/s/v/a.txt", "a user's edit");
    await files.put("/Volumes/prod/s/v/a.txt", "source a, changed");
    await files.delete("/Volumes/prod/s/v/d/b.txt");
    const synced = await updateVolume(fx.engine, outs, inputs());
    expect(synced).toMatchObject({ conflicts: ["a.txt"], runCopiedFiles: 0, runRemovedFiles: 1, destinationOutOfDate: 1 });
    expect(await text("/Volumes/qa/s/v/a.txt")).toBe("a user's edit");
    expect(await names("/Volumes/qa/s/v")).toEqual(["a.txt"]);
    expect(await deleteVolume(fx.engine, synced)).toMatch(/left in place: volume qa\.s\.v holds 1 file\(s\) this stack did not write or that were changed since \(a\.txt\)/);
    expect(await text("/Volumes/qa/s/v/a.txt")).toBe("a user's edit");
  });

  it("schemaOnly: the volume is created empty, no source file is copied, now or on a later sync", async () => {
    const outs = await createVolume(fx.engine, { ...inputs(), schemaOnly: true });
    expect(outs).toMatchObject({ createdByStack: true, copiedFiles: [], runCopiedFiles: 0 });
    expect(await fx.engine.execute("SHOW VOLUMES IN qa.s")).toHaveLength(1);
    await files.put("/Volumes/prod/s/v/new.txt", "more production data");
    const again = await updateVolume(fx.engine, outs, { ...inputs(), schemaOnly: true });
    expect(again).toMatchObject({ copiedFiles: [], runCopiedFiles: 0 });
    expect(await names("/Volumes/qa/s/v")).toEqual([]);
    // Turned off, the files are copied; turned on again, the stack's copies go.
    const full = await updateVolume(fx.engine, again, inputs());
    expect(full.runCopiedFiles).toBe(3);
    const emptied = await updateVolume(fx.engine, full, { ...inputs(), schemaOnly: true });
    expect(emptied).toMatchObject({ copiedFiles: [], runCopiedFiles: 0, runRemovedFiles: 3 });
    expect(await names("/Volumes/qa/s/v")).toEqual([]);
    expect(await deleteVolume(fx.engine, emptied)).toBe("dropped: volume qa.s.v");
  });

  it("state of version 1 (copied files by path) upgrades to unconfirmed records", () => {
    expect(volumeKind.upgraders[1]({ copiedFiles: ["a.txt"], owner: "proj/dev" })).toEqual({ copiedFiles: [{ path: "a.txt" }], owner: "proj/dev" });
  });

  it("a destination volume of another type is refused before any write", async () => {
    await fx.engine.execute(`CREATE EXTERNAL VOLUME qa.s.v LOCATION '${path.join(fx.dir, "elsewhere")}'`);
    await expect(createVolume(fx.engine, inputs())).rejects.toThrow(/exists in the destination as EXTERNAL but the source volume is MANAGED; nothing was written/);
    expect(await names("/Volumes/qa/s/v")).toEqual([]);
  });
});
