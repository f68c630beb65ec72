/**
 * Destroying a container this stack created (containerRemoval.ts) when the warehouse refuses
 * `DROP … RESTRICT` for holding something information_schema does not list (registered models, ...),
 * with a class that names no NOT_EMPTY: the container is kept and unmarked and destroy says so, instead
 * of failing on every retry. Transient and permission failures still fail (nothing unmarked).
 * Faults are injected by statement pattern in the embedded engine (testHooks.ts, UC_LOCAL_FAULTS rules).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { openFaultyWarehouse } from "./faultyWarehouse";
import type { FaultRule } from "pulumi-uc-clone-local-warehouse";
import type { Warehouse } from "../../../provider/warehouse/warehouse";
import { catalogMarker, createCatalog, deleteCatalog } from "../../../provider/resources/catalog/lifecycle";
import { createSchema, deleteSchema, schemaMarker } from "../../../provider/resources/schema/lifecycle";

const ME = "proj/qa";
let dir: string;
let clean: LocalDriver;
const opened: Warehouse[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "container-removal-"));
  clean = await openLocalDriver(dir);
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close();
  await clean.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The workspace as the provider sees it: faults (as UC_LOCAL_FAULTS would set them), the retry layer (fast). */
async function faulty(faults: FaultRule[]): Promise<Warehouse> {
  const { driver, warehouse } = await openFaultyWarehouse(dir, faults);
  opened.push(driver);
  return warehouse;
}

const catalogs = async () => (await clean.execute("SELECT catalog_name FROM system.information_schema.catalogs")).map((r) => r.catalog_name);

/** What a workspace answers for a catalog holding registered models (no NOT_EMPTY in the class; models are not in information_schema). */
const holdsModels = (match: string): FaultRule => ({
  match,
  errorClass: "INVALID_STATE",
  sqlState: "55000",
  message: "Cannot delete the securable because it still contains registered models: qa.s.churn_model.",
  transient: false,
});

describe("DROP … RESTRICT refused for something information_schema does not list", () => {
  it("catalog: kept and unmarked, and destroy says why (no failure on every retry)", async () => {
    const outs = await createCatalog(clean, { owner: ME, name: "qa" });
    const wh = await faulty([holdsModels("^DROP CATALOG")]);
    const outcome = await deleteCatalog(wh, outs);
    expect(outcome).toMatch(/^left in place: catalog qa/);
    expect(outcome).toContain("the warehouse refused DROP … RESTRICT");
    expect(outcome).toContain("[INVALID_STATE] Cannot delete the securable because it still contains registered models");
    expect(outcome).toMatch(/objects information_schema does not list/);
    expect(outcome).toMatch(/marker was removed/);
    expect(await catalogs()).toContain("qa");
    expect(await catalogMarker(clean, "qa")).toBeUndefined();
    // A later destroy (or a retry) finds it unmarked: left alone, no failure.
    expect(await deleteCatalog(wh, outs)).toMatch(/^left in place: catalog qa no longer carries this stack's marker/);
  });

  it("schema: the same", async () => {
    await createCatalog(clean, { owner: ME, name: "qa" });
    const outs = await createSchema(clean, { owner: ME, catalog: "qa", name: "s" });
    const wh = await faulty([holdsModels("^DROP SCHEMA")]);
    const outcome = await deleteSchema(wh, outs);
    expect(outcome).toMatch(/^left in place: schema qa\.s .*the warehouse refused DROP … RESTRICT/);
    expect(await schemaMarker(clean, "qa", "s")).toBeUndefined();
  });

  it.each([
    ["a permission error", { errorClass: "PERMISSION_DENIED", sqlState: "42501", transient: false }],
    ["another permission spelling", { errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", transient: false }],
    ["a transient failure that outlasts the retries", { errorClass: "TEMPORARILY_UNAVAILABLE", transient: true }],
  ] as const)("%s fails destroy and leaves the marker (nothing decided)", async (_, fault) => {
    const outs = await createCatalog(clean, { owner: ME, name: "qa" });
    const wh = await faulty([{ match: "^DROP CATALOG", ...fault }]);
    await expect(deleteCatalog(wh, outs)).rejects.toMatchObject({ errorClass: fault.errorClass });
    expect(await catalogMarker(clean, "qa")).toBe(ME);
    expect(await catalogs()).toContain("qa");
  });
});
