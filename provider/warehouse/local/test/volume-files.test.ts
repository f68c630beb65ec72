/**
 * The /Volumes file API of the local engine (VolumeFiles) and where volume LOCATIONs live on disk (the
 * SQL-level behaviour of volumes is in test/conformance/cases/volumes.slt).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { VolumeFiles } from "../statements/volumeFiles";
import { locationDirectory } from "../statements/volumeStorage";
import type { EngineError } from "../errors/engineError";
import { engineWorkspace, type EngineWorkspace } from "./workspace";

let ws: EngineWorkspace;
let files: VolumeFiles;
const sql = (s: string) => ws.sql(s);

beforeAll(async () => {
  ws = await engineWorkspace();
  files = new VolumeFiles(ws.wh.context);
});

afterAll(async () => {
  await ws.cleanup();
});

describe("volume files (/Volumes/<catalog>/<schema>/<volume>/<path>)", () => {
  test("put, list, read and delete files and directories", async () => {
    await sql("CREATE SCHEMA main.vf1");
    await sql("CREATE VOLUME main.vf1.drop");
    expect(await files.list("/Volumes/main/vf1/drop")).toEqual([]);
    await files.put("/Volumes/main/vf1/drop/2026/a.csv", "id\n1\n");
    await files.put("/Volumes/main/vf1/drop/b.json", Buffer.from('{"x":1}'));
    const root = await files.list("/Volumes/main/vf1/drop");
    expect(root.map((f) => [f.name, f.isDirectory])).toEqual([["2026", true], ["b.json", false]]);
    expect(root[1]).toMatchObject({ path: "/Volumes/main/vf1/drop/b.json", size: 7 });
    expect((await files.read("/Volumes/main/vf1/drop/2026/a.csv")).toString()).toBe("id\n1\n");
    await expect(files.put("/Volumes/main/vf1/drop/b.json", "again", { overwrite: false })).rejects.toThrow(/already exists/);
    await expect(files.delete("/Volumes/main/vf1/drop/2026")).rejects.toThrow(/not empty/);
    await files.delete("/Volumes/main/vf1/drop/2026", { recursive: true });
    await files.delete("/Volumes/main/vf1/drop/b.json");
    expect(await files.list("/Volumes/main/vf1/drop")).toEqual([]);
    await expect(files.read("/Volumes/main/vf1/drop/b.json")).rejects.toThrow(/does not exist/);
  });

  test("paths outside a volume or escaping it are refused; a missing volume is VOLUME_NOT_FOUND", async () => {
    await sql("CREATE SCHEMA main.vf2");
    await sql("CREATE VOLUME main.vf2.v");
    await expect(files.put("/Volumes/main/vf2/v/../../x", "no")).rejects.toThrow(/'\.\.'/);
    await expect(files.put("/tmp/x", "no")).rejects.toThrow(/not a volume path/);
    await expect(files.list("/Volumes/main/vf2/missing")).rejects.toSatisfy((e: unknown) => (e as EngineError).errorClass === "VOLUME_NOT_FOUND");
  });

  test("DROP VOLUME deletes a managed volume's files but keeps an external volume's", async () => {
    await sql("CREATE SCHEMA main.vf3");
    await sql("CREATE VOLUME main.vf3.managed");
    const ext = join(ws.account, "external-drop");
    await sql(`CREATE EXTERNAL VOLUME main.vf3.ext LOCATION '${ext}'`);
    await files.put("/Volumes/main/vf3/managed/f.txt", "m");
    await files.put("/Volumes/main/vf3/ext/f.txt", "e");
    const managedId = ws.wh.context.readMeta().volumes["main.vf3.managed"].id;
    expect(existsSync(join(ws.wh.dir, "volumes", managedId, "f.txt"))).toBe(true);
    await sql("DROP VOLUME main.vf3.managed");
    await sql("DROP VOLUME main.vf3.ext");
    expect(existsSync(join(ws.wh.dir, "volumes", managedId))).toBe(false);
    expect(await readdir(ext)).toEqual(["f.txt"]);
  });

  test("DROP SCHEMA ... CASCADE drops the schema's volumes (and their files) and functions; a re-created schema starts empty", async () => {
    await sql("CREATE SCHEMA main.vf4");
    await sql("CREATE VOLUME main.vf4.v");
    await sql("CREATE FUNCTION main.vf4.f() RETURNS INT RETURN 1");
    await files.put("/Volumes/main/vf4/v/x.txt", "x");
    const id = ws.wh.context.readMeta().volumes["main.vf4.v"].id;
    expect(await sql("DROP SCHEMA main.vf4").catch((e: EngineError) => e.errorClass)).toBe("SCHEMA_NOT_EMPTY");
    await sql("DROP SCHEMA main.vf4 CASCADE");
    expect(existsSync(join(ws.wh.dir, "volumes", id))).toBe(false);
    await sql("CREATE SCHEMA main.vf4");
    expect(await sql("SHOW VOLUMES IN main.vf4")).toEqual([]);
    expect(await sql("SHOW FUNCTIONS IN main.vf4")).toEqual([]);
    await sql("CREATE FUNCTION main.vf4.f() RETURNS INT RETURN 2");
  });

  test("cloud LOCATIONs map under <account>/external/<scheme>/ so programs written for a workspace run locally", () => {
    expect(locationDirectory("/acct", "s3://bucket/a/b")).toBe(join("/acct", "external", "s3", "bucket", "a", "b"));
    expect(locationDirectory("/acct", "abfss://c@acct.dfs.core.windows.net/p/../q")).toBe(join("/acct", "external", "abfss", "c@acct.dfs.core.windows.net", "p", "q"));
    expect(locationDirectory("/acct", "/data/x")).toBe("/data/x");
  });
});
