/**
 * Shared set-up of the CatalogClone end-to-end tests: a temporary local warehouse with a small `prod`
 * catalog, and stacks of the root program (examples/platform) run through the test harness with the
 * real Pulumi runtime and the real dynamic-provider plugin.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HarnessStack } from "pulumi-uc-clone-stack-harness";
import { LocalWarehouse, readStatementLog } from "pulumi-uc-clone-local-warehouse";
import type { Row } from "../../provider/warehouse/warehouse";

export const ROOT = path.resolve(__dirname, "../..");
/** The root program (Pulumi.yaml `main`, examples/platform/index.ts) as `npm run build` compiles it. */
export const COMPILED_PROGRAM = path.join(ROOT, "dist", "examples", "platform", "index.js");

export class CloneFixture {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-e2e-"));
  /** The local warehouse: `<dir>/warehouse`, or the absolute directory given (removed by cleanup too). */
  readonly warehouseDir: string;
  readonly logs: string[] = [];
  private wh: LocalWarehouse | undefined;

  constructor(opts: { warehouseDir?: string } = {}) {
    this.warehouseDir = opts.warehouseDir ?? path.join(this.dir, "warehouse");
  }

  async warehouse(): Promise<LocalWarehouse> {
    return (this.wh ??= await LocalWarehouse.open(this.warehouseDir));
  }

  async sql(statement: string): Promise<Row[]> {
    return (await this.warehouse()).execute(statement);
  }

  /** prod: sales.orders (3 versions), sales.items (2 versions), hr.people; a view, a streaming table, a materialized view. */
  async seedProd(): Promise<void> {
    for (const s of [
      "CREATE CATALOG prod",
      "CREATE SCHEMA prod.sales",
      "CREATE SCHEMA prod.hr",
      "CREATE TABLE prod.sales.orders (id INT, amount DOUBLE)",
      "INSERT INTO prod.sales.orders VALUES (1, 10.0), (2, 20.0)",
      "INSERT INTO prod.sales.orders VALUES (3, 30.0)",
      "CREATE TABLE prod.sales.items (sku STRING, qty INT)",
      "INSERT INTO prod.sales.items VALUES ('a', 1), ('b', 2), ('c', 3)",
      "CREATE TABLE prod.hr.people (name STRING)",
      "INSERT INTO prod.hr.people VALUES ('ada'), ('grace')",
      "CREATE VIEW prod.sales.big_orders AS SELECT * FROM prod.sales.orders WHERE amount > 15",
      "CREATE STREAMING TABLE prod.sales.events AS SELECT * FROM prod.sales.orders",
      "CREATE MATERIALIZED VIEW prod.hr.headcount AS SELECT count(*) AS n FROM prod.hr.people",
    ]) {
      await this.sql(s);
    }
  }

  /**
   * A stack of the root program with this fixture's warehouse. `env` reaches the provider plugin (e.g.
   * the warehouse's fault and latency hooks); `parallel` defaults to 4; `continueOnError` is
   * `pulumi up --continue-on-error`.
   *
   * The program runs compiled (dist/examples/platform/index.js, `npm run build`; the plugin always runs
   * the compiled handlers), not through ts-node: these tests are about what the program and the
   * provider do, and loading TypeScript costs every operation. `typescript: true` runs it the way the
   * Pulumi CLI does (Pulumi.yaml's `main`, ts-node), which cliPath, the demo tests and packedLibrary cover.
   */
  stack(
    stack: string,
    config: Record<string, unknown>,
    extra: { secretConfig?: Record<string, unknown>; env?: NodeJS.ProcessEnv; parallel?: number; continueOnError?: boolean; typescript?: boolean } = {},
  ): HarnessStack {
    return new HarnessStack({
      programDir: ROOT,
      ...(extra.typescript ? {} : { entry: COMPILED_PROGRAM, runtimeOptions: { typescript: false } }),
      stack,
      config: { "catalog-clone:localPath": this.warehouseDir, ...config },
      secretConfig: extra.secretConfig,
      statePath: path.join(this.dir, `${stack}.state.json`),
      log: (l) => this.logs.push(l),
      parallel: extra.parallel ?? 4,
      env: extra.env,
      continueOnError: extra.continueOnError,
    });
  }

