/**
 * Catalog and schema handlers against the embedded engine: ownership markers, adoption, refusal of
 * another stack's objects, idempotent resume, and deletes that drop only what this stack owns.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalWarehouse, readStatementLog } from "../../../provider/warehouse/local/localWarehouse";
import { catalogMarker, createCatalog, deleteCatalog, diffCatalog, readCatalog, updateCatalog } from "../../../provider/resources/catalog/handler";
import { createSchema, deleteSchema, diffSchema, schemaMarker } from "../../../provider/resources/schema/handler";
import { OWNER_TAG } from "../../../provider/resources/ownership";

const ME = "catalog-clone/qa";
const OTHER = "catalog-clone/prod_dr";
let dir: string;
let wh: LocalWarehouse;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-catalog-"));
  wh = await LocalWarehouse.open(dir);
});
afterEach(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const catalogs = async () => (await wh.execute("SELECT catalog_name FROM system.information_schema.catalogs")).map((r) => r.catalog_name);
const schemasOf = async (c: string) => (await wh.execute(`SELECT schema_name FROM \`${c}\`.information_schema.schemata`)).map((r) => r.schema_name);
/** Statements that changed something (anything but reads) since `from`. */
const writesSince = (from: number) =>
  readStatementLog(dir)
    .slice(from)
    .map((e) => e.statement)
    .filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)\b/i.test(s));

describe("catalog handler", () => {
  it("creates a missing catalog with this stack's marker and comment; delete drops it", async () => {
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "clone of prod" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: true, lastAction: "created" });
    expect(await catalogs()).toContain("qa");
    expect(await catalogMarker(wh, "qa")).toBe(ME);
    const [row] = await wh.execute("SELECT comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'");
    expect(row.comment).toBe("clone of prod");

    await wh.execute("CREATE SCHEMA qa.s");
    await wh.execute("CREATE TABLE qa.s.t (id INT)");
    expect(await deleteCatalog(wh, outs)).toBe("dropped catalog qa");
    expect(await catalogs()).not.toContain("qa");
    expect(await readCatalog(wh, outs)).toBeUndefined(); // refresh: gone
  });

  it("adopts an existing catalog that belongs to nobody without writing to it, and never drops it", async () => {
    await wh.execute("CREATE CATALOG qa");
    await wh.execute("CREATE SCHEMA qa.mine");
    await wh.execute("CREATE TABLE qa.mine.keep (id INT)");
    const from = readStatementLog(dir).length;
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "ignored for adopted catalogs" });
    expect(outs).toMatchObject({ adopted: true, createdByStack: false });
    expect(writesSince(from)).toEqual([]);
    expect(await catalogMarker(wh, "qa")).toBeUndefined();

    expect(await updateCatalog(wh, outs, { owner: ME, name: "qa", comment: "changed" })).toMatchObject({ adopted: true });
    expect(await deleteCatalog(wh, outs)).toMatch(/left in place/);
    expect(writesSince(from)).toEqual([]);
    expect(await schemasOf("qa")).toContain("mine");
  });

  it("refuses a catalog marked by another stack before writing anything, naming the stack and the fix", async () => {
    await wh.execute("CREATE CATALOG prod_dr");
    await wh.execute(`ALTER CATALOG prod_dr SET TAGS ('${OWNER_TAG}' = '${OTHER}')`);
    const from = readStatementLog(dir).length;
    const err = await createCatalog(wh, { owner: ME, name: "prod_dr" }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('belongs to stack "prod_dr" of project "catalog-clone"');
    expect((err as Error).message).toContain("pulumi destroy -s prod_dr");
    expect(writesSince(from)).toEqual([]);
  });

  it("resumes its own catalog left by an interrupted run (idempotent create)", async () => {
    const first = await createCatalog(wh, { owner: ME, name: "qa" });
    const from = readStatementLog(dir).length;
    const again = await createCatalog(wh, { owner: ME, name: "qa" });
    expect(again).toMatchObject({ adopted: false, createdByStack: true });
    expect(writesSince(from)).toEqual([]);
    expect(first.createdByStack).toBe(true);
  });

  it("does not drop a catalog whose marker no longer names this stack", async () => {
    const outs = await createCatalog(wh, { owner: ME, name: "qa" });
    await wh.execute(`ALTER CATALOG qa SET TAGS ('${OWNER_TAG}' = '${OTHER}')`);
    expect(await deleteCatalog(wh, outs)).toMatch(/no longer carries this stack's marker/);
    expect(await catalogs()).toContain("qa");
  });

  it("updates the comment of a catalog it owns", async () => {
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "a" });
    const next = await updateCatalog(wh, outs, { owner: ME, name: "qa", comment: "b" });
    expect(next.lastAction).toBe("comment updated");
    const [row] = await wh.execute("SELECT comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'");
    expect(row.comment).toBe("b");
  });

  it("diff: a new name replaces, a comment changes in place, nothing else is a no-op", () => {
    const olds = { owner: ME, name: "qa", comment: "a", adopted: false, createdByStack: true, lastAction: "created" };
    expect(diffCatalog(olds, { owner: ME, name: "qa2", comment: "a" })).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    expect(diffCatalog(olds, { owner: ME, name: "qa", comment: "b" })).toEqual({ changes: true });
    expect(diffCatalog(olds, { owner: ME, name: "qa", comment: "a" })).toEqual({ changes: false });
  });
});

describe("schema handler", () => {
  beforeEach(async () => {
    await createCatalog(wh, { owner: ME, name: "qa" });
  });

  it("creates a marked schema and drops it on delete", async () => {
    const outs = await createSchema(wh, { owner: ME, catalog: "qa", name: "sales" });
    expect(outs).toMatchObject({ createdByStack: true, adopted: false });
    expect(await schemaMarker(wh, "qa", "sales")).toBe(ME);
    expect(await deleteSchema(wh, outs)).toBe("dropped schema qa.sales");
    expect(await schemasOf("qa")).not.toContain("sales");
  });

  it("adopts an unmarked schema (e.g. `default`) without writing, and leaves it on delete", async () => {
    const from = readStatementLog(dir).length;
    const outs = await createSchema(wh, { owner: ME, catalog: "qa", name: "default" });
    expect(outs).toMatchObject({ adopted: true, createdByStack: false });
    expect(await deleteSchema(wh, outs)).toMatch(/left in place/);
    expect(writesSince(from)).toEqual([]);
    expect(await schemasOf("qa")).toContain("default");
  });

  it("refuses a schema marked by another stack", async () => {
    await wh.execute("CREATE SCHEMA qa.hr");
    await wh.execute(`ALTER SCHEMA qa.hr SET TAGS ('${OWNER_TAG}' = '${OTHER}')`);
    await expect(createSchema(wh, { owner: ME, catalog: "qa", name: "hr" })).rejects.toThrow(/Schema qa\.hr belongs to stack "prod_dr"/);
  });

  it("records a retained schema that no longer exists without creating it", async () => {
    const from = readStatementLog(dir).length;
    const outs = await createSchema(wh, { owner: ME, catalog: "qa", name: "old", retainedBecause: "holds retained tables" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: false });
    expect(writesSince(from)).toEqual([]);
  });

  it("diff: another name or catalog replaces", () => {
    const olds = { owner: ME, catalog: "qa", name: "s", adopted: false, createdByStack: true, lastAction: "created" };
    expect(diffSchema(olds, { owner: ME, catalog: "qa2", name: "s" }).replaces).toEqual(["catalog"]);
    expect(diffSchema(olds, { owner: ME, catalog: "qa", name: "s" })).toEqual({ changes: false });
  });
});
