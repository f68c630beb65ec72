/**
 * CatalogClone arguments wired to other resources (components/catalogClone/wiredArgs.ts), under the
 * SDK's mocks (pulumi.runtime.setMocks): a SQL warehouse resource of the `databricks` provider (its
 * plugin cannot run here; mocked as its type token) whose id feeds `connection.warehouseId`, a catalog
 * name and tags from Promises/Outputs.
 * - preview, the warehouse to be created (id unknown): one message naming the fields the plan waits
 *   for, only the destination catalog registered (depending on the warehouse), no SQL, outputs unknown;
 * - update, the id known: discovery runs on that warehouse (the embedded engine registered under its
 *   identity) and registers the tables, the catalog depending on the warehouse, tags passed as inputs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone } from "../../../components/CatalogClone";
import { settled } from "../../../components/catalogClone/settled";
import { settleArgs, wiredFields, withPlaceholders } from "../../../components/catalogClone/wiredArgs";
import { resolveCatalogCloneArgs, CatalogCloneArgsError } from "../../../components/catalogClone/args";
import { installRuntime } from "../../../provider/resources/runtime";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";

/** A `databricks.SqlEndpoint` as the program sees it (type token of @pulumi/databricks; the mock answers for its plugin). */
class SqlEndpoint extends pulumi.CustomResource {
  declare readonly id: pulumi.Output<string>;
  constructor(name: string, args: { name: string; clusterSize: string }) {
    super("databricks:index/sqlEndpoint:SqlEndpoint", name, args);
  }
}

interface Registered {
  type: string;
  name: string;
  dependencies: string[];
  inputs: Record<string, unknown>;
}
let registered: Registered[] = [];
let logs: string[] = [];
let dir: string;
let driver: LocalDriver;
const HOST = "dbc-1234.cloud.databricks.com";

/** Mocks as `pulumi preview` (endpoint not created: no id) or `pulumi up` (id known). */
function mock(preview: boolean): void {
  registered = [];
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push({ type: a.type, name: a.name, dependencies: [], inputs: a.inputs });
        if (a.type.startsWith("databricks:")) return { id: preview ? undefined : "a1b2c3d4e5", state: a.inputs };
        const outs: Record<string, unknown> = { ...a.inputs };
        if (a.type.endsWith(":Catalog")) Object.assign(outs, { adopted: false, createdByStack: true });
        if (a.type.endsWith(":Table")) Object.assign(outs, { lastAction: "cloned", adopted: false, createdByStack: true, ranAt: new Date().toISOString() });
        return { id: `${a.name}-id`, state: outs };
      },
      call: () => ({}),
    },
    "catalog-clone",
    "pr-5",
    preview,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: any) => void };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    const deps = req.getDependenciesList();
    return original(req, (err: unknown, res: any) => {
      const r = registered.find((x) => x.name === req.getName() && x.type === req.getType() && x.dependencies.length === 0);
      if (r) r.dependencies = deps;
      cb(err, res);
    });
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wired-args-"));
  driver = await openLocalDriver(path.join(dir, "warehouse"));
  for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.sales", "CREATE TABLE prod.sales.orders (id INT)", "INSERT INTO prod.sales.orders VALUES (1)"]) {
    await driver.execute(s);
  }
  // The program's view of "the SQL warehouse with that id": the embedded engine, registered under the
  // identity the connection resolves to.
  installRuntime().useWarehouse({ kind: "databricks", host: HOST, warehouseId: "a1b2c3d4e5" }, driver);
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
});

