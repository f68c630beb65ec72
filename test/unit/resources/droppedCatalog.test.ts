/**
 * A destination catalog (or schema) dropped out of band: refresh (read) and destroy (delete) of the schema
 * and table resources inside it must conclude "gone" without an error, through the dynamic-provider
 * methods, against the embedded engine. Each case runs twice: with the engine's own errors, and behind a
 * wrapper that turns Spark-style spellings into the ones a workspace uses, so both are proven whatever the
 * engine emits:
 * - `<missing>.information_schema.<view>` → TABLE_OR_VIEW_NOT_FOUND on the view (what issue 7 saw on a
 *   workspace: the class cannot tell a missing catalog from a missing view);
 * - other missing catalogs / schemas → Unity Catalog's NO_SUCH_CATALOG_EXCEPTION / NO_SUCH_SCHEMA_EXCEPTION
 *   (GUESS: which statements use which spelling on a workspace; both must read as absence).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { WarehouseError, hasErrorClass, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";
import * as schemaHandler from "../../../provider/resources/schema/handler";
import * as tableHandler from "../../../provider/resources/table/handler";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import type { TableInputs } from "../../../provider/resources/table/inputs";
import { useLocalRuntime } from "./localRuntimeFixture";

const OWNER = "proj/dev";

/** Re-spells Spark-style not-found errors the way a Databricks workspace reports them (see file comment). */
function databricksSpelling(inner: Warehouse): Warehouse {
  const respell = (err: WarehouseError, cls: string, text: string, sqlState: string) =>
    new WarehouseError({ errorClass: cls, message: WarehouseError.format(cls, text, sqlState), sqlState, transient: false });
  return {
    async execute(sql: string): Promise<Row[]> {
      try {
        return await inner.execute(sql);
      } catch (err) {
        if (hasErrorClass(err, "CATALOG_NOT_FOUND")) {
          const view = /(`?[\w]+`?)\.information_schema\.(\w+)/i.exec(sql);
          if (view) throw respell(err, "TABLE_OR_VIEW_NOT_FOUND", `The table or view ${view[1]}.\`information_schema\`.\`${view[2]}\` cannot be found.`, "42P01");
          throw respell(err, "NO_SUCH_CATALOG_EXCEPTION", "Catalog 'qa' was not found.", "42704");
        }
        if (hasErrorClass(err, "SCHEMA_NOT_FOUND")) throw respell(err, "NO_SUCH_SCHEMA_EXCEPTION", "Schema 'qa.s' was not found.", "42704");
        throw err;
      }
    },
    close: () => inner.close(),
  };
}

const fx = useLocalRuntime("dropped-catalog", ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "INSERT INTO prod.s.t VALUES (1), (2)"]);

async function tableInputs(): Promise<TableInputs> {
  const src = (await discoverSource(fx.engine, "prod")).tables.find((t) => t.name === "t")!;
  await discoverDestination(fx.engine, "qa");
  return {
    connection: fx.ref,
    owner: OWNER,
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: src.tableType, format: src.format, lastAltered: src.lastAltered },
    destinationFingerprint: { exists: false },
    validate: { rowCounts: true, checksums: false, failOnMismatch: true },
    deploymentId: "d1",
  };
}

/** Creates qa (plain, out of band), then the schema and table resources through their handlers. */
async function createResources() {
  await fx.engine.execute("CREATE CATALOG qa");
  const schema = await schemaHandler.create({ connection: fx.ref, owner: OWNER, catalog: "qa", name: "s" });
  const table = await tableHandler.create((await tableInputs()) as never);
  return { schema, table };
}

describe.each([
  ["the embedded engine's spelling", (w: Warehouse) => w],
  ["Databricks' spelling", databricksSpelling],
])("dropped out of band (%s): read and delete conclude gone", (_name, spell) => {
  beforeEach(() => fx.runtime.useWarehouse(fx.ref, spell(fx.engine)));

  it("the whole destination catalog", async () => {
    const { schema, table } = await createResources();
    await fx.engine.execute("DROP CATALOG qa CASCADE");

    expect(await schemaHandler.read(schema.id, schema.outs)).toEqual({}); // gone from state
    await expect(schemaHandler.delete(schema.id, schema.outs)).resolves.toBeUndefined();

    const read = await tableHandler.read(table.id, table.outs);
    expect(read.props).toMatchObject({ observed: { exists: false, drift: "dropped" } });
    await expect(tableHandler.delete(table.id, table.outs)).resolves.toBeUndefined();
  });

  it("only the schema", async () => {
    const { schema, table } = await createResources();
    await fx.engine.execute("DROP SCHEMA qa.s CASCADE");

    expect(await schemaHandler.read(schema.id, schema.outs)).toEqual({});
    await expect(schemaHandler.delete(schema.id, schema.outs)).resolves.toBeUndefined();
    expect((await tableHandler.read(table.id, table.outs)).props).toMatchObject({ observed: { exists: false } });
    await expect(tableHandler.delete(table.id, table.outs)).resolves.toBeUndefined();
  });

  it("while anything that is not absence still fails (a permission error is never taken for a missing object)", async () => {
    const { table } = await createResources();
    const denied: Warehouse = {
      execute: async () => {
        throw new WarehouseError({ errorClass: "INSUFFICIENT_PERMISSIONS", message: "[INSUFFICIENT_PERMISSIONS] User does not have USE CATALOG on Catalog 'qa'. SQLSTATE: 42501" });
      },
      close: async () => undefined,
    };
    fx.runtime.useWarehouse(fx.ref, denied);
    await expect(tableHandler.delete(table.id, table.outs)).rejects.toMatchObject({ errorClass: "INSUFFICIENT_PERMISSIONS" });
  });
});
