/**
 * Conformance: Unity Catalog volumes on the local engine (DDL, SHOW/DESCRIBE, information_schema,
 * grants/tags) and the /Volumes file API.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { errorClassOf, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { WarehouseError } from "../../provider/warehouse/warehouse";
import { VolumeFiles } from "../../provider/warehouse/local/statements/volumeFiles";
import { locationDirectory } from "../../provider/warehouse/local/statements/volumeStorage";

let ws: TempWorkspace;
let files: VolumeFiles;
const sql = (s: string) => ws.sql(s);

beforeAll(async () => {
  ws = await tempWorkspace();
  files = new VolumeFiles(ws.wh.context);
});

afterAll(async () => {
  await ws.cleanup();
});

describe("volume DDL", () => {
  test("CREATE VOLUME makes a MANAGED volume listed by SHOW VOLUMES (database, volume_name) and information_schema.volumes", async () => {
    await sql("CREATE SCHEMA main.v1");
    await sql("CREATE VOLUME main.v1.landing COMMENT 'raw drops'");
    expect(await sql("SHOW VOLUMES IN main.v1")).toEqual([{ database: "v1", volume_name: "landing" }]);
    const rows = await sql("SELECT volume_name, volume_type, volume_owner, comment FROM main.information_schema.volumes WHERE volume_schema = 'v1'");
    expect(rows).toEqual([{ volume_name: "landing", volume_type: "MANAGED", volume_owner: (await sql("SELECT current_user() AS u"))[0].u, comment: "raw drops" }]);
  });

  test("CREATE EXTERNAL VOLUME requires LOCATION and reports it as storage_location", async () => {
    await sql("CREATE SCHEMA main.v2");
    expect(await errorClassOf(sql("CREATE EXTERNAL VOLUME main.v2.ext"))).toBe("INVALID_PARAMETER_VALUE");
    await sql("CREATE EXTERNAL VOLUME main.v2.ext LOCATION 's3://bucket/landing'");
    const rows = await sql("SELECT volume_type, storage_location FROM main.information_schema.volumes WHERE volume_schema = 'v2'");
    expect(rows).toEqual([{ volume_type: "EXTERNAL", storage_location: "s3://bucket/landing" }]);
    const d = await sql("DESCRIBE VOLUME main.v2.ext");
    expect(d[0]).toMatchObject({ name: "ext", catalog: "main", database: "v2", volume_type: "EXTERNAL" });
  });

  test("creating an existing volume is VOLUME_ALREADY_EXISTS unless IF NOT EXISTS; dropping a missing one is VOLUME_NOT_FOUND unless IF EXISTS", async () => {
    await sql("CREATE SCHEMA main.v3");
    await sql("CREATE VOLUME main.v3.a");
    expect(await errorClassOf(sql("CREATE VOLUME main.v3.a"))).toBe("VOLUME_ALREADY_EXISTS");
    await sql("CREATE VOLUME IF NOT EXISTS main.v3.a");
    await sql("DROP VOLUME main.v3.a");
    expect(await errorClassOf(sql("DROP VOLUME main.v3.a"))).toBe("VOLUME_NOT_FOUND");
    await sql("DROP VOLUME IF EXISTS main.v3.a");
    expect(await sql("SHOW VOLUMES IN main.v3")).toEqual([]);
  });

  test("a volume in a missing schema fails with SCHEMA_NOT_FOUND", async () => {
    expect(await errorClassOf(sql("CREATE VOLUME main.no_such_schema.v"))).toBe("SCHEMA_NOT_FOUND");
  });

  test("volumes take READ VOLUME grants and tags (volume_privileges, volume_tags)", async () => {
    await sql("CREATE SCHEMA main.v4");
    await sql("CREATE VOLUME main.v4.files");
    await sql("GRANT READ VOLUME, WRITE VOLUME ON VOLUME main.v4.files TO `loaders`");
    await sql("ALTER VOLUME main.v4.files SET TAGS ('tier' = 'bronze')");
    expect((await sql("SHOW GRANTS `loaders` ON VOLUME main.v4.files")).map((r) => r.ActionType)).toEqual(["READ VOLUME", "WRITE VOLUME"]);
    expect(await sql("SELECT privilege_type FROM main.information_schema.volume_privileges WHERE volume_name = 'files' ORDER BY privilege_type")).toEqual([
      { privilege_type: "READ VOLUME" },
      { privilege_type: "WRITE VOLUME" },
    ]);
    expect(await sql("SELECT tag_name, tag_value FROM main.information_schema.volume_tags WHERE volume_name = 'files'")).toEqual([{ tag_name: "tier", tag_value: "bronze" }]);
  });
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
    await expect(files.list("/Volumes/main/vf2/missing")).rejects.toSatisfy((e: unknown) => (e as WarehouseError).errorClass === "VOLUME_NOT_FOUND");
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
    expect(await sql("DROP SCHEMA main.vf4").catch((e: WarehouseError) => e.errorClass)).toBe("SCHEMA_NOT_EMPTY");
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
