/**
 * Volumes end to end (issue 10 "Volumes"): a managed volume is created in the destination with its files
 * copied byte for byte (nested directories), an external volume is created at the location
 * externalLocationMap maps it to (without a mapping it is skipped, with the reason), a second up copies
 * nothing, a changed source file is copied again and a file removed from the source is removed from the
 * destination copy, and destroy drops what the stack created.
 */
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { openVolumeFiles, type VolumeFiles } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

/** Every file under a volume root, path → bytes (hex). */
async function tree(files: VolumeFiles, root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string) => {
    for (const e of await files.list(dir)) {
      if (e.isDirectory) await walk(`${dir}/${e.name}`, `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = (await files.read(`${dir}/${e.name}`)).toString("hex");
    }
  };
  await walk(root, "");
  return out;
}

describe("volumes", () => {
  it("managed: files copied and kept in sync; external: created at the mapped location, skipped without a mapping; destroy drops them", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(["t"]);
    const prodExt = path.join(fx.dir, "prod-ext");
    const qaExt = path.join(fx.dir, "qa-ext");
    await fx.sql("CREATE VOLUME prod.s.landing COMMENT 'raw drops'");
    await fx.sql(`CREATE EXTERNAL VOLUME prod.s.ext LOCATION '${prodExt}'`);
    const files = openVolumeFiles(fx.warehouseDir);
    await files.put("/Volumes/prod/s/landing/a.csv", "id\n1\n");
    await files.put("/Volumes/prod/s/landing/2026/01/b.json", '{"x":1}');
    await files.put("/Volumes/prod/s/landing/2026/c.bin", Buffer.from([0, 1, 2, 255]));
    await files.put("/Volumes/prod/s/ext/e.txt", "external");

    // Without a mapping the external volume is not created: listed as skipped, with the reason.
    const unmapped = await fx.stack("qa2", cloneConfig("qa2", "DEEP")).preview();
    expect(unmapped.errors).toEqual([]);
    const skipped = (unmapped.outputs.report as any).skipped.filter((s: any) => s.tableType === "VOLUME");
    expect(skipped).toEqual([{ name: "s.ext", tableType: "VOLUME", reason: "EXTERNAL_VOLUME_UNMAPPED", detail: expect.stringMatching(/overlap the source's location/) }]);

    const config = cloneConfig("qa", "DEEP", { "catalog-clone:externalLocationMap": { [prodExt]: qaExt } });
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(up.steps.filter((s) => s.type.endsWith("catalog-clone:Volume")).map((s) => [s.name, s.op])).toEqual([
      ["qa/s.ext", "create"],
      ["qa/s.landing", "create"],
    ]);
    expect(await tree(files, "/Volumes/qa/s/landing")).toEqual(await tree(files, "/Volumes/prod/s/landing"));
    expect(Object.keys(await tree(files, "/Volumes/qa/s/landing")).sort()).toEqual(["2026/01/b.json", "2026/c.bin", "a.csv"]);
    const volumes = await fx.sql("SELECT volume_name, volume_type, storage_location FROM qa.information_schema.volumes ORDER BY volume_name");
    expect(volumes.map((v) => [v.volume_name, v.volume_type])).toEqual([["ext", "EXTERNAL"], ["landing", "MANAGED"]]);
    expect(volumes[0].storage_location).toBe(qaExt);
    // The external volume's files are not copied (its storage is managed outside the stack).
    expect(await tree(files, "/Volumes/qa/s/ext")).toEqual({});
    const report = up.outputs.report as any;
    expect(report.volumes).toMatchObject({ registered: 2, filesCopied: 3 });

    // Nothing changed: no volume step, no file copied, no write statement.
    const from = fx.statementCount();
    const again = await fx.stack("qa", config).up();
    expect(again.errors).toEqual([]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect((again.outputs.report as any).volumes.filesCopied).toBe(0);
    expect(fx.statementsSince(from).filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)\b/i.test(s))).toEqual([]);

    // A changed source file is copied again; a file gone from the source goes from the copy.
    await new Promise((r) => setTimeout(r, 20));
    await files.put("/Volumes/prod/s/landing/a.csv", "id\n2\n");
    await files.delete("/Volumes/prod/s/landing/2026/c.bin");
    const synced = await fx.stack("qa", config).up();
    expect(synced.errors).toEqual([]);
    expect(synced.steps.filter((s) => s.op === "update").map((s) => s.name)).toEqual(["qa/s.landing"]);
    expect(await tree(files, "/Volumes/qa/s/landing")).toEqual(await tree(files, "/Volumes/prod/s/landing"));
    expect((synced.outputs.report as any).volumes.filesCopied).toBe(1);

    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
    // The source is untouched.
    expect(Object.keys(await tree(files, "/Volumes/prod/s/landing")).sort()).toEqual(["2026/01/b.json", "a.csv"]);
    expect(await tree(files, "/Volumes/prod/s/ext")).toEqual({ "e.txt": Buffer.from("external").toString("hex") });
  }, 240_000);
});
