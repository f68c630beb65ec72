/**
 * Issue 13: what a table costs in statements, against the embedded engine. A table discovery saw absent
 * is cloned with a plain CREATE (no lookup, no source history read first) and its baseline read after
 * (last_altered, then the clone's history row: three statements); tables written together share those
 * reads (one statement per catalog); a drift confirmed in diff is not read again in update, and a
 * destination whose last_altered did not move is not looked up before its re-clone. The provider's diff
 * leaves a source confirmation that cannot change Pulumi's answer to the update, where the reads of
 * updates started apart wait for each other (readHold.ts) and share one statement per kind. What is never given
 * up for it: a table that appeared since discovery is never overwritten or adopted by that CREATE.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import type { Row, Warehouse } from "../../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";
import { createTable, diffTable, updateTable, type TableDiff } from "../../../provider/resources/table/lifecycle";
import { installRuntime, processRuntime } from "../../../provider/resources/runtime";
import { ReadBatcher } from "../../../provider/resources/readBatcher";
import { Recorder } from "./recordingWarehouse";


let dir: string;
let engine: Warehouse;
let wh: Recorder;
const OWNER = "proj/dev";
const TABLES = ["t0", "t1", "t2", "t3", "t4"];

beforeEach(async () => {
  installRuntime();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "table-budget-"));
  engine = await openLocalDriver(dir);
  wh = new Recorder(engine);
  for (const sql of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await engine.execute(sql);
  for (const t of TABLES) {
    await engine.execute(`CREATE TABLE prod.s.${t} (id INT)`);
    await engine.execute(`INSERT INTO prod.s.${t} VALUES (1), (2)`);
  }
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function inputs(table: string, over: Partial<TableInputs> = {}): Promise<TableInputs> {
  const src = await discoverSource(engine, "prod");
  const dst = await discoverDestination(engine, "qa");
  const s = src.tables.find((x) => x.name === table)!;
  const d = dst.tables.find((x) => x.name === table);
  return {
    owner: OWNER,
    source: { catalog: "prod", schema: "s", table },
    destination: { catalog: "qa", schema: "s", table },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: s.tableType, format: s.format, lastAltered: s.lastAltered },
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
    deploymentId: "d1",
    ...over,
  };
}

const version = async (table: string) => Number((await engine.execute(`DESCRIBE HISTORY ${table} LIMIT 1`))[0].version);
const writes = (s: string[]) => s.filter((x) => !/^(SELECT|DESCRIBE|SHOW)\b/.test(x));

describe("first clone", () => {
  it("a table discovery saw absent: CREATE … CLONE, then last_altered and the clone's history row; the source version is read from the clone", async () => {
    const r = await createTable(wh, await inputs("t0"));
    const issued = wh.take();
    expect(issued).toHaveLength(3);
    expect(issued[0]).toMatch(/^CREATE TABLE `qa`.`s`.`t0` DEEP CLONE `prod`.`s`.`t0` TBLPROPERTIES \('catalog_clone.owner' = 'proj\/dev'/);
    expect(issued[0]).not.toMatch(/VERSION AS OF/);
    expect(issued[1]).toMatch(/last_altered FROM `qa`.information_schema.tables/);
    expect(issued[2]).toMatch(/DESCRIBE HISTORY `qa`.`s`.`t0`/);
    expect(r.outs).toMatchObject({ createdByStack: true, adopted: false, sourceVersion: await version("prod.s.t0"), destinationVersion: await version("qa.s.t0") });
    expect(r.outs.destinationLastAltered).not.toBeNull();
  });

  it("tables cloned together share their baseline reads (one statement per catalog), each recording its own", async () => {
    const all = await Promise.all(TABLES.map(async (t) => inputs(t)));
    wh.take();
    const outs = await Promise.all(all.map((i) => createTable(wh, i)));
    const issued = wh.take();
    expect(issued.filter((s) => /CLONE/.test(s))).toHaveLength(TABLES.length);
    const reads = issued.filter((s) => !/CLONE/.test(s));
    expect(reads.length).toBeLessThan(2 * TABLES.length);
    for (const [i, t] of TABLES.entries()) {
      expect(outs[i].outs.destinationVersion).toBe(await version(`qa.s.${t}`));
      expect(outs[i].outs.sourceVersion).toBe(await version(`prod.s.${t}`));
    }
  });

  it("a table that appeared after discovery is never overwritten nor adopted by the plain CREATE", async () => {
    const stale = await inputs("t0"); // discovery: absent
    await engine.execute("CREATE TABLE qa.s.t0 (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'proj/other')");
    await engine.execute("INSERT INTO qa.s.t0 VALUES (42)");
    const before = await version("qa.s.t0");
    await expect(createTable(wh, stale)).rejects.toThrow(/not the clone this stack sent/);
    expect(writes(wh.take()).every((s) => /^CREATE TABLE /.test(s))).toBe(true); // only the refused CREATE
    expect(await version("qa.s.t0")).toBe(before);
    expect((await engine.execute("SELECT id FROM qa.s.t0")).map((r) => Number(r.id))).toEqual([42]);
  });

  it("its own clone found by the plain CREATE (a run that died before saving state, discovery older than it) is recognised and recorded", async () => {
    const stale = await inputs("t0");
    await createTable(wh, stale);
    const v = await version("qa.s.t0");
    wh.take();
    const again = await createTable(wh, stale);
    expect(again.outs).toMatchObject({ createdByStack: true, adopted: false, destinationVersion: v });
    expect(writes(wh.take()).filter((s) => !/^CREATE TABLE /.test(s))).toEqual([]);
    expect(await version("qa.s.t0")).toBe(v);
  });
});

describe("drift", () => {
  it("source drift: diff confirms once, update re-clones with no read before it but what the diff read", async () => {
    const first = await createTable(wh, await inputs("t0"));
    await new Promise((r) => setTimeout(r, 15));
    await engine.execute("INSERT INTO prod.s.t0 VALUES (3)");
    const news = await inputs("t0", { deploymentId: "d2" });
    wh.take();
    const d = await diffTable(wh, first.outs, news);
    expect(d).toMatchObject({ changes: true, confirmations: 1 });
    expect(wh.take()).toHaveLength(1);
    const after = await updateTable(wh, first.outs, news);
    const issued = wh.take();
    expect(issued[0]).toMatch(/^CREATE OR REPLACE TABLE `qa`.`s`.`t0` DEEP CLONE `prod`.`s`.`t0` VERSION AS OF \d+/);
    expect(issued).toHaveLength(3); // the re-clone and its baseline (last_altered, history)
    expect(after).toMatchObject({ lastAction: "re-cloned", previousVersion: first.outs.destinationVersion, destinationVersion: await version("qa.s.t0") });
    expect((await engine.execute("SELECT id FROM qa.s.t0 ORDER BY id")).map((r) => Number(r.id))).toEqual([1, 2, 3]);
    // converged
    expect((await diffTable(wh, after, await inputs("t0", { deploymentId: "d3" }))).changes).toBe(false);
  });
});

describe("drift left to the update (the provider's diff)", () => {
  it("diff reads nothing for a source candidate; updates started apart share the confirmation and the baseline reads", async () => {
    const drifted = ["t0", "t2", "t4"];
    const firsts = await Promise.all(drifted.map(async (t) => (await createTable(wh, await inputs(t))).outs));
    await new Promise((r) => setTimeout(r, 15));
    for (const t of drifted) await engine.execute(`INSERT INTO prod.s.${t} VALUES (3)`);
    const news = await Promise.all(drifted.map((t) => inputs(t, { deploymentId: "d2" })));
    wh.take();
    const runtime = processRuntime();
    const said: string[] = [];
    // As the engine plans: each table's check and diff, then its update starts at once, the next table
    // planned a while later; the updates' reads wait for each other (readHold.ts).
    const updates: Promise<TableOutputs>[] = [];
    for (const [i, t] of drifted.entries()) {
      runtime.readHold.touch();
      const d = await diffTable(wh, firsts[i], news[i], { deferSource: true });
      expect(d).toMatchObject({ changes: true, confirmations: 0, deferred: "source", action: { kind: "clone" } });
      expect(wh.take()).toEqual([]);
      updates.push(runtime.readHold.update(() => updateTable(wh, firsts[i], news[i], { announce: (x) => said.push(`${t}: ${x.action.kind} (${x.action.reason})`) })));
      await new Promise((r) => setTimeout(r, 100));
    }
    const outs = await Promise.all(updates);
    const issued = wh.take();
    expect(issued.filter((s) => /CLONE/.test(s))).toHaveLength(3);
    const reads = issued.filter((s) => !/CLONE/.test(s));
    expect(reads).toHaveLength(3); // the three confirmations, then last_altered, then the clones' history rows
    expect(reads[0]).toMatch(/^SELECT '0' AS table_key.*DESCRIBE HISTORY `prod`.`s`.`t0`.*UNION ALL.*`prod`.`s`.`t4`/);
    expect(reads[1]).toMatch(/last_altered FROM `qa`.information_schema.tables/);
    expect(reads[2]).toMatch(/DESCRIBE HISTORY `qa`.`s`.`t0` LIMIT 1.*UNION ALL/);
    for (const [i, t] of drifted.entries()) {
      expect(outs[i]).toMatchObject({ lastAction: "re-cloned", sourceVersion: await version(`prod.s.${t}`), destinationVersion: await version(`qa.s.${t}`) });
      expect((await engine.execute(`SELECT id FROM qa.s.${t} ORDER BY id`)).map((r) => Number(r.id))).toEqual([1, 2, 3]);
    }
    expect(said.sort()).toEqual(drifted.map((t) => `${t}: clone (source table moved)`));
  });

  it("maintenance only: the update's one read records the new baseline, writes nothing, and says so", async () => {
    const first = (await createTable(wh, await inputs("t1"))).outs;
    await new Promise((r) => setTimeout(r, 15));
    await engine.execute("COMMENT ON TABLE prod.s.t1 IS 'reviewed'");
    const news = await inputs("t1", { deploymentId: "d2" });
    wh.take();
    const d = await diffTable(wh, first, news, { deferSource: true });
    expect(d).toMatchObject({ changes: true, deferred: "source" });
    const said: TableDiff[] = [];
    const after = await processRuntime().readHold.update(() => updateTable(wh, first, news, { announce: (x) => said.push(x) }));
    const issued = wh.take();
    expect(issued).toHaveLength(1);
    expect(writes(issued)).toEqual([]);
    expect(said).toMatchObject([{ rebaseline: true, action: { kind: "none", reason: expect.stringMatching(/^source maintenance \(SET TBLPROPERTIES\)/) } }]);
    expect(after).toMatchObject({ lastAction: "skipped", sourceVersion: await version("prod.s.t1") });
    expect((await diffTable(wh, after, await inputs("t1", { deploymentId: "d3" }), { deferSource: true })).changes).toBe(false);
  });

  it("a source candidate whose answer depends on its history is still confirmed in diff (no last_altered: nothing to record)", async () => {
    const first = (await createTable(wh, await inputs("t3"))).outs;
    const news = await inputs("t3", { deploymentId: "d2" });
    const blind = { ...news, sourceFingerprint: { ...news.sourceFingerprint!, lastAltered: "" } };
    wh.take();
    const d = await diffTable(wh, first, blind, { deferSource: true });
    expect(d).toMatchObject({ changes: false, confirmations: 1 });
    expect(d.deferred).toBeUndefined();
    expect(wh.take()).toHaveLength(1);
  });
});

describe("HistoryBatcher", () => {
  it("a batch holding a missing table is read table by table: the missing one is null, the others answered", async () => {
    const { HistoryBatcher } = await import("../../../provider/resources/table/historyBatch");
    const h = new HistoryBatcher();
    const ref = (table: string) => ({ catalog: "prod", schema: "s", table });
    const [a, gone, b] = await Promise.all([h.newest(wh, ref("t0")), h.newest(wh, ref("nope")), h.since(wh, ref("t1"), 0)]);
    expect(a?.version).toBe(await version("prod.s.t0"));
    expect(gone).toBeNull();
    expect(b?.map((r) => r.version)).toEqual([1, 0]);
    const two = await Promise.all([h.newest(wh, ref("t0")), h.newest(wh, ref("t1"))]);
    expect(two.map((r) => r?.version)).toEqual([await version("prod.s.t0"), await version("prod.s.t1")]);
    expect(wh.take().filter((s) => /UNION ALL/.test(s)).length).toBeGreaterThan(0);
  });
});

describe("ReadBatcher", () => {
  it("requests pending together share one send; one made while a batch is in flight waits for the next", async () => {
    const sent: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new ReadBatcher<number, number>(
      async (_wh, _g, reqs) => {
        sent.push(reqs);
        if (sent.length === 1) await gate;
        return reqs.map((x) => x * 10);
      },
      { windowMs: 5, maxBatch: 10 },
    );
    const fake = {} as Warehouse;
    const first = [b.read(fake, "c", 1), b.read(fake, "c", 2)];
    await new Promise((r) => setTimeout(r, 20)); // the first batch is in flight now
    const later = [b.read(fake, "c", 3), b.read(fake, "c", 4)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40]);
    expect(sent).toEqual([[1, 2], [3, 4]]);
  });
});
