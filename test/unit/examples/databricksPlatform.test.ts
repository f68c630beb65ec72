/**
 * The `@pulumi/databricks` platform example (examples/databricks-platform/platformEnvironment.ts) under
 * the Pulumi SDK's mocks (pulumi.runtime.setMocks): the real `@pulumi/databricks` classes register, but
 * its provider plugin cannot run here (no network, no workspace), so the mocks answer for it; the mock
 * of databricks.Catalog creates the catalog in the embedded engine, as the provider would in the
 * workspace, and the clone's discovery runs on that engine (registered under the warehouse's identity).
 * What is asserted is the wiring, read from what the program registers:
 * - the SqlEndpoint's id is the clone's `connection.warehouseId` (catalog, schemas, tables);
 * - the binding and the grants name the destination catalog; the catalog is ISOLATED, never force-destroyed;
 * - the clone's destination catalog depends on the catalog, binding, grants and warehouse, and every
 *   other resource of the clone on them through it;
 * - the clone adopts the platform's catalog: its governance replay skips the catalog (databricks.Grants
 *   owns its grants) and covers the schemas and tables it creates, with mapped principals;
 * - preview of a new environment (warehouse id unknown): one message naming what the plan waits for;
 * - refused options (`adoptedContainers: "replay"`, `ttl`) and bad fields fail before anything registers;
 * - the library does not depend on `@pulumi/databricks` (a devDependency, imported by no library file).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { settled } from "../../../components/catalogClone/settled";
import { platformEnvironment } from "../../../examples/databricks-platform/platformEnvironment";
import { PlatformEnvironmentError, type PlatformEnvironmentArgs } from "../../../examples/databricks-platform/environmentArgs";
import { installRuntime } from "../../../provider/resources/runtime";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";

const ROOT = path.resolve(__dirname, "../../..");
const HOST = "dbc-1234.cloud.databricks.com";
/** The id the mocked provider gives the warehouse: distinct from anything in the program's inputs. */
const WAREHOUSE_ID = "7f3e2a19c0d4b685";

interface Registered {
  type: string;
  name: string;
  urn: string;
  dependencies: string[];
  inputs: Record<string, any>;
}
let registered: Registered[] = [];
let logs: string[] = [];
let dir: string;
let driver: LocalDriver;

/** Mocks as `pulumi preview` of a new environment (nothing created: no ids) or `pulumi up`. */
function mock(preview: boolean): void {
  registered = [];
  pulumi.runtime.setMocks(
    {
      newResource: async (a) => {
        registered.push({ type: a.type, name: a.name, urn: "", dependencies: [], inputs: a.inputs });
        if (a.type.startsWith("databricks:")) {
          if (preview) return { id: undefined, state: a.inputs };
          // The provider's work, where the clone can see it: the catalog exists before the clone runs.
          if (a.type === "databricks:index/catalog:Catalog") await driver.execute(`CREATE CATALOG IF NOT EXISTS ${a.inputs.name}`);
          const id = a.type === "databricks:index/sqlEndpoint:SqlEndpoint" ? WAREHOUSE_ID : a.type === "databricks:index/catalog:Catalog" ? a.inputs.name : `${a.name}-id`;
          return { id, state: a.inputs };
        }
        const outs: Record<string, unknown> = { ...a.inputs };
        if (a.type.endsWith("catalog-clone:Catalog")) Object.assign(outs, { adopted: true, createdByStack: false });
        if (a.type.endsWith("catalog-clone:Table")) Object.assign(outs, { lastAction: "cloned", adopted: false, createdByStack: true, ranAt: new Date().toISOString() });
        return { id: `${a.name}-id`, state: outs };
      },
      call: () => ({}),
    },
    "catalog-clone-platform",
    "qa",
    preview,
  );
  // The mock monitor hands newResource no dependencies: read them (and the URN) off the registration.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: any) => void };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    const deps: string[] = req.getDependenciesList();
    return original(req, (err: unknown, res: any) => {
      const r = registered.find((x) => x.name === req.getName() && x.type === req.getType() && x.urn === "");
      if (r) Object.assign(r, { urn: res?.getUrn?.() ?? "", dependencies: deps });
      cb(err, res);
    });
  };
}

