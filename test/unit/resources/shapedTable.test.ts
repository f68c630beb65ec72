/**
 * The table lifecycle for shaped tables (masks, subsets) against the embedded engine: masking, a `where`
 * or schemaOnly turned on for a table cloned whole drops it first (no raw or wider version left to time
 * travel to, and no undo restores one); an adopted table is
 * refused before any write; a mismatch after a masked re-write restores a masked version; a lost answer
 * of the CREATE TABLE … AS SELECT is recognised as this stack's write; a schema-only table drifts on
 * column changes only.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import { TableInputs } from "../../../provider/resources/table/inputs";
import type { TableShape } from "../../../provider/resources/table/shape";
import { createTable, diffTable, updateTable } from "../../../provider/resources/table/lifecycle";
import { PartialStateError } from "../../../provider/resources/partialState";

class Hooked implements Warehouse {
  statements: string[] = [];
  after: ((sql: string) => Promise<void> | void)[] = [];
  constructor(readonly inner: Warehouse) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    const rows = await this.inner.execute(sql);
    for (const h of this.after) await h(sql);
    return rows;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let dir: string;
let engine: Warehouse;
let wh: Hooked;
const RAW = ["ann@example.com", "bob@corp.org"];
const MASKED: TableShape = { masks: [{ column: "email", rule: { strategy: "email" }, required: true, origin: 'masking["s.t"].email' }] };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shaped-table-"));
  engine = await openLocalDriver(dir);
  wh = new Hooked(engine);
  for (const sql of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.s",
    "CREATE TABLE prod.s.t (id INT, email STRING)",
    "INSERT INTO prod.s.t VALUES (1, 'ann@example.com'), (2, 'bob@corp.org')",
    "CREATE CATALOG qa",
    "CREATE SCHEMA qa.s",
  ])
    await engine.execute(sql);
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function inputs(over: Partial<TableInputs> = {}): Promise<TableInputs> {
  const s = (await discoverSource(engine, "prod")).tables.find((x) => x.name === "t")!;
  const d = (await discoverDestination(engine, "qa")).tables.find((x) => x.name === "t");
  return {
    owner: "proj/dev",
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: s.tableType, format: s.format, lastAltered: s.lastAltered },
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
    validate: { rowCounts: true, checksums: true, failOnMismatch: true },
    deploymentId: "d1",
    ...over,
  };
}

/** Every version of the destination: none holds a raw value. Returns the versions read. */
async function versionsWithoutRaw(): Promise<number[]> {
  const versions = (await engine.execute("DESCRIBE HISTORY qa.s.t")).map((h) => Number(h.version));
  for (const v of versions) {
    const text = JSON.stringify(await engine.execute(`SELECT * FROM qa.s.t VERSION AS OF ${v}`));
    for (const raw of RAW) expect(text, `v${v}`).not.toContain(raw);
  }
  return versions;
}
const tick = () => new Promise((r) => setTimeout(r, 15));

