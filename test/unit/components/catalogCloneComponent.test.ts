/**
 * The component's wiring under pulumi.runtime.setMocks: which children it registers for a discovered
 * catalog, their names, types, parents, dependencies and inherited options, and the report it outputs.
 * Discovery is answered by a scripted warehouse (information_schema rows); the handlers' SQL behaviour
 * is covered by the resource and e2e tests against the embedded engine.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { CatalogClone } from "../../../components/CatalogClone";
import { installRuntime } from "../../../provider/resources/runtime";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";

const T = new Date("2026-01-01T00:00:00Z");
class ScriptedWarehouse implements Warehouse {
  statements: string[] = [];
  constructor(private readonly catalogs: Record<string, { schemas: string[]; tables: Row[]; properties?: Record<string, Row[]> }>) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    const shown = /^SHOW TBLPROPERTIES `([^`]+)`\.`([^`]+)`\.`([^`]+)`$/.exec(sql);
    if (shown) return this.catalogs[shown[1]]?.properties?.[`${shown[2]}.${shown[3]}`] ?? [];
    if (sql.includes("(DESCRIBE HISTORY ")) {
      // asOf.version check: every scripted table has versions 0..3.
      return [...sql.matchAll(/'([^']*)' AS table_catalog, '([^']*)' AS table_schema, '([^']*)' AS table_name/g)].map((m) => ({
        table_catalog: m[1],
        table_schema: m[2],
        table_name: m[3],
        earliest_version: 0,
        latest_version: 3,
      }));
    }
    // Views and functions (one statement for both catalogs): prod's view sales.v, no function.
    if (sql.includes("system.information_schema.routines")) {
      return [{ object_kind: "VIEW", object_catalog: "prod", object_schema: "sales", object_name: "v", definition: "SELECT * FROM prod.sales.orders", comment: null }];
    }
    const cat = /`([^`]+)`\.information_schema\.(schemata|tables)/.exec(sql);
    if (!cat) throw new Error(`unexpected statement in component test: ${sql}`);
    const c = this.catalogs[cat[1]];
    if (!c) throw new WarehouseError({ errorClass: "NO_SUCH_CATALOG_EXCEPTION", message: `[NO_SUCH_CATALOG_EXCEPTION] Catalog '${cat[1]}' was not found. SQLSTATE: 42704` });
    // The listing (one statement per catalog, provider/sql/catalogListing.ts): tables, a SCHEMA row per
    // schema and, on the destination (owner tags asked), the catalog's own row (all untagged here: adopted).
    if (cat[2] !== "tables") throw new Error(`unexpected statement in component test: ${sql}`);
    return [
      ...c.tables,
      ...c.schemas.map((s) => ({ table_schema: s, table_name: null, table_type: "SCHEMA", comment: null, owner_tag: null })),
      ...(sql.includes("catalog_tags") ? [{ table_schema: null, table_name: null, table_type: "CATALOG", comment: null, owner_tag: null }] : []),
    ];
  }
  async close(): Promise<void> {}
}
/** TBLPROPERTIES rows of a clone this stack (project catalog-clone, stack qa) made from prod. */
const ourMarkers = (key: string): Row[] => [
  { key: "catalog_clone.owner", value: "catalog-clone/qa" },
  { key: "catalog_clone.source", value: `prod.${key}` },
  { key: "catalog_clone.pre_clone_version", value: "none" },
];
const t = (schema: string, name: string, type = "MANAGED", format: string | null = "DELTA"): Row => ({
  table_schema: schema,
  table_name: name,
  table_type: type,
  data_source_format: format,
  last_altered: T,
});