const ENV: PlatformEnvironmentArgs = {
  name: "qa",
  host: HOST,
  workspaceId: "1234567890123456",
  sourceCatalog: "prod",
  destinationCatalog: "QA",
  grants: [{ principal: "qa_eng", privileges: ["USE_CATALOG", "USE_SCHEMA", "SELECT"] }],
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dbx-platform-"));
  driver = await openLocalDriver(path.join(dir, "warehouse"));
  for (const s of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.sales",
    "CREATE TABLE prod.sales.orders (id INT)",
    "INSERT INTO prod.sales.orders VALUES (1)",
    "CREATE TABLE prod.sales.items (sku STRING)",
    "GRANT USE CATALOG ON CATALOG prod TO `data_eng`",
    "GRANT USE SCHEMA ON SCHEMA prod.sales TO `data_eng`",
    "GRANT SELECT ON TABLE prod.sales.orders TO `data_eng`",
  ]) {
    await driver.execute(s);
  }
  installRuntime().useWarehouse({ kind: "databricks", host: HOST, warehouseId: WAREHOUSE_ID }, driver);
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
});

afterAll(async () => {
  await driver.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byType = (suffix: string) => registered.filter((r) => r.type.endsWith(suffix));
const one = (type: string) => {
  const found = registered.filter((r) => r.type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

/** Every URN a resource depends on, directly or through the resources it depends on. */
function dependencyClosure(urn: string): Set<string> {
  const seen = new Set<string>();
  const visit = (u: string) => {
    for (const d of registered.find((r) => r.urn === u)?.dependencies ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        visit(d);
      }
    }
  };
  visit(urn);
  return seen;
}

describe("the platform environment at `pulumi up`", () => {
  it("runs the clone on the SqlEndpoint it creates, after the catalog, its binding and its grants", async () => {
    mock(false);
    logs = [];
    const env = platformEnvironment(ENV, { cloneType: "SHALLOW", governance: { principals: { map: { data_eng: "qa_eng" } } } });
    const children = await env.clone.children;
    await settled(pulumi.all([children.catalog.urn, ...Object.values(children.tables).map((t) => t.urn), ...Object.values(children.governance).map((g) => g.urn)]));

    const warehouse = one("databricks:index/sqlEndpoint:SqlEndpoint");
    const catalog = one("databricks:index/catalog:Catalog");
    const binding = one("databricks:index/workspaceBinding:WorkspaceBinding");
    const grants = one("databricks:index/grants:Grants");
    expect(warehouse.inputs).toMatchObject({ name: "catalog-clone-qa", clusterSize: "2X-Small", autoStopMins: 10, enableServerlessCompute: true, warehouseType: "PRO" });
    // The destination catalog is the platform's: isolated, bound to the environment's workspace, never cascaded.
    expect(catalog.inputs).toMatchObject({ name: "qa", isolationMode: "ISOLATED", forceDestroy: false });
    expect(binding.inputs).toMatchObject({ securableName: "qa", securableType: "catalog", workspaceId: "1234567890123456", bindingType: "BINDING_TYPE_READ_WRITE" });
    expect(grants.inputs).toEqual({ catalog: "qa", grants: [{ principal: "qa_eng", privileges: ["USE_CATALOG", "USE_SCHEMA", "SELECT"] }] });

    // The warehouse id the provider returned reaches every resource of the clone that runs SQL.
    const cloneCatalog = one("pulumi-nodejs:dynamic/catalog-clone:Catalog");
    const tables = byType("catalog-clone:Table");
    expect(tables.map((t) => t.inputs.name ?? t.name).length).toBe(2);
    for (const r of [cloneCatalog, ...byType("catalog-clone:Schema"), ...tables]) {
      expect(r.inputs.connection, r.name).toEqual({ kind: "databricks", host: HOST, warehouseId: WAREHOUSE_ID });
    }
    expect(cloneCatalog.inputs.name).toBe("qa");

    // The clone's catalog waits for the warehouse, the catalog, its binding and its grants; everything
    // else of the clone waits for them through it.
    expect(cloneCatalog.dependencies).toEqual(expect.arrayContaining([warehouse.urn, catalog.urn, binding.urn, grants.urn]));
    const cloneResources = registered.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/catalog-clone:"));
    expect(cloneResources.length).toBeGreaterThanOrEqual(1 + 1 + 2 + 3); // catalog, schema, tables, governance
    for (const r of cloneResources) {
      const closure = dependencyClosure(r.urn);
      for (const needed of [warehouse, catalog, binding, grants]) expect(closure.has(needed.urn), `${r.name} waits for ${needed.name}`).toBe(true);
    }

    // Who owns what: the clone adopted the platform's catalog and leaves its governance to databricks.Grants;
    // it replays the source's grants (mapped) on the schema and tables it creates. No securable is written by both.
    expect(Object.keys(children.governance).sort()).toEqual(["schema:sales", "table:sales.items", "table:sales.orders"]);
    const report = (await settled(env.clone.report)).value!;
    // (`default`: the schema Unity Catalog creates in every new catalog, prod's as well as qa's.)
    expect(report.governance?.skipped).toEqual(["catalog qa", "schema qa.default"].map((securable) => ({ securable, reason: expect.stringMatching(/^adopted: /) })));
    const replayed = byType("catalog-clone:Governance");
    expect(replayed.map((g) => g.inputs.securable.type).sort()).toEqual(["SCHEMA", "TABLE", "TABLE"]);
    expect(replayed.find((g) => g.inputs.securable.name === "orders")?.inputs.grants).toEqual({ qa_eng: ["SELECT"] });
    expect(replayed.find((g) => g.inputs.securable.type === "SCHEMA")?.inputs.grants).toEqual({ qa_eng: ["USE SCHEMA"] });
  });
});

describe("the platform environment at the preview of a new environment", () => {
  it("says the plan waits for the warehouse id; the clone's catalog still depends on catalog, binding and grants", async () => {
    mock(true);
    logs = [];
    const env = platformEnvironment(ENV, { cloneType: "SHALLOW" });
    const children = await env.clone.children;
    await settled(children.catalog.urn);
    expect(Object.keys(children.tables)).toEqual([]);
    expect(logs.filter((l) => l.includes("cannot plan the clone yet"))).toEqual([expect.stringContaining("connection.warehouseId is not known until the resource it comes from is created")]);
    const cloneCatalog = one("pulumi-nodejs:dynamic/catalog-clone:Catalog");
    const urnOf = (type: string) => one(type).urn;
    expect(cloneCatalog.dependencies).toEqual(
      expect.arrayContaining(["sqlEndpoint:SqlEndpoint", "catalog:Catalog", "workspaceBinding:WorkspaceBinding", "grants:Grants"].map((t) => urnOf(`databricks:index/${t}`))),
    );
    expect(cloneCatalog.inputs.name).toBe("qa");
  });
});

describe("arguments that contradict the ownership split, or are wrong, fail before anything registers", () => {
  it("refuses replaying the source's governance on the platform's catalog, and a ttl that would never apply", () => {
    mock(false);
    let err: unknown;
    try {
      platformEnvironment({ ...ENV, workspaceId: "dbc-1234", grants: [{ principal: "qa_eng", privileges: ["SELCT" as "SELECT"] }] }, { cloneType: "SHALLOW", ttl: "3d", governance: { adoptedContainers: "replay" } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlatformEnvironmentError);
    expect((err as PlatformEnvironmentError).problems.map((p) => p.field).sort()).toEqual(["clone.governance.adoptedContainers", "clone.ttl", "grants[0].privileges[0]", "workspaceId"]);
    expect((err as Error).message).toMatch(/databricks\.Grants/);
    expect(registered).toEqual([]);
  });
});

describe("@pulumi/databricks stays out of the library's dependencies", () => {
  it("is a devDependency, imported only by the example", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies["@pulumi/databricks"]).toBeUndefined();
    expect(pkg.devDependencies["@pulumi/databricks"]).toMatch(/^\d+\.\d+\.\d+$/);
    const importers: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory() && e.name !== "node_modules" && e.name !== "dist") walk(p);
        else if (e.name.endsWith(".ts") && /from "@pulumi\/databricks"|require\("@pulumi\/databricks"\)/.test(fs.readFileSync(p, "utf8"))) importers.push(path.relative(ROOT, p));
      }
    };
    for (const d of ["components", "provider", "examples"]) walk(path.join(ROOT, d));
    expect(importers).toEqual(["examples/databricks-platform/platformEnvironment.ts"]);
  });
});