  /** Statements logged by every process (program, plugin, this test) from index `from`. */
  statementsSince(from: number): string[] {
    return readStatementLog(this.warehouseDir)
      .slice(from)
      .map((e) => e.statement);
  }

  statementCount(): number {
    return readStatementLog(this.warehouseDir).length;
  }

  /** The tables of `catalog` (views too with `views: true`; a clone carries the source's views since issue 10). */
  async tablesOf(catalog: string, opts: { views?: boolean } = {}): Promise<{ name: string; type: string }[]> {
    const rows = await this.sql(
      `SELECT table_schema, table_name, table_type FROM \`${catalog}\`.information_schema.tables WHERE table_schema <> 'information_schema' ` +
        `${opts.views ? "" : "AND table_type <> 'VIEW' "}ORDER BY table_schema, table_name`,
    );
    return rows.map((r) => ({ name: `${r.table_schema}.${r.table_name}`, type: String(r.table_type) }));
  }

  /** prod.s.<name> for each name, with rows 1, 2, 3 (one INSERT: one data file). */
  async seedFlatSource(names: string[]): Promise<void> {
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s"]) await this.sql(s);
    for (const t of names) {
      await this.sql(`CREATE TABLE prod.s.${t} (id INT)`);
      await this.sql(`INSERT INTO prod.s.${t} VALUES (1), (2), (3)`);
    }
  }

  /** Whether `table` exists (any other error is rethrown, never taken for absence). */
  async exists(table: string): Promise<boolean> {
    return this.sql(`SELECT * FROM ${table}`).then(
      () => true,
      (e) => {
        if (/TABLE_OR_VIEW_NOT_FOUND/.test(String(e))) return false;
        throw e;
      },
    );
  }

  async rows(table: string, suffix = ""): Promise<Row[]> {
    return this.sql(`SELECT * FROM ${table}${suffix} ORDER BY 1`);
  }

  /** The `id` column of a table, ascending: which rows a clone, restore or write left there. */
  async ids(table: string): Promise<number[]> {
    return (await this.sql(`SELECT id FROM ${table} ORDER BY id`)).map((r) => Number(r.id));
  }

  async catalogs(): Promise<string[]> {
    return (await this.sql("SELECT catalog_name FROM system.information_schema.catalogs ORDER BY catalog_name")).map((r) => String(r.catalog_name));
  }

  /** The source's metastore entries (catalog, schemas, tables) and every file of its tables, byte for byte. */
  private sourceFiles(): unknown[] {
    const doc = JSON.parse(fs.readFileSync(path.join(this.warehouseDir, "metastore.json"), "utf8"));
    const ofProd = (m: Record<string, { catalog?: string; name?: string }>) => Object.entries(m ?? {}).filter(([k]) => k === "prod" || k.startsWith("prod."));
    const tables = ofProd(doc.tables) as [string, { id: string }][];
    const files: [string, string][] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push([path.relative(this.warehouseDir, p), crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex")]);
      }
    };
    for (const [, t] of tables) walk(path.join(this.warehouseDir, "tables", t.id));
    return [doc.catalogs?.prod, ofProd(doc.schemas), tables, files];
  }

  /**
   * Everything observable about the source catalog: listing (with last_altered), each table's full
   * history and rows, its metastore entries, and a hash of every file of its tables.
   */
  async sourceSnapshot(): Promise<string> {
    const listing = await this.sql(
      "SELECT table_schema, table_name, table_type, last_altered FROM `prod`.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY 1, 2",
    );
    const parts: unknown[] = [listing];
    for (const t of listing.filter((r) => r.table_type === "MANAGED")) {
      const name = `prod.${t.table_schema}.${t.table_name}`;
      parts.push(await this.sql(`DESCRIBE HISTORY ${name}`), await this.rows(name));
    }
    parts.push(await this.sql("SELECT tag_name, tag_value FROM `prod`.information_schema.catalog_tags"));
    parts.push(this.sourceFiles());
    return crypto.createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  }

  async cleanup(): Promise<void> {
    await this.wh?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.warehouseDir, { recursive: true, force: true });
  }
}

/** Config of a stack of the root program. */
export function cloneConfig(destination: string, cloneType: "DEEP" | "SHALLOW", more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "catalog-clone:sourceCatalog": "prod",
    "catalog-clone:destinationCatalog": destination,
    "catalog-clone:cloneType": cloneType,
    ...more,
  };
}
