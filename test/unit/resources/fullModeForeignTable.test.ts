/**
 * `full` sync re-clones a table this stack created as DROP, then CREATE … CLONE. If someone else creates a
 * table of that name between the two, the CLONE fails (already exists) and the destination holds THEIR
 * table: the handler must fail without "undoing" (an undo of a created table is a DROP, which would
 * drop the other writer's table: DESIGN §4.2, §4.8). Same for a CLONE that may still be running.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import type { TableInputs } from "../../../provider/resources/table/inputs";
import { createTable, updateTable } from "../../../provider/resources/table/lifecycle";

/** A warehouse that runs a hook before each statement (to act between our DROP and our CLONE). */
class Hooked implements Warehouse {
  statements: string[] = [];
  before: ((sql: string) => Promise<void>) | undefined;
  constructor(readonly inner: Warehouse) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    await this.before?.(sql);
    return this.inner.execute(sql);
  }
  close() {
    return this.inner.close();
  }
}

let dir: string;
let engine: LocalDriver;
let wh: Hooked;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "full-foreign-"));
  engine = await openLocalDriver(dir);
  wh = new Hooked(engine);
  for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT, v STRING)", "INSERT INTO prod.s.t VALUES (1,'a'),(2,'b')", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) {
    await engine.execute(s);
  }
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function inputs(): Promise<TableInputs> {
  const s = (await discoverSource(engine, "prod")).tables.find((x) => x.name === "t")!;
  const d = (await discoverDestination(engine, "qa")).tables.find((x) => x.name === "t");
  return {
    owner: "proj/dev",
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "full",
    sourceFingerprint: { tableType: s.tableType, format: s.format, lastAltered: s.lastAltered },
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
  } as TableInputs;
}

describe("full-mode re-clone never undoes over a table it did not write", () => {
  it("a table someone created between our DROP and our CLONE survives, with its rows", async () => {
    const outs = (await createTable(wh, await inputs())).outs;
    await new Promise((r) => setTimeout(r, 20));
    await engine.execute("INSERT INTO prod.s.t VALUES (3,'c')");
    const news = await inputs();
    let fired = false;
    wh.before = async (sql) => {
      if (!fired && /^CREATE TABLE .*CLONE/i.test(sql)) {
        fired = true;
        await engine.execute("CREATE TABLE qa.s.t (someone INT)");
        await engine.execute("INSERT INTO qa.s.t VALUES (42)");
      }
    };
    wh.statements = [];
    const err = await updateTable(wh, outs, news).then(() => undefined, (e: unknown) => e);
    expect(fired).toBe(true);
    expect(String((err as Error)?.message)).toMatch(/not the clone this stack sent/);
    expect(wh.statements.filter((s) => /^DROP TABLE/i.test(s))).toHaveLength(1); // our own full-mode DROP only
    expect(await engine.execute("SELECT someone FROM qa.s.t")).toEqual([{ someone: 42 }]);
  });

  it("a CLONE that may still be running after full mode's DROP is not followed by a DROP", async () => {
    const outs = (await createTable(wh, await inputs())).outs;
    await new Promise((r) => setTimeout(r, 20));
    await engine.execute("INSERT INTO prod.s.t VALUES (3,'c')");
    const news = await inputs();
    wh.before = async (sql) => {
      if (/^CREATE TABLE .*CLONE/i.test(sql)) {
        throw new WarehouseError({ errorClass: "NETWORK_ERROR", message: "[NETWORK_ERROR] socket hang up", mayHaveRun: true, mayStillBeRunning: true });
      }
    };
    wh.statements = [];
    const err = await updateTable(wh, outs, news).then(() => undefined, (e: unknown) => e);
    expect(String((err as Error)?.message)).toMatch(/outcome unknown/);
    const drops = wh.statements.filter((s) => /^DROP TABLE/i.test(s));
    expect(drops).toHaveLength(1); // full mode's DROP; no undo DROP while the CLONE may still land
    expect(wh.statements.indexOf(drops[0])).toBeLessThan(wh.statements.findIndex((s) => /CLONE/i.test(s)));
  });
});
