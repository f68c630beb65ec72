/**
 * Ownership markers are read from information_schema tag views. On Databricks CATALOG_TAGS lists the
 * tags of EVERY catalog of the metastore, even as `<catalog>.information_schema.catalog_tags`, so the
 * catalog and schema handlers must filter by catalog (and schema) name. The embedded engine returns
 * metastore-wide rows like Databricks, so a missing filter shows up here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { catalogMarker, createCatalog, deleteCatalog } from "../../../provider/resources/catalog/lifecycle";
import { createSchema, schemaMarker } from "../../../provider/resources/schema/lifecycle";
import { OWNER_TAG } from "../../../provider/resources/ownership";

const ME = "catalog-clone/qa";
const OTHER = "catalog-clone/prod_dr";
let dir: string;
let wh: LocalDriver;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-tags-"));
  wh = await openLocalDriver(dir);
});
afterEach(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("ownership markers with metastore-wide catalog_tags", () => {
  it("another stack's marker on ANOTHER catalog neither blocks adopting an unmarked catalog nor counts as ours", async () => {
    await wh.execute("CREATE CATALOG prod_dr");
    await wh.execute(`ALTER CATALOG prod_dr SET TAGS ('${OWNER_TAG}' = '${OTHER}')`);
    await wh.execute("CREATE CATALOG qa");
    // the engine lists prod_dr's tag in qa's own view, as Databricks does
    expect(await wh.execute("SELECT catalog_name FROM qa.information_schema.catalog_tags")).toContainEqual({ catalog_name: "prod_dr" });

    expect(await catalogMarker(wh, "qa")).toBeUndefined();
    expect(await catalogMarker(wh, "prod_dr")).toBe(OTHER);
    const outs = await createCatalog(wh, { owner: ME, name: "qa" });
    expect(outs).toMatchObject({ adopted: true, createdByStack: false });
  });

  it("our own marker on one catalog does not make another (unmarked) catalog ours: destroy leaves it", async () => {
    const mine = await createCatalog(wh, { owner: ME, name: "qa" });
    expect(mine).toMatchObject({ createdByStack: true });
    await wh.execute("CREATE CATALOG scratch");
    expect(await catalogMarker(wh, "scratch")).toBeUndefined();
    // a recorded "created" catalog whose marker is gone must be left in place, not judged by qa's marker
    expect(await deleteCatalog(wh, { ...mine, name: "scratch" })).toMatch(/left in place/);
    expect((await wh.execute("SHOW CATALOGS")).map((r) => r.catalog)).toContain("scratch");
  });

  it("schema markers are read for the schema's own catalog only", async () => {
    await wh.execute("CREATE CATALOG prod_dr");
    await wh.execute("CREATE SCHEMA prod_dr.sales");
    await wh.execute(`ALTER SCHEMA prod_dr.sales SET TAGS ('${OWNER_TAG}' = '${OTHER}')`);
    await wh.execute("CREATE CATALOG qa");
    await wh.execute("CREATE SCHEMA qa.sales");
    expect(await schemaMarker(wh, "qa", "sales")).toBeUndefined();
    expect(await schemaMarker(wh, "prod_dr", "sales")).toBe(OTHER);
    expect(await createSchema(wh, { owner: ME, catalog: "qa", name: "sales" })).toMatchObject({ adopted: true, createdByStack: false });
  });
});
