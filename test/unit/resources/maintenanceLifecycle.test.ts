/**
 * Maintenance is not drift (issue 8 §5), on the embedded engine, which commits Delta versions for
 * OPTIMIZE, VACUUM, ANALYZE, comments and TBLPROPERTIES as Databricks does: the table lifecycle's diff
 * plans no write in any sync mode, update records the new baseline without SQL beyond one history read
 * per side, and the next diff is statement-free. What maintenance can break is still repaired.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import type { Row, Warehouse } from "../../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";
import type { SyncMode } from "../../../provider/vocabulary/syncMode";
import { createTable, diffTable, readTable, updateTable } from "../../../provider/resources/table/lifecycle";
import { changesSince } from "../../../provider/resources/table/drift";
import { historySince } from "../../../provider/resources/table/lookup";
import { Recorder } from "./recordingWarehouse";


let dir: string;
let engine: Warehouse;
let wh: Recorder;
const OWNER = "proj/dev";
const MODES: SyncMode[] = ["snapshot", "selective", "mirror", "full"];
const isHistoryRead = (s: string) => /^SELECT version, operation, operationParameters FROM \(DESCRIBE HISTORY /.test(s);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "maintenance-drift-"));
  engine = await openLocalDriver(dir);
  wh = new Recorder(engine);
  for (const sql of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.s",
    "CREATE TABLE prod.s.t (id INT, v STRING)",
    "INSERT INTO prod.s.t VALUES (1, 'a')",
    "INSERT INTO prod.s.t VALUES (2, 'b')", // two files: OPTIMIZE has something to compact
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
  const s = (await discoverSource(engine, "prod")).tables.find((x) => x.name === "t");
  const d = (await discoverDestination(engine, "qa")).tables.find((x) => x.name === "t");
  return {
    owner: OWNER,
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: s ? { tableType: s.tableType, format: s.format, lastAltered: s.lastAltered } : undefined,
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
    validate: { rowCounts: true, checksums: true, failOnMismatch: true },
    deploymentId: "d1",
    ...over,
  };
}

const sql = (s: string) => engine.execute(s);
const tick = () => new Promise((r) => setTimeout(r, 15)); // last_altered has ms precision
const version = async (t: string) => Number((await sql(`DESCRIBE HISTORY ${t} LIMIT 1`))[0].version);
const ids = async (t: string) => (await sql(`SELECT id FROM ${t} ORDER BY id`)).map((r) => Number(r.id));

/** Every maintenance operation the engine commits (COMMENT ON TABLE → SET TBLPROPERTIES, column comment → CHANGE COLUMN, ANALYZE → COMPUTE STATS). */
async function maintain(table: string): Promise<void> {
  await tick();
  await sql(`OPTIMIZE ${table}`);
  await sql(`COMMENT ON TABLE ${table} IS 'maintained'`);
  await sql(`ALTER TABLE ${table} SET TBLPROPERTIES ('team' = 'data')`);
  await sql(`ALTER TABLE ${table} UNSET TBLPROPERTIES ('team')`);
  await sql(`COMMENT ON COLUMN ${table}.id IS 'the key'`);
  await sql(`ALTER TABLE ${table} ALTER COLUMN v COMMENT 'a value'`);
  await sql(`ANALYZE TABLE ${table} COMPUTE STATISTICS`);
  await sql(`ANALYZE TABLE ${table} COMPUTE DELTA STATISTICS`);
  await sql(`VACUUM ${table}`);
}

async function cloneOnce(sync: SyncMode, over: Partial<TableInputs> = {}): Promise<TableOutputs> {
  const r = await createTable(wh, await inputs({ sync, ...over }));
  wh.take();
  return r.outs;
}

describe("the engine's maintenance commits classify as maintenance", () => {
  it("every operation committed by maintain() since the clone", async () => {
    const before = await version("prod.s.t");
    await maintain("prod.s.t");
    const rows = (await historySince(engine, { catalog: "prod", schema: "s", table: "t" }, before))!;
    expect(rows.length).toBeGreaterThan(8);
    expect(changesSince(rows, before)).toMatchObject({
      kind: "maintenance",
      operations: ["OPTIMIZE", "SET TBLPROPERTIES", "UNSET TBLPROPERTIES", "CHANGE COLUMN", "COMPUTE STATS", "VACUUM START", "VACUUM END"],
    });
  });
});