afterAll(async () => {
  await driver.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits until the children's registrations have been answered (the mocks record them then). */
async function registeredChildren(clone: CatalogClone) {
  const children = await clone.children;
  await settled(pulumi.all([children.catalog.urn, ...Object.values(children.tables).map((t) => t.urn)]));
  return children;
}

function wiredClone(name: string) {
  const endpoint = new SqlEndpoint(`${name}-warehouse`, { name: "clones", clusterSize: "2X-Small" });
  const clone = new CatalogClone(name, {
    source: { catalog: Promise.resolve("prod") },
    destination: { catalog: pulumi.output("PR_5"), comment: pulumi.interpolate`PR 5 preview on ${endpoint.id}`, tags: { team: pulumi.output("platform") } },
    cloneType: "SHALLOW",
    connection: { kind: "databricks", host: HOST, warehouseId: endpoint.id },
  });
  return { endpoint, clone };
}

describe("wired arguments at preview, the warehouse not created yet", () => {
  it("registers only the destination catalog, depending on the warehouse, and says what the plan waits for", async () => {
    mock(true);
    logs = [];
    const { clone } = wiredClone("pr");
    const children = await registeredChildren(clone);
    expect(Object.keys(children.tables)).toEqual([]);
    expect(registered.map((r) => `${r.type.split(":").pop()} ${r.name}`)).toEqual(["CatalogClone pr", "SqlEndpoint pr-warehouse", "Catalog pr"]);
    const catalog = registered.find((r) => r.type.endsWith(":Catalog"))!;
    expect(catalog.dependencies).toEqual([expect.stringMatching(/databricks:index\/sqlEndpoint:SqlEndpoint::pr-warehouse$/)]);
    expect(catalog.inputs).toMatchObject({ owner: "catalog-clone/pr-5", properties: { team: "platform" } });
    // One message, naming the fields (not three contradictory validation errors).
    const waiting = logs.filter((l) => l.includes("cannot plan the clone yet"));
    expect(waiting).toEqual([expect.stringContaining("destination.comment, connection.warehouseId are not known until the resource they come from is created or updated")]);
    expect(logs.join("\n")).not.toMatch(/must be a string|Invalid arguments/);
    expect((await settled(clone.report)).known).toBe(false);
    expect((await settled(clone.tableNames)).known).toBe(false);
    expect(await settled(clone.destinationCatalog)).toEqual({ known: true, value: "pr_5" });
  });
});

describe("wired arguments at update, the warehouse created", () => {
  it("discovers on that warehouse and registers the tables, the catalog depending on the warehouse", async () => {
    mock(false);
    logs = [];
    const { clone } = wiredClone("pr");
    const children = await registeredChildren(clone);
    expect(Object.keys(children.tables)).toEqual(["sales.orders"]);
    expect(logs.filter((l) => l.includes("cannot plan"))).toEqual([]);
    const catalog = registered.find((r) => r.type.endsWith(":Catalog"))!;
    expect(catalog.dependencies).toEqual([expect.stringMatching(/SqlEndpoint::pr-warehouse$/)]);
    expect(catalog.inputs).toMatchObject({
      name: "pr_5",
      comment: "PR 5 preview on a1b2c3d4e5",
      properties: { team: "platform" },
      connection: { kind: "databricks", host: HOST, warehouseId: "a1b2c3d4e5" },
    });
    expect((await settled(clone.tableNames)).value).toEqual(["sales.orders"]);
  });
});

describe("wired argument helpers", () => {
  it("find wired fields and check the known ones with placeholders for the unknown", async () => {
    const args = { source: { catalog: "prod" }, destination: { catalog: Promise.resolve("qa"), tags: pulumi.output({ a: "b" }) }, cloneType: "DEPP" };
    expect(wiredFields(args)).toEqual(["destination.catalog", "destination.tags"]);
    const s = await settleArgs(args);
    expect(s.unknown).toEqual([]);
    expect(s.args).toEqual({ source: { catalog: "prod" }, destination: { catalog: "qa", tags: { a: "b" } }, cloneType: "DEPP" });
    // A wrong known argument is reported even when others are unknown.
    const withUnknown = withPlaceholders({ source: { catalog: "prod" }, destination: {}, cloneType: "DEPP" }, ["destination.catalog", "destination.tags"]);
    expect(withUnknown).toEqual({ source: { catalog: "prod" }, destination: { catalog: "pending0", tags: {} }, cloneType: "DEPP" });
    expect(() => resolveCatalogCloneArgs("x", withUnknown)).toThrow(CatalogCloneArgsError);
    expect(() => resolveCatalogCloneArgs("x", withUnknown)).toThrow(/cloneType/);
  });

  it("refuses a tag key that is one of this tool's markers", () => {
    expect(() =>
      resolveCatalogCloneArgs("x", { source: { catalog: "prod" }, destination: { catalog: "qa", tags: { catalog_clone_owner: "me" } }, cloneType: "DEEP" }),
    ).toThrow(/destination\.tags key "catalog_clone_owner" is reserved/);
  });
});