const wh = new ScriptedWarehouse({
  prod: {
    schemas: ["default", "sales", "hr"],
    tables: [t("sales", "orders"), t("sales", "items"), t("hr", "people"), t("sales", "live", "STREAMING_TABLE"), t("sales", "v", "VIEW", null)],
  },
  // old.gone: this stack's clone, gone from the source; sales.scratch: a table someone added (no marker).
  qa: {
    schemas: ["default", "sales", "old"],
    tables: [t("sales", "orders"), t("old", "gone"), t("sales", "scratch")],
    properties: { "old.gone": ourMarkers("old.gone"), "sales.scratch": [{ key: "delta.minReaderVersion", value: "1" }] },
  },
  qa_pinned: { schemas: ["default", "sales", "old"], tables: [t("sales", "orders"), t("old", "gone")], properties: { "old.gone": ourMarkers("old.gone") } },
});
const connection = { kind: "local" as const, path: "/nonexistent/scripted-warehouse-component-test" };

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  parent: string;
  protect: boolean;
  retainOnDelete: boolean;
  dependencies: string[];
  aliases: number;
}
const registered: Registered[] = [];
const find = (type: string, name: string) => registered.find((r) => r.type.endsWith(type) && r.name === name);

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        const outs: Record<string, unknown> = { ...a.inputs };
        if (a.type.endsWith(":Table")) {
          Object.assign(outs, { lastAction: "cloned", lastReason: "new", sourceVersion: 3, destinationVersion: 0, adopted: false, createdByStack: true, metrics: { sourceBytes: 10, copiedBytes: 10, copiedFiles: 1, removedFiles: 0 }, validation: null, ranAt: new Date().toISOString(), runCopiedBytes: 10, totalCopiedBytes: 10 });
        }
        if (a.type.endsWith(":Catalog")) Object.assign(outs, { adopted: true, createdByStack: false });
        return { id: `${a.name}-id`, state: outs };
      },
      call: () => ({}),
    },
    "catalog-clone",
    "qa",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, cb: any) => void };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    registered.push({
      type: req.getType(),
      name: req.getName(),
      inputs: req.getObject()?.toJavaScript() ?? {},
      parent: req.getParent(),
      protect: req.getProtect(),
      retainOnDelete: req.getRetainondelete(),
      dependencies: req.getDependenciesList(),
      aliases: req.getAliasesList().length,
    });
    return original(req, cb);
  };
  installRuntime().useWarehouse(connection, wh);
});