describe.each(MODES)("%s mode", (mode) => {
  it("source maintenance: no write, the baseline moves once (snapshot: never asked), then no statement", async () => {
    const outs = await cloneOnce(mode);
    await maintain("prod.s.t");
    const news = await inputs({ sync: mode, deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.changes).toBe(false);
    if (mode === "snapshot") {
      // a snapshot never follows its source: the candidate is not worth a statement, now or later
      expect(d).toMatchObject({ rebaseline: false, confirmations: 0 });
      expect(wh.take()).toEqual([]);
      return;
    }
    expect(d.rebaseline).toBe(true);
    expect(d.action.reason).toMatch(
      /^source maintenance \(OPTIMIZE, SET TBLPROPERTIES, UNSET TBLPROPERTIES, CHANGE COLUMN, COMPUTE STATS, VACUUM START, VACUUM END\) since v2: baseline moved to v\d+, no re-clone$/,
    );
    wh.take();
    const after = await updateTable(wh, outs, news);
    expect(wh.take()).toEqual([]); // the diff's confirmation is reused (issue 13): nothing read again, nothing written
    expect(after).toMatchObject({
      sourceVersion: await version("prod.s.t"),
      destinationVersion: outs.destinationVersion,
      changedInDeployment: outs.changedInDeployment, // not a write of this deployment: a gate leaves it alone
      lastAction: "skipped",
    });
    expect(await version("qa.s.t")).toBe(outs.destinationVersion);
    const next = await diffTable(wh, after, await inputs({ sync: mode, deploymentId: "d3" }));
    expect(next).toMatchObject({ changes: false, rebaseline: false, confirmations: 0 });
    expect(wh.take()).toEqual([]);
  });

  it("destination maintenance (predictive optimization on the clone) is not an edit: no repair, grants kept", async () => {
    const outs = await cloneOnce(mode);
    await sql("GRANT SELECT ON TABLE qa.s.t TO `analysts`");
    await maintain("qa.s.t");
    const news = await inputs({ sync: mode, deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d).toMatchObject({ changes: false, rebaseline: true, confirmations: 1 });
    expect(d.action.reason).toMatch(/^destination maintenance \(OPTIMIZE, .*VACUUM END\) since v0: not an edit, baseline moved to v\d+, no repair$/);
    wh.take();
    const after = await updateTable(wh, outs, news);
    // the update records the baseline from the history read the diff made (issue 13: not read twice)
    expect(wh.take()).toEqual([]);
    expect(after).toMatchObject({ destinationVersion: await version("qa.s.t"), sourceVersion: outs.sourceVersion });
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    const grants = await sql("SHOW GRANTS ON TABLE qa.s.t");
    expect(grants.some((g) => g.Principal === "analysts")).toBe(true);
    // refresh does not call it drift either
    expect((await readTable(wh, "qa.s.t", outs)).props.observed).toMatchObject({ exists: true, drift: "none", lastOperation: "VACUUM END" });
    wh.take();
    expect(await diffTable(wh, after, await inputs({ sync: mode, deploymentId: "d3" }))).toMatchObject({ changes: false, rebaseline: false, confirmations: 0 });
    expect(wh.take()).toEqual([]);
  });

  it("a data change after maintenance is still drift, per mode", async () => {
    const outs = await cloneOnce(mode);
    await maintain("prod.s.t");
    await sql("INSERT INTO prod.s.t VALUES (3, 'c')");
    await maintain("qa.s.t");
    await sql("INSERT INTO qa.s.t VALUES (99, 'edit')");
    const news = await inputs({ sync: mode, deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    // snapshot keeps both (and the edit is not maintenance: no baseline moves); the others re-clone the
    // source's data, which replaces the destination edit (full by DROP + CREATE, as for any data drift)
    expect(d).toMatchObject({ changes: mode !== "snapshot", rebaseline: false });
    if (d.changes) await updateTable(wh, outs, news);
    const issued = wh.take();
    expect(issued.some((s) => s.startsWith("DROP TABLE"))).toBe(mode === "full");
    expect(await ids("qa.s.t")).toEqual(mode === "snapshot" ? [1, 2, 99] : [1, 2, 3]);
  });
});

describe("what maintenance can break is still repaired", () => {
  it("selective: a source write hidden under later maintenance re-clones (the newest commit is not all that is read)", async () => {
    const outs = await cloneOnce("selective");
    await tick();
    await sql("INSERT INTO prod.s.t VALUES (3, 'c')");
    await maintain("prod.s.t");
    const news = await inputs({ deploymentId: "d2" });
    expect((await diffTable(wh, outs, news)).action).toMatchObject({ kind: "clone", reason: "source table moved" });
    await updateTable(wh, outs, news);
    expect(await ids("qa.s.t")).toEqual([1, 2, 3]);
  });

  it("a SHALLOW clone whose source files were vacuumed away is re-pointed in place, full mode included (no DROP, grants kept)", async () => {
    const outs = await cloneOnce("full", { cloneType: "SHALLOW" });
    await sql("GRANT SELECT ON TABLE qa.s.t TO `analysts`");
    await tick();
    await sql("OPTIMIZE prod.s.t");
    await sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await sql("VACUUM prod.s.t RETAIN 0 HOURS");
    await expect(sql("SELECT * FROM qa.s.t")).rejects.toThrow(/DELTA_FILE_NOT_FOUND/); // what the re-point repairs
    const news = await inputs({ sync: "full", cloneType: "SHALLOW", deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.action).toMatchObject({ kind: "clone", label: "repaired" });
    expect(d.action.reason).toMatch(/a source VACUUM may have deleted files this shallow clone reads; re-pointed at v\d+/);
    wh.take();
    await updateTable(wh, outs, news);
    const issued = wh.take();
    expect(issued.some((s) => s.startsWith("DROP"))).toBe(false);
    expect(issued.some((s) => /^CREATE OR REPLACE TABLE `qa`.`s`.`t` SHALLOW CLONE/.test(s))).toBe(true);
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    expect((await sql("SHOW GRANTS ON TABLE qa.s.t")).some((g) => g.Principal === "analysts")).toBe(true);
  });

  it("an edit of this stack's markers on the destination is not maintenance: mirror puts them back", async () => {
    const outs = await cloneOnce("mirror");
    await tick();
    await sql("ALTER TABLE qa.s.t UNSET TBLPROPERTIES ('catalog_clone.owner')");
    const news = await inputs({ sync: "mirror", deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.action).toMatchObject({ kind: "clone", label: "repaired" });
    await updateTable(wh, outs, news);
    const props = (await sql("DESCRIBE DETAIL qa.s.t"))[0].properties as Record<string, string>;
    expect(props["catalog_clone.owner"]).toBe(OWNER);
  });

  it("an unknown operation is drift, and the plan says so", async () => {
    const outs = await cloneOnce("mirror");
    const news = await inputs({ sync: "mirror", deploymentId: "d2", sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2030-01-01T00:00:00.000Z" } });
    const rows: Row[] = [
      { version: outs.sourceVersion! + 1, operation: "FROBNICATE", operationParameters: {} },
      { version: outs.sourceVersion!, operation: "WRITE", operationParameters: {} },
    ];
    const fake: Warehouse = { execute: async (s) => (isHistoryRead(s) && s.includes("`prod`") ? rows : wh.execute(s)), close: async () => undefined };
    const d = await diffTable(fake, outs, news);
    expect(d.action).toMatchObject({ kind: "clone", label: "re-cloned" });
    expect(d.action.reason).toBe(`source table moved (unknown operation 'FROBNICATE', treated as data-changing at v${outs.sourceVersion! + 1})`);
  });
});
