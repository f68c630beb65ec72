/**
 * Catalog and schema handlers against the embedded engine: ownership markers, adoption, refusal of
 * another stack's objects, idempotent resume, and deletes that drop only what this stack owns.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { catalogMarker, createCatalog, deleteCatalog, readCatalog, updateCatalog } from "../../../provider/resources/catalog/lifecycle";
import { createSchema, deleteSchema, schemaMarker } from "../../../provider/resources/schema/lifecycle";
import { catalogKind } from "../../../provider/resources/catalog/handler";
import { schemaKind } from "../../../provider/resources/schema/handler";
import { inputChanges } from "../../../provider/resources/kit/inputChanges";
import type { CatalogInputs, CatalogOutputs } from "../../../provider/resources/catalog/inputs";
import type { SchemaInputs, SchemaOutputs } from "../../../provider/resources/schema/inputs";
import { OWNER_TAG } from "../../../provider/resources/ownership";

/** The declared comparisons of the two kinds (the resource kit's diff when nothing moved). */
const diffCatalog = (olds: Partial<CatalogOutputs>, news: CatalogInputs) => inputChanges(catalogKind, olds, news);
const diffSchema = (olds: Partial<SchemaOutputs>, news: SchemaInputs) => inputChanges(schemaKind, olds, news);

const ME = "catalog-clone/qa";
const OTHER = "catalog-clone/prod_dr";
let dir: string;
let wh: LocalDriver;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-catalog-"));
  wh = await openLocalDriver(dir);
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
  it("creates a missing catalog with this stack's marker and comment (carrying the creation token); delete drops it when empty", async () => {
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "clone of prod" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: true, lastAction: "created" });
    expect(await catalogs()).toContain("qa");
    expect(await catalogMarker(wh, "qa")).toBe(ME);
    const [row] = await wh.execute("SELECT comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'");
    expect(row.comment).toBe(`clone of prod [${OWNER_TAG}=${ME}]`);

    const from = readStatementLog(dir).length;
    expect(await deleteCatalog(wh, outs)).toBe("dropped catalog qa");
    expect(writesSince(from)).toEqual(["DROP CATALOG IF EXISTS `qa` RESTRICT"]); // never CASCADE
    expect(await catalogs()).not.toContain("qa");
    expect(await readCatalog(wh, outs)).toBeUndefined(); // refresh: gone
  });

  it("delete keeps a catalog it created that holds objects others added, and removes its markers (tag and token)", async () => {
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "clone of prod" });
    await wh.execute("CREATE SCHEMA qa.s");
    await wh.execute("CREATE TABLE qa.s.t (id INT)");
    await wh.execute("CREATE FUNCTION qa.`default`.f(x INT) RETURNS INT RETURN x");
    const said = await deleteCatalog(wh, outs);
    expect(said).toMatch(/^left in place: catalog qa holds objects this stack did not create: schema s, .*s\.t \(managed\).*default\.f \(function\)/);
    expect(await catalogs()).toContain("qa");
    expect(await wh.execute("SELECT id FROM qa.s.t")).toEqual([]);
    expect(await catalogMarker(wh, "qa")).toBeUndefined();
    const [row] = await wh.execute("SELECT comment FROM system.information_schema.catalogs WHERE catalog_name = 'qa'");
    expect(row.comment).toBe("clone of prod");
    // unmarked: another stack (or this one again) now adopts it instead of owning it
    expect(await createCatalog(wh, { owner: OTHER, name: "qa" })).toMatchObject({ adopted: true, createdByStack: false });
  });

  it("a catalog whose tag was never written is recognised by the creation token of its CREATE: taken back and marked", async () => {
    await wh.execute(`CREATE CATALOG qa COMMENT 'clone of prod [${OWNER_TAG}=${ME}]'`); // what a crash after CREATE leaves
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "clone of prod" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: true });
    expect(outs.lastAction).toMatch(/marking finished/);
    expect(await catalogMarker(wh, "qa")).toBe(ME);
    // another stack sees it as this stack's, even before the tag
    await wh.execute(`CREATE CATALOG qa2 COMMENT '[${OWNER_TAG}=${ME}]'`);
    await expect(createCatalog(wh, { owner: OTHER, name: "qa2" })).rejects.toThrow(/CATALOG_CLONE_OWNED_BY_ANOTHER_STACK/);
    // free text naming the stack is not the token: adopted
    await wh.execute(`CREATE CATALOG qa3 COMMENT 'Clone of prod managed by Pulumi stack ${ME}'`);
    expect(await createCatalog(wh, { owner: ME, name: "qa3" })).toMatchObject({ adopted: true, createdByStack: false });
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
    expect(row.comment).toBe(`b [${OWNER_TAG}=${ME}]`);
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

  it("delete keeps a schema holding a table someone added, unmarks it (tag and DBPROPERTIES); the catalog then stays too", async () => {
    const catalog = { owner: ME, name: "qa", adopted: false, createdByStack: true, lastAction: "created" };
    const outs = await createSchema(wh, { owner: ME, catalog: "qa", name: "sales" });
    await wh.execute("CREATE TABLE qa.sales.scratch (id INT)");
    expect(await deleteSchema(wh, outs)).toMatch(/^left in place: schema qa\.sales holds objects this stack did not create: sales\.scratch \(managed\)/);
    expect(await schemaMarker(wh, "qa", "sales")).toBeUndefined();
    const props = await wh.execute("DESCRIBE SCHEMA EXTENDED qa.sales");
    expect(props.find((r) => r.database_description_item === "Properties")?.database_description_value).toBe("(catalog_clone.owner,)");
    expect(await createSchema(wh, { owner: OTHER, catalog: "qa", name: "sales" })).toMatchObject({ adopted: true }); // nobody's now
    expect(await deleteCatalog(wh, catalog)).toMatch(/^left in place: catalog qa holds .*schema sales/);
    expect(await wh.execute("SELECT id FROM qa.sales.scratch")).toEqual([]);
  });

  it("a schema whose tag was never written is recognised by the DBPROPERTIES of its CREATE: taken back and marked", async () => {
    await wh.execute(`CREATE SCHEMA qa.sales WITH DBPROPERTIES ('catalog_clone.owner' = '${ME}')`); // what a crash after CREATE leaves
    const outs = await createSchema(wh, { owner: ME, catalog: "qa", name: "sales" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: true });
    expect(outs.lastAction).toMatch(/marking finished/);
    expect(await schemaMarker(wh, "qa", "sales")).toBe(ME);
    await wh.execute(`CREATE SCHEMA qa.hr WITH DBPROPERTIES ('catalog_clone.owner' = '${OTHER}')`);
    await expect(createSchema(wh, { owner: ME, catalog: "qa", name: "hr" })).rejects.toThrow(/CATALOG_CLONE_OWNED_BY_ANOTHER_STACK/);
  });

  it("diff: another name or catalog replaces", () => {
    const olds = { owner: ME, catalog: "qa", name: "s", adopted: false, createdByStack: true, lastAction: "created" };
    expect(diffSchema(olds, { owner: ME, catalog: "qa2", name: "s" }).replaces).toEqual(["catalog"]);
    expect(diffSchema(olds, { owner: ME, catalog: "qa", name: "s" })).toEqual({ changes: false });
  });
});