describe("shaped tables", () => {
  /** The ids every version of the destination holds, newest version first. */
  const idsByVersion = async () => {
    const versions = (await engine.execute("DESCRIBE HISTORY qa.s.t")).map((h) => Number(h.version));
    const out: number[][] = [];
    for (const v of versions) out.push((await engine.execute(`SELECT id FROM qa.s.t VERSION AS OF ${v} ORDER BY id`)).map((r) => Number(r.id)));
    return out;
  };

  it("a where added to (or changed on) a table cloned whole: dropped and re-created, every version holds only subset rows, undo target is a drop", async () => {
    const { outs } = await createTable(wh, await inputs());
    expect(await idsByVersion()).toEqual([[1, 2]]);
    const subset = await updateTable(wh, outs, await inputs({ shape: { where: "id = 2" } }));
    expect(subset).toMatchObject({ lastAction: "re-cloned", previousVersion: null, validation: { matched: true, sourceRows: 1, destinationRows: 1 } });
    expect(wh.statements.filter((s) => /^DROP TABLE/i.test(s))).toHaveLength(1);
    expect(await idsByVersion()).toEqual([[2]]);
    // another predicate: the versions of the old one go too (a changed where may select rows the old one did not)
    await tick();
    const other = await updateTable(wh, subset, await inputs({ shape: { where: "id = 1" } }));
    expect(other).toMatchObject({ previousVersion: null, validation: { matched: true, destinationRows: 1 } });
    expect(await idsByVersion()).toEqual([[1]]);
  });

  it("a where that is not BOOLEAN fails at the write as on Databricks (FILTER_NOT_BOOLEAN), and nothing is written", async () => {
    await expect(createTable(wh, await inputs({ shape: { where: "id" } }))).rejects.toThrow(/DATATYPE_MISMATCH\.FILTER_NOT_BOOLEAN/);
    expect((await engine.execute("SHOW TABLES IN qa.s")).length).toBe(0);
  });

  it("schemaOnly set on a table cloned whole: dropped and re-created, no version holds a row", async () => {
    const { outs } = await createTable(wh, await inputs());
    const empty = await updateTable(wh, outs, await inputs({ shape: { schemaOnly: true } }));
    expect(empty).toMatchObject({ lastAction: "re-cloned", previousVersion: null, validation: { matched: true, sourceRows: 0, destinationRows: 0 } });
    expect(await idsByVersion()).toEqual([[]]);
  });

  it("a mismatch after narrowing a whole clone to a where drops the table: the undo never restores the wider version", async () => {
    const { outs } = await createTable(wh, await inputs());
    wh.after.push(async (sql) => {
      if (/^CREATE TABLE .* AS SELECT/.test(sql)) await engine.execute("INSERT INTO qa.s.t VALUES (4, 'x')");
    });
    const err = await updateTable(wh, outs, await inputs({ shape: { where: "id = 2" } })).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect(String(err.message)).toMatch(/validation mismatch .*destination dropped/);
    expect((await engine.execute("SHOW TABLES IN qa.s")).length).toBe(0);
  });

  it("masking turned on for a table cloned raw: dropped and re-created, no raw version remains, undo target is a drop", async () => {
    const { outs } = await createTable(wh, await inputs());
    expect((await engine.execute("SELECT email FROM qa.s.t ORDER BY id")).map((r) => r.email)).toEqual(RAW);
    const masked = await updateTable(wh, outs, await inputs({ shape: MASKED }));
    expect(masked).toMatchObject({ lastAction: "re-cloned", previousVersion: null, validation: { matched: true, sourceRows: 2, destinationRows: 2 } });
    expect(wh.statements.filter((s) => /^DROP TABLE/i.test(s))).toHaveLength(1);
    expect(await versionsWithoutRaw()).toEqual([0]);
    expect((await engine.execute("SELECT email FROM qa.s.t ORDER BY id")).map((r) => r.email)).toEqual(["***@example.com", "***@corp.org"]);
  });

  it("refuses to mask or subset into an adopted table (its history is not ours to erase) before any write", async () => {
    await engine.execute("CREATE TABLE qa.s.t (id INT, email STRING)");
    await engine.execute("INSERT INTO qa.s.t VALUES (9, 'old@raw.io')");
    wh.statements = [];
    await expect(createTable(wh, await inputs({ shape: MASKED }))).rejects.toThrow(/existed before this stack \(adopted\).*Drop the destination table/);
    await expect(createTable(wh, await inputs({ shape: { where: "id = 2" } }))).rejects.toThrow(/existed before this stack \(adopted\).*Drop the destination table/);
    expect(wh.statements.filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)/i.test(s))).toEqual([]);
    expect((await engine.execute("SELECT id FROM qa.s.t")).map((r) => r.id)).toEqual([9]);
  });

  it("a mismatch after a masked re-write restores the previous MASKED version", async () => {
    const { outs } = await createTable(wh, await inputs({ shape: MASKED }));
    await tick();
    await engine.execute("INSERT INTO prod.s.t VALUES (3, 'cy@new.io')");
    // an outside writer slips a row in right after the re-write: validation sees 4 rows for 3
    wh.after.push(async (sql) => {
      if (/^CREATE OR REPLACE TABLE .* AS SELECT/.test(sql)) await engine.execute("INSERT INTO qa.s.t VALUES (4, 'x')");
    });
    const err = await updateTable(wh, outs, await inputs({ shape: MASKED })).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect(String(err.message)).toMatch(/validation mismatch .*restored to version 0/);
    expect((await engine.execute("SELECT email FROM qa.s.t ORDER BY id")).map((r) => r.email)).toEqual(["***@example.com", "***@corp.org"]);
  });

  it("a lost answer of the CREATE TABLE … AS SELECT is recognised as this stack's write (not sent twice)", async () => {
    let lost = false;
    wh.after.push((sql) => {
      if (!lost && /AS SELECT/.test(sql)) {
        lost = true;
        throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] lost SQLSTATE: 08000", mayHaveRun: true });
      }
    });
    const { outs } = await createTable(wh, await inputs({ shape: { where: "id = 2" } }));
    expect(wh.statements.filter((s) => /AS SELECT/.test(s))).toHaveLength(1);
    expect(outs).toMatchObject({ lastAction: "cloned", sourceVersion: 1, validation: { matched: true, sourceRows: 1, destinationRows: 1 } });
    expect(outs.lastReason).toMatch(/answer was lost/);
    expect((await engine.execute("SELECT id FROM qa.s.t")).map((r) => r.id)).toEqual([2]);
  });

  it("schemaOnly: empty copy; a source row change is not drift (columns compared, no write); a column change re-creates it", async () => {
    const shape: TableShape = { schemaOnly: true };
    const { outs } = await createTable(wh, await inputs({ shape }));
    expect(outs.validation).toMatchObject({ matched: true, sourceRows: 0, destinationRows: 0 });
    expect(await engine.execute("SELECT * FROM qa.s.t")).toEqual([]);
    await tick();
    await engine.execute("INSERT INTO prod.s.t VALUES (3, 'cy@new.io')");
    await engine.execute("DELETE FROM prod.s.t WHERE id = 1");
    wh.statements = [];
    const rowsOnly = await diffTable(wh, outs, await inputs({ shape }));
    expect(rowsOnly).toMatchObject({ changes: false, rebaseline: true, action: { kind: "none" } });
    expect(rowsOnly.action.reason).toMatch(/not its columns.*baseline moved to v3/);
    expect(wh.statements.filter((s) => !/^\s*(SELECT|DESCRIBE)/i.test(s))).toEqual([]);
    const rebased = await updateTable(wh, outs, await inputs({ shape }));
    expect(rebased).toMatchObject({ lastAction: "skipped", sourceVersion: 3 });
    await tick();
    await engine.execute("ALTER TABLE prod.s.t ADD COLUMNS (note STRING)");
    const moved = await diffTable(wh, rebased, await inputs({ shape }));
    expect(moved.changes).toBe(true);
    await updateTable(wh, rebased, await inputs({ shape }));
    expect((await engine.execute("SELECT column_name FROM qa.information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position")).map((r) => r.column_name)).toEqual(["id", "email", "note"]);
    expect(await engine.execute("SELECT * FROM qa.s.t")).toEqual([]);
  });

  it("tblProperties alone keep the CLONE: the properties are set by it, and the markers stay the stack's", async () => {
    const { outs } = await createTable(wh, await inputs({ shape: { tblProperties: { team: "qa's", "delta.appendOnly": "false" } } }));
    expect(wh.statements.filter((s) => /CLONE/.test(s))).toEqual([expect.stringMatching(/^CREATE TABLE .* DEEP CLONE .* TBLPROPERTIES \('team' = 'qa\\'s'/)]);
    expect(outs).toMatchObject({ lastAction: "cloned", validation: { matched: true } });
    const props = (await engine.execute("DESCRIBE DETAIL qa.s.t"))[0].properties as Record<string, string>;
    expect(props).toMatchObject({ team: "qa's", "catalog_clone.owner": "proj/dev", "catalog_clone.source": "prod.s.t" });
  });

  it("the provider refuses a shape that would override the stack's markers (fail closed below the component too)", async () => {
    const parsed = TableInputs.safeParse(await inputs({ shape: { tblProperties: { "catalog_clone.owner": "someone/else" } } }));
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/this project's own marker property/);
  });

  it("a drifted source re-writes a masked table with the same single statement: every version stays masked", async () => {
    const { outs } = await createTable(wh, await inputs({ shape: MASKED }));
    await tick();
    await engine.execute("INSERT INTO prod.s.t VALUES (3, 'cy@new.io')");
    wh.statements = [];
    const again = await updateTable(wh, outs, await inputs({ shape: MASKED }));
    expect(again).toMatchObject({ lastAction: "re-cloned", previousVersion: 0, sourceVersion: 2, validation: { matched: true, sourceRows: 3, destinationRows: 3 } });
    const written = wh.statements.filter((s) => !/^\s*(SELECT|DESCRIBE|SHOW)/i.test(s));
    expect(written).toEqual([expect.stringMatching(/^CREATE OR REPLACE TABLE `qa`.`s`.`t` .* AS SELECT `id`, regexp_replace\(.*\) AS `email` FROM `prod`.`s`.`t` VERSION AS OF 2$/)]);
    expect(await versionsWithoutRaw()).toEqual([1, 0]);
    expect(JSON.stringify(await engine.execute("SELECT * FROM qa.s.t"))).not.toContain("cy@new.io");
  });
});
