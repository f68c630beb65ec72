/**
 * Each resource records the identity of the warehouse holding its object, and refuses diff / update /
 * read / delete when the configuration now points at another warehouse (two local warehouses here), with
 * a message naming both and the way out. Older state without the identity adopts the current one.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { installRuntime, type ProcessRuntime } from "../../../provider/resources/runtime";
import * as catalogHandler from "../../../provider/resources/catalog/handler";
import * as schemaHandler from "../../../provider/resources/schema/handler";
import * as tableHandler from "../../../provider/resources/table/handler";
import { firstCloneInputs } from "./firstCloneInputs";

const OWNER = "proj/dev";
let root: string;
let dirA: string;
let dirB: string;
let a: LocalDriver;
let b: LocalDriver;
let config: Record<string, string>;
let runtime: ProcessRuntime;

beforeEach(async () => {
  runtime = installRuntime();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "warehouse-identity-"));
  dirA = path.join(root, "a");
  dirB = path.join(root, "b");
  a = await openLocalDriver(dirA);
  b = await openLocalDriver(dirB);
  runtime.useWarehouse({ kind: "local", path: dirA }, a);
  runtime.useWarehouse({ kind: "local", path: dirB }, b);
  for (const sql of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "INSERT INTO prod.s.t VALUES (1)"]) {
    await a.execute(sql);
  }
  // The resources name no connection: stack config decides, as in the example stacks.
  config = { "catalog-clone:localPath": dirA };
  runtime.configure({ get: (k) => config[k] });
});

afterEach(async () => {
  await runtime.close();
  await a.close();
  await b.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function tableInputs() {
  return { ...(await firstCloneInputs(a, OWNER)), validate: { rowCounts: true, checksums: false, failOnMismatch: true }, deploymentId: "d1" };
}

async function createAll() {
  const catalog = await catalogHandler.create({ owner: OWNER, name: "qa" });
  const schema = await schemaHandler.create({ owner: OWNER, catalog: "qa", name: "s" });
  const table = await tableHandler.create(await tableInputs());
  return { catalog, schema, table };
}

const catalogsIn = async (w: LocalDriver) =>
  (await w.execute("SELECT catalog_name FROM system.information_schema.catalogs")).map((r) => r.catalog_name);

describe("warehouse identity in state", () => {
  it("is recorded by every resource: the local directory (or host + warehouse), never a credential", async () => {
    const { catalog, schema, table } = await createAll();
    for (const r of [catalog, schema, table]) expect(r.outs.warehouse).toBe(`local:${dirA}`);
  });

  it("refuses read, diff, update and delete once config points at another warehouse, touching neither", async () => {
    const { catalog, schema, table } = await createAll();
    const tIn = await tableInputs();
    config = { "catalog-clone:localPath": dirB };
    const fromB = readStatementLog(dirB).length;
    const fromA = readStatementLog(dirA).length;

    const attempts: [string, () => Promise<unknown>][] = [
      ["catalog read", () => catalogHandler.read(catalog.id, catalog.outs)],
      ["catalog diff", () => catalogHandler.diff(catalog.id, catalog.outs, { owner: OWNER, name: "qa", comment: "x" })],
      ["catalog update", () => catalogHandler.update(catalog.id, catalog.outs, { owner: OWNER, name: "qa", comment: "x" })],
      ["catalog delete", () => catalogHandler.delete(catalog.id, catalog.outs)],
      ["schema read", () => schemaHandler.read(schema.id, schema.outs)],
      ["schema diff", () => schemaHandler.diff(schema.id, schema.outs, { owner: OWNER, catalog: "qa", name: "s" })],
      ["schema update", () => schemaHandler.update(schema.id, schema.outs, { owner: OWNER, catalog: "qa", name: "s", comment: "x" })],
      ["schema delete", () => schemaHandler.delete(schema.id, schema.outs)],
      ["table read", () => tableHandler.read(table.id, table.outs)],
      ["table diff", () => tableHandler.diff(table.id, table.outs, tIn)],
      ["table update", () => tableHandler.update(table.id, table.outs, tIn)],
      ["table delete", () => tableHandler.delete(table.id, table.outs)],
    ];
    for (const [what, attempt] of attempts) {
      const err = await attempt().then(
        () => new Error(`${what} was not refused`),
        (e: Error) => e,
      );
      expect(err.message, what).toContain(`this stack's resources live in local:${dirA}; the configuration now points at local:${dirB}`);
      expect(err.message, what).toContain("point this stack back at the original warehouse");
      expect(err.message, what).toContain("catalog-clone:warehouseMovedFrom");
    }
    expect(readStatementLog(dirB).length).toBe(fromB);
    expect(readStatementLog(dirA).length).toBe(fromA);
    expect(await catalogsIn(a)).toContain("qa");
    expect(await catalogsIn(b)).not.toContain("qa");
  });

  it("state written before identities were recorded adopts the current one silently", async () => {
    const { catalog, schema, table } = await createAll();
    const strip = <T extends { warehouse?: unknown }>(o: T) => ({ ...o, warehouse: undefined });
    config = { "catalog-clone:localPath": dirB };
    // Older state: no identity, so nothing to compare; the warehouse configured now is recorded.
    expect(await catalogHandler.read(catalog.id, strip(catalog.outs))).toEqual({}); // qa is not in B: gone
    config = { "catalog-clone:localPath": dirA };
    expect((await catalogHandler.read(catalog.id, strip(catalog.outs))).props).toMatchObject({ warehouse: `local:${dirA}` });
    expect((await schemaHandler.read(schema.id, strip(schema.outs))).props).toMatchObject({ warehouse: `local:${dirA}` });
    expect((await tableHandler.read(table.id, strip(table.outs) as never)).props).toMatchObject({ warehouse: `local:${dirA}` });
    const updated = await catalogHandler.update(catalog.id, strip(catalog.outs), { owner: OWNER, name: "qa", comment: "now" });
    expect(updated.outs).toMatchObject({ warehouse: `local:${dirA}` });
  });

  it("follows its objects to a new address only when told the exact old one (catalog-clone:warehouseMovedFrom)", async () => {
    const { catalog } = await createAll();
    config = { "catalog-clone:localPath": dirB, "catalog-clone:warehouseMovedFrom": `local:${path.join(root, "elsewhere")}` };
    await expect(catalogHandler.read(catalog.id, catalog.outs)).rejects.toThrow(/CATALOG_CLONE_WAREHOUSE_CHANGED/);
    config = { "catalog-clone:localPath": dirB, "catalog-clone:warehouseMovedFrom": `local:${dirA}` };
    await b.execute("CREATE CATALOG qa"); // "moved": the same catalog is now reachable at B
    expect((await catalogHandler.read(catalog.id, catalog.outs)).props).toMatchObject({ warehouse: `local:${dirB}` });
  });
});

describe("warehouseMovedFrom: run once, then remove it (README)", () => {
  /** One resource as `pulumi up` treats it: diff, and update only when diff reports a change (else the old outputs stay). */
  type Handler = {
    diff(id: string, olds: never, news: never): Promise<{ changes?: boolean; replaces?: string[] }>;
    update(id: string, olds: never, news: never): Promise<{ outs?: unknown }>;
  };
  async function up(resources: { handler: Handler; id: string; outs: Record<string, unknown>; inputs: Record<string, unknown> }[]) {
    const changed: string[] = [];
    for (const r of resources) {
      const d = await r.handler.diff(r.id, r.outs as never, r.inputs as never);
      expect(d.replaces ?? [], r.id).toEqual([]);
      if (!d.changes) continue;
      changed.push(r.id);
      r.outs = (await r.handler.update(r.id, r.outs as never, r.inputs as never)).outs as Record<string, unknown>;
    }
    return changed;
  }

  it("the up with the key records the new address (no SQL); after removing the key, unchanged resources are fine", async () => {
    const { catalog, schema, table } = await createAll();
    const tIn = await tableInputs();
    const resources = [
      { handler: catalogHandler as unknown as Handler, id: catalog.id, outs: catalog.outs as Record<string, unknown>, inputs: { owner: OWNER, name: "qa" } },
      { handler: schemaHandler as unknown as Handler, id: schema.id, outs: schema.outs as Record<string, unknown>, inputs: { owner: OWNER, catalog: "qa", name: "s" } },
      {
        handler: tableHandler as unknown as Handler,
        id: table.id,
        outs: table.outs as Record<string, unknown>,
        // What discovery reads in the moved workspace: the same objects, so the same fingerprints.
        inputs: { ...tIn, destinationFingerprint: { exists: true, lastAltered: (table.outs as { destinationLastAltered: string | null }).destinationLastAltered, tableType: "MANAGED" } },
      },
    ];
    expect(await up(resources)).toEqual([]); // nothing to do in place

    // The workspace moves: the same objects, now at B.
    await a.close();
    await b.close();
    fs.rmSync(dirB, { recursive: true, force: true });
    fs.cpSync(dirA, dirB, { recursive: true });
    fs.rmSync(dirA, { recursive: true, force: true });
    b = await openLocalDriver(dirB);
    a = await openLocalDriver(dirA); // empty now; closed by afterEach
    runtime.useWarehouse({ kind: "local", path: dirB }, b);
    runtime.useWarehouse({ kind: "local", path: dirA }, a);
    const statementsAt = (dir: string) => readStatementLog(dir).length;

    config = { "catalog-clone:localPath": dirB, "catalog-clone:warehouseMovedFrom": `local:${dirA}` };
    const before = statementsAt(dirB);
    expect(await up(resources)).toEqual(["qa", "qa.s", "qa.s.t"]);
    expect(statementsAt(dirB)).toBe(before); // recorded without any SQL
    for (const r of resources) expect(r.outs.warehouse, r.id).toBe(`local:${dirB}`);
    expect(resources[0].outs.lastAction).toContain(`moved from local:${dirA} to local:${dirB}`);

    delete config["catalog-clone:warehouseMovedFrom"];
    expect(await up(resources)).toEqual([]);
    for (const r of resources) expect(r.outs.warehouse, r.id).toBe(`local:${dirB}`);
    expect(await catalogsIn(b)).toContain("qa");
    expect((await catalogHandler.read(catalog.id, resources[0].outs as never)).props).toMatchObject({ warehouse: `local:${dirB}` });
  });
});

describe("identity comparison", () => {
  it("another SQL warehouse of the same workspace is the same place; another host is not", async () => {
    const { identityLocation } = await import("../../../provider/warehouse/connectionConfig");
    expect(identityLocation("databricks:adb-1.2.azuredatabricks.net/sql/1.0/warehouses/abc")).toBe(
      identityLocation("databricks:ADB-1.2.azuredatabricks.net/sql/1.0/warehouses/def"),
    );
    expect(identityLocation("databricks:a.cloud.databricks.com/sql/1.0/warehouses/abc")).not.toBe(
      identityLocation("databricks:b.cloud.databricks.com/sql/1.0/warehouses/abc"),
    );
    expect(identityLocation("local:/x/a")).not.toBe(identityLocation("local:/x/b"));
  });
});