function unwrap<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("CatalogClone component", () => {
  it("registers catalog → schemas → tables under the component, with dependencies, and reports skips", async () => {
    const clone = new CatalogClone(
      "qa",
      { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP", connection },
      { protect: true, retainOnDelete: true },
    );
    const report = await unwrap(clone.report);
    const plan = await unwrap(clone.plan);
    await clone.children;

    // Discovery: one listing per side (schemas and tables, issue 13), views and functions of both, then the markers of the two destination tables nothing is cloned into.
    expect(wh.statements).toHaveLength(5);
    expect(wh.statements.slice(0, 3).every((s) => /^SELECT /.test(s))).toBe(true);
    expect(wh.statements.slice(3).sort()).toEqual(["SHOW TBLPROPERTIES `qa`.`old`.`gone`", "SHOW TBLPROPERTIES `qa`.`sales`.`scratch`"]);

    const component = registered.find((r) => r.type === "catalog-clone:index:CatalogClone" && r.name === "qa")!;
    expect(component.protect).toBe(true);
    const cat = find(":Catalog", "qa")!;
    expect(cat.type).toBe("pulumi-nodejs:dynamic/catalog-clone:Catalog");
    const componentUrn = cat.parent;
    expect(componentUrn).toContain("catalog-clone:index:CatalogClone::qa");

    const names = registered.filter((r) => r.parent === componentUrn).map((r) => `${r.type.split(":").pop()} ${r.name}`).sort();
    expect(names).toEqual([
      "Catalog qa",
      "Schema qa/default",
      "Schema qa/hr",
      "Schema qa/old",
      "Schema qa/sales",
      "Table qa/hr.people",
      "Table qa/old.gone",
      "Table qa/sales.items",
      "Table qa/sales.orders",
      "View qa/sales.v",
    ]);
    // Children inherit protect from the component; retainOnDelete is passed through.
    for (const r of registered.filter((x) => x.parent === componentUrn)) {
      expect(r.protect).toBe(true);
      expect(r.retainOnDelete).toBe(true);
    }
    // Deletes run table → schema → catalog: tables depend on their schema, schemas on the catalog.
    const catUrn = "urn:pulumi:qa::catalog-clone::catalog-clone:index:CatalogClone$pulumi-nodejs:dynamic/catalog-clone:Catalog::qa";
    expect(find(":Schema", "qa/sales")!.dependencies).toContain(catUrn);
    expect(find(":Table", "qa/sales.orders")!.dependencies.some((d) => d.endsWith("catalog-clone:Schema::qa/sales"))).toBe(true);
    // A view depends on its schema and on the cloned table it reads, whose reference now names the destination.
    const v = find(":View", "qa/sales.v")!;
    expect(v.dependencies.some((d) => d.endsWith("catalog-clone:Table::qa/sales.orders"))).toBe(true);
    expect(v.dependencies.some((d) => d.endsWith("catalog-clone:Schema::qa/sales"))).toBe(true);
    expect(await unwrap((await clone.children).views["sales.v"].definition)).toEqual({ query: "SELECT * FROM `qa`.sales.orders", comment: null });
    expect(report.definitions).toMatchObject({ views: 1, functions: 0, viewsNotCloned: 0, functionsNotCloned: 0 });

    expect(plan.tables.map((x) => `${x.schema}.${x.table}`)).toEqual(["hr.people", "sales.items", "sales.orders"]);
    expect(plan.retained).toEqual([expect.objectContaining({ schema: "old", table: "gone", retainedBecause: "gone from source" })]);
    expect(report.skipped.map((s) => [s.name, s.reason])).toEqual([
      ["sales.live", "STREAMING_TABLE"],
    ]);
    // The scratch table nobody registered is listed as foreign, never registered.
    expect(plan.foreign).toEqual([{ schema: "sales", name: "scratch", tableType: "MANAGED", owner: null, because: "not created by this stack" }]);
    expect(report.foreign).toEqual([{ name: "sales.scratch", tableType: "MANAGED", owner: null, because: "not created by this stack" }]);
    expect(report.counts).toMatchObject({ cloned: 4, notCloned: 1, retained: 1, foreign: 1 });
    expect(report.bytesCopied).toBe(40);
    expect(report.destinationCatalog).toEqual({ adopted: true, createdByStack: false });
  });

  it("fills table inputs from discovery (fingerprints, owner, pinned source)", async () => {
    const seen: Record<string, any> = {};
    const from = wh.statements.length;
    const c = new CatalogClone("pinned", {
      source: { catalog: "prod" },
      destination: { catalog: "qa_pinned" },
      cloneType: "SHALLOW",
      asOf: { version: 2 },
      scope: { includeSchemas: ["sales"], includeTables: "^orders$" },
      tableOverrides: { "sales.orders": { sync: "mirror" } },
      validate: { rowCounts: true, autoRollbackAbovePct: 10 },
      connection,
    });
    const children = await c.children;
    // Discovery and the marker of old.gone only: the one planned table is already in the destination, so nothing is cloned at the pin for sure.
    expect(wh.statements.slice(from)).toHaveLength(4); // one listing per side (issue 13: schemas folded in)
    const table = children.tables["sales.orders"];
    await unwrap(pulumi.all([table.source, table.destination]).apply((v) => (seen.refs = v)));
    // old.gone is out of scope and gone from the source; dropExtra is off, so it stays registered (never dropped).
    expect(Object.keys(children.tables)).toEqual(["sales.orders", "old.gone"]);
    expect(seen.refs[0]).toEqual({ catalog: "prod", schema: "sales", table: "orders" });
    expect(seen.refs[1]).toEqual({ catalog: "qa_pinned", schema: "sales", table: "orders" });
    // The sync mode is an input only (not a property of the class): what the engine was sent. The
    // registered table holds the outputs its class types, not Outputs of its input-only props.
    expect(find(":Table", "pinned/sales.orders")?.inputs.sync).toBe("mirror");
    expect(["sync", "owner", "__provider", "stateVersion"].filter((k) => k in table)).toEqual([]);
    expect(["source", "destination", "lastAction", "changedInDeployment"].filter((k) => k in table)).toHaveLength(4);
    expect(children.validationGate).toBeDefined();
    await unwrap(children.validationGate!.urn);
    expect(find(":ValidationGate", "pinned/validation")).toBeDefined();
  });

  it("checks a pinned version against the history of the tables it will clone, in one read-only statement", async () => {
    const from = wh.statements.length;
    const c = new CatalogClone("pinned-new", {
      source: { catalog: "prod" },
      destination: { catalog: "qa_new" },
      cloneType: "DEEP",
      asOf: { version: 2 },
      connection,
    });
    await c.children;
    // Discovery (the destination does not exist), then ONE check covering every table to clone.
    const statements = wh.statements.slice(from);
    expect(statements.filter((x) => x.includes("DESCRIBE HISTORY"))).toHaveLength(1);
    expect(statements[statements.length - 1]).toMatch(/^SELECT 'prod' AS table_catalog, 'hr' AS table_schema, 'people' AS table_name, min\(version\).* FROM \(DESCRIBE HISTORY `prod`\.`hr`\.`people`\) UNION ALL /);
    expect(statements[statements.length - 1].match(/DESCRIBE HISTORY/g)).toHaveLength(3);
  });

  it("passes aliases through to the component (renames keep the existing clone)", async () => {
    const c = new CatalogClone("renamed", { source: { catalog: "prod" }, destination: { catalog: "qa_renamed" }, cloneType: "DEEP", connection }, { aliases: [{ name: "old-name" }] });
    await unwrap(c.urn);
    expect(registered.find((r) => r.type === "catalog-clone:index:CatalogClone" && r.name === "renamed")!.aliases).toBe(1);
  });

  it("refuses a second CatalogClone into the same destination catalog, before registering anything", () => {
    const before = registered.length;
    expect(() => new CatalogClone("qa-again", { source: { catalog: "prod" }, destination: { catalog: "QA" }, cloneType: "SHALLOW", connection })).toThrow(
      /destination.catalog: "qa" is already the destination of CatalogClone "qa" in this program/,
    );
    expect(registered.length).toBe(before);
  });
});
