/**
 * The table handler's lifecycle against the embedded engine (no Pulumi engine): every assertion is on
 * the resulting catalog (rows, versions, grants, TBLPROPERTIES) or on the statements issued.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import { isObjectNotFound, WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";
import { discoverDestination, discoverSource } from "../../../components/catalogClone/discovery";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";
import type { SyncMode } from "../../../provider/vocabulary/syncMode";
import { createTable, deleteTable, diffTable, readTable, updateTable } from "../../../provider/resources/table/lifecycle";
import { PartialStateError } from "../../../provider/resources/partialState";
import { evaluateGate } from "../../../provider/resources/validationGate/lifecycle";
import { Recorder } from "./recordingWarehouse";

/** Counts statements and can run a hook before/after matching statements (fault injection at the boundary). */

let dir: string;
let engine: Warehouse;
let wh: Recorder;
const OWNER = "proj/dev";

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "table-lifecycle-"));
  engine = await openLocalDriver(dir);
  wh = new Recorder(engine);
  for (const sql of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.s",
    "CREATE TABLE prod.s.t (id INT, v STRING)",
    "INSERT INTO prod.s.t VALUES (1, 'a'), (2, 'b')",
    "CREATE CATALOG qa",
    "CREATE SCHEMA qa.s",
  ])
    await engine.execute(sql);
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The inputs the component would build from discovery now. */
async function inputs(over: Partial<TableInputs> = {}, table = "t"): Promise<TableInputs> {
  const src = await discoverSource(engine, "prod");
  const dst = await discoverDestination(engine, "qa");
  const s = src.tables.find((x) => x.schema === "s" && x.name === table);
  const d = dst.tables.find((x) => x.schema === "s" && x.name === table);
  return {
    owner: OWNER,
    source: { catalog: "prod", schema: "s", table },
    destination: { catalog: "qa", schema: "s", table },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: s ? { tableType: s.tableType, format: s.format, lastAltered: s.lastAltered } : undefined,
    destinationFingerprint: d ? { exists: true, lastAltered: d.lastAltered, tableType: d.tableType } : { exists: false },
    validate: { rowCounts: true, checksums: true, failOnMismatch: true },
    deploymentId: "d1",
    ...over,
  };
}

async function rows(sql: string): Promise<Row[]> {
  return engine.execute(sql);
}
async function ids(table: string): Promise<number[]> {
  return (await rows(`SELECT id FROM ${table} ORDER BY id`)).map((r) => Number(r.id));
}
async function version(table: string): Promise<number> {
  return Number((await rows(`DESCRIBE HISTORY ${table} LIMIT 1`))[0].version);
}
async function sleepTick() {
  await new Promise((r) => setTimeout(r, 15)); // last_altered has ms precision: make writes distinguishable
}

async function cloneOnce(sync: SyncMode = "selective", over: Partial<TableInputs> = {}): Promise<TableOutputs> {
  const r = await createTable(wh, await inputs({ sync, ...over }));
  wh.take();
  return r.outs;
}

describe("create", () => {
  it("clones a new table with markers, records versions and validates at the cloned source version", async () => {
    const r = await createTable(wh, await inputs());
    expect(r.id).toBe("qa.s.t");
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    expect(r.outs).toMatchObject({ createdByStack: true, adopted: false, preCloneVersion: null, lastAction: "cloned", rolledBack: false });
    expect(r.outs.sourceVersion).toBe(await version("prod.s.t"));
    expect(r.outs.destinationVersion).toBe(await version("qa.s.t"));
    expect(r.outs.validation).toMatchObject({ sourceRows: 2, destinationRows: 2, matched: true });
    const props = (await rows("DESCRIBE DETAIL qa.s.t"))[0].properties as Record<string, string>;
    expect(props["catalog_clone.owner"]).toBe(OWNER);
    expect(props["catalog_clone.source"]).toBe("prod.s.t");
    expect(wh.statements.some((s) => /^CREATE TABLE .*DEEP CLONE/.test(s))).toBe(true);
  });

  it("adopts a pre-existing table, and delete restores it to its pre-clone version", async () => {
    await rows("CREATE TABLE qa.s.t (id INT, v STRING)");
    await rows("INSERT INTO qa.s.t VALUES (99, 'mine')");
    const before = await version("qa.s.t");
    const r = await createTable(wh, await inputs());
    expect(r.outs).toMatchObject({ adopted: true, createdByStack: false, preCloneVersion: before, lastAction: "adopted" });
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    expect(await deleteTable(wh, r.outs)).toBe("restored");
    expect(await ids("qa.s.t")).toEqual([99]);
    expect(await ids("prod.s.t")).toEqual([1, 2]); // source untouched
  });

  it("records an identical clone of its own left by a crashed run without cloning again", async () => {
    await createTable(wh, await inputs());
    const v = await version("qa.s.t");
    wh.take();
    // the state was lost (killed before it was saved): create again
    const again = await createTable(wh, await inputs());
    expect(again.outs).toMatchObject({ createdByStack: true, adopted: false, destinationVersion: v });
    expect(again.outs.lastReason).toMatch(/resumed/);
    expect(wh.take().filter((s) => /^(CREATE|DROP|RESTORE)/.test(s))).toEqual([]);
    // the source moved meanwhile: the leftover clone is re-cloned incrementally instead
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    const moved = await createTable(wh, await inputs());
    expect(wh.take().filter((s) => /CLONE/.test(s))).toHaveLength(1);
    expect(moved.outs.createdByStack).toBe(true);
    expect(await deleteTable(wh, moved.outs)).toBe("dropped");
    await expect(rows("SELECT * FROM qa.s.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it("refuses a table carrying another stack's marker and touches nothing", async () => {
    await rows("CREATE TABLE qa.s.t (id INT, v STRING) TBLPROPERTIES ('catalog_clone.owner' = 'proj/other')");
    const v = await version("qa.s.t");
    await expect(createTable(wh, await inputs())).rejects.toThrow(/CATALOG_CLONE_OWNED_BY_ANOTHER_STACK/);
    expect(await version("qa.s.t")).toBe(v);
  });

  it("a transient error on the adoption lookup fails the create and never drops or replaces", async () => {
    await rows("CREATE TABLE qa.s.t (id INT, v STRING)");
    await rows("INSERT INTO qa.s.t VALUES (99, 'mine')");
    wh.before.push((sql) => {
      if (/^DESCRIBE HISTORY `qa`/.test(sql))
        throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] busy SQLSTATE: 08000" });
    });
    await expect(createTable(wh, await inputs())).rejects.toThrow(/TEMPORARILY_UNAVAILABLE/);
    expect(wh.statements.filter((s) => /^(DROP|CREATE|RESTORE)/.test(s))).toEqual([]);
    expect(await ids("qa.s.t")).toEqual([99]);
  });
});

describe("diff and update", () => {
  it("a no-drift diff issues no statement", async () => {
    const outs = await cloneOnce();
    const d = await diffTable(wh, outs, await inputs({ deploymentId: "d2" }));
    expect(d.changes).toBe(false);
    expect(wh.take()).toEqual([]);
  });

  it("source drift: one confirmation, then an incremental CREATE OR REPLACE that keeps destination grants", async () => {
    const outs = await cloneOnce();
    await rows("GRANT SELECT ON TABLE qa.s.t TO `analysts`");
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    const news = await inputs({ deploymentId: "d2" });
    wh.take();
    const d = await diffTable(wh, outs, news);
    // the GRANT moved the destination's last_altered too: both sides are confirmed (one statement each)
    expect(d).toMatchObject({ changes: true, confirmations: 2, action: { kind: "clone", label: "re-cloned" } });
    expect(wh.take().every((s) => /^(DESCRIBE HISTORY|SELECT .* FROM \(DESCRIBE HISTORY)/.test(s))).toBe(true); // read-only history reads
    const after = await updateTable(wh, outs, news);
    const issued = wh.take();
    expect(issued.some((s) => /^CREATE OR REPLACE TABLE `qa`.`s`.`t` DEEP CLONE/.test(s))).toBe(true);
    expect(issued.some((s) => /^DROP/.test(s))).toBe(false);
    expect(await ids("qa.s.t")).toEqual([1, 2, 3]);
    expect(after).toMatchObject({ lastAction: "re-cloned", changedInDeployment: "d2", previousVersion: outs.destinationVersion });
    const grants = await rows("SHOW GRANTS ON TABLE qa.s.t");
    expect(grants.some((g) => g.Principal === "analysts" && g.ActionType === "SELECT")).toBe(true);
    // converged: the next diff is statement-free and empty
    expect((await diffTable(wh, after, await inputs({ deploymentId: "d3" }))).changes).toBe(false);
    expect(wh.take()).toEqual([]);
  });

  it("a metadata-only source change is confirmed as no drift", async () => {
    const outs = await cloneOnce();
    await sleepTick();
    await rows("COMMENT ON TABLE prod.s.t IS 'just a comment'");
    const news = await inputs({ deploymentId: "d2" });
    if (news.sourceFingerprint!.lastAltered === outs.clonedSourceLastAltered) return; // engine does not bump it: nothing to confirm
    const d = await diffTable(wh, outs, news);
    expect(d.changes).toBe(false);
    // one read of the commits since the cloned version, found to be maintenance only: nothing to write,
    // but the baseline moves (Pulumi runs update, which records it without any SQL beyond that read)
    expect(d).toMatchObject({ confirmations: 1, rebaseline: true, action: { kind: "none" } });
    expect(d.action.reason).toMatch(/^source maintenance \(SET TBLPROPERTIES\) since v\d+: baseline moved to v\d+, no re-clone$/);
    wh.take();
    const after = await updateTable(wh, outs, news);
    expect(wh.take().every((s) => /^SELECT .* FROM \(DESCRIBE HISTORY/.test(s))).toBe(true);
    expect(after).toMatchObject({ sourceVersion: await version("prod.s.t"), clonedSourceLastAltered: news.sourceFingerprint!.lastAltered, destinationVersion: outs.destinationVersion, lastAction: "skipped" });
    // the next diff is statement-free again
    expect(await diffTable(wh, after, await inputs({ deploymentId: "d3" }))).toMatchObject({ changes: false, rebaseline: false, confirmations: 0 });
    expect(wh.take()).toEqual([]);
  });

  it.each([
    ["snapshot", false, [1, 2, 99]],
    ["selective", false, [1, 2, 99]],
    ["mirror", true, [1, 2]],
    ["full", true, [1, 2]],
  ] as const)("destination written out of band, %s: re-clone=%s", async (mode, recl, expected) => {
    const outs = await cloneOnce(mode);
    await sleepTick();
    await rows("INSERT INTO qa.s.t VALUES (99, 'edit')");
    const news = await inputs({ sync: mode, deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.changes).toBe(recl);
    if (d.changes) {
      await updateTable(wh, outs, news);
      const issued = wh.take();
      expect(issued.some((s) => /^DROP TABLE/.test(s))).toBe(mode === "full");
    }
    expect(await ids("qa.s.t")).toEqual(expected);
  });

  it.each([
    ["snapshot", [1, 2]],
    ["selective", [1, 2, 3]],
    ["mirror", [1, 2, 3]],
    ["full", [1, 2, 3]],
  ] as const)("source drift, %s", async (mode, expected) => {
    const outs = await cloneOnce(mode);
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    const news = await inputs({ sync: mode, deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    if (d.changes) await updateTable(wh, outs, news);
    expect(await ids("qa.s.t")).toEqual(expected);
  });

  it("full mode never DROPs an adopted table: it re-clones in place so destroy can still restore it", async () => {
    await rows("CREATE TABLE qa.s.t (id INT, v STRING)");
    await rows("INSERT INTO qa.s.t VALUES (99, 'mine')");
    const outs = await cloneOnce("full");
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    const after = await updateTable(wh, outs, await inputs({ sync: "full", deploymentId: "d2" }));
    const issued = wh.take();
    expect(issued.some((s) => s.startsWith("DROP"))).toBe(false);
    expect(issued.some((s) => s.startsWith("CREATE OR REPLACE TABLE `qa`.`s`.`t`"))).toBe(true);
    expect(await ids("qa.s.t")).toEqual([1, 2, 3]);
    expect(await deleteTable(wh, after)).toBe("restored");
    expect(await ids("qa.s.t")).toEqual([99]);
  });

  it("a time-travel pinned clone never drifts from the source", async () => {
    const v = await version("prod.s.t");
    const outs = await cloneOnce("mirror", { asOf: { version: v } });
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    const d = await diffTable(wh, outs, await inputs({ sync: "mirror", asOf: { version: v }, deploymentId: "d2" }));
    expect(d.changes).toBe(false);
    expect(wh.take()).toEqual([]);
  });

  it("a dropped destination is repaired; a snapshot is repaired at the version first cloned", async () => {
    const outs = await cloneOnce("snapshot");
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    await rows("DROP TABLE qa.s.t");
    const news = await inputs({ sync: "snapshot", deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.action).toMatchObject({ kind: "clone", label: "repaired", at: "recorded" });
    const after = await updateTable(wh, outs, news);
    expect(after.lastAction).toBe("repaired");
    expect(await ids("qa.s.t")).toEqual([1, 2]);
  });

  it("a snapshot repaired at the version first cloned follows the source once the table leaves snapshot mode", async () => {
    // The repair clones the recorded source version, older than the source's last_altered now: recording that
    // last_altered with it would hide the source writes in between from every later drift check.
    const outs = await cloneOnce("snapshot");
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    await rows("DROP TABLE qa.s.t");
    const repaired = await updateTable(wh, outs, await inputs({ sync: "snapshot", deploymentId: "d2" }));
    expect(repaired.sourceVersion).toBe(outs.sourceVersion);
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    const snapshot = await diffTable(wh, repaired, await inputs({ sync: "snapshot", deploymentId: "d3" }));
    expect(snapshot).toMatchObject({ changes: false, confirmations: 0 }); // snapshot mode never reads the source
    const selective = await diffTable(wh, repaired, await inputs({ sync: "selective", deploymentId: "d3" }));
    expect(selective.action).toMatchObject({ kind: "clone", label: "re-cloned", at: "current" });
  });

  it("a destination restored to before the clone is repaired in selective mode", async () => {
    await rows("CREATE TABLE qa.s.t (id INT, v STRING)");
    await rows("INSERT INTO qa.s.t VALUES (99, 'mine')");
    const outs = await cloneOnce("selective");
    await sleepTick();
    await rows(`RESTORE TABLE qa.s.t TO VERSION AS OF ${outs.preCloneVersion}`);
    const news = await inputs({ deploymentId: "d2" });
    const d = await diffTable(wh, outs, news);
    expect(d.action).toMatchObject({ kind: "clone", label: "repaired" });
    await updateTable(wh, outs, news);
    expect(await ids("qa.s.t")).toEqual([1, 2]);
  });
});

describe("read (refresh)", () => {
  it("reports out-of-band drop, write and restore without forgetting the recorded baseline", async () => {
    const outs = await cloneOnce();
    expect((await readTable(wh, "qa.s.t", outs)).props.observed).toMatchObject({ exists: true, drift: "none" });
    await rows("INSERT INTO qa.s.t VALUES (99, 'edit')");
    const written = (await readTable(wh, "qa.s.t", outs)).props;
    expect(written.observed).toMatchObject({ drift: "written" });
    expect(written.destinationVersion).toBe(outs.destinationVersion);
    await rows(`RESTORE TABLE qa.s.t TO VERSION AS OF 0`);
    // version 0 IS our clone (created by the stack): restoring to it is a write on top of ours
    expect((await readTable(wh, "qa.s.t", outs)).props.observed?.exists).toBe(true);
    await rows("DROP TABLE qa.s.t");
    const dropped = await readTable(wh, "qa.s.t", outs);
    expect(dropped.id).toBe("qa.s.t");
    expect(dropped.props.observed).toMatchObject({ exists: false, drift: "dropped" });
  });

  it("a failed read is an error, never an absent table", async () => {
    const outs = await cloneOnce();
    wh.before.push(() => {
      throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] busy SQLSTATE: 08000" });
    });
    await expect(readTable(wh, "qa.s.t", outs)).rejects.toThrow(/TEMPORARILY_UNAVAILABLE/);
  });
});

describe("validation and rollback", () => {
  /** A writer that slips a row into the destination right after the clone: a real mismatch. */
  function corruptAfterClone(table = "qa.s.t") {
    let done = false;
    wh.after.push(async (sql) => {
      if (!done && /CLONE/.test(sql) && sql.includes("`qa`")) {
        done = true;
        await engine.execute(`INSERT INTO ${table} VALUES (666, 'corrupt')`);
      }
    });
  }

  it("a mismatching new table is dropped before the error surfaces, with partial state recorded", async () => {
    corruptAfterClone();
    const err = await createTable(wh, await inputs()).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect(err.message).toMatch(/validation mismatch/);
    expect((err as PartialStateError).properties).toMatchObject({ rolledBack: true, destinationVersion: null, createdByStack: true });
    await expect(rows("SELECT * FROM qa.s.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it("a mismatching re-clone restores the previous version", async () => {
    const outs = await cloneOnce();
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    corruptAfterClone();
    const err = await updateTable(wh, outs, await inputs({ deploymentId: "d2" })).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect(await ids("qa.s.t")).toEqual([1, 2]);
    expect(wh.statements.some((s) => s.startsWith("RESTORE TABLE `qa`.`s`.`t` TO VERSION AS OF " + outs.destinationVersion))).toBe(true);
  });

  it("full mode: a recreate's rollback target is 'none' (the DROP took the old versions), so undo drops", async () => {
    const outs = await cloneOnce("full");
    await sleepTick();
    await rows("INSERT INTO prod.s.t VALUES (3, 'c')");
    corruptAfterClone();
    const validate = { rowCounts: true, checksums: false, failOnMismatch: true };
    const err = await updateTable(wh, outs, await inputs({ sync: "full", validate, deploymentId: "d2" })).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect((err as PartialStateError).properties).toMatchObject({ rolledBack: true, previousVersion: null, lastAction: "rolled-back" });
    expect(wh.statements.filter((s) => /^(DROP|CREATE|RESTORE)/.test(s)).map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual([
      "DROP TABLE",
      "CREATE TABLE",
      "DROP TABLE",
    ]);
    await expect(rows("SELECT * FROM qa.s.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it("with a gate a mismatching clone is kept and recorded; the gate keeps it at its threshold and rolls back every changed table above it", async () => {
    await rows("CREATE TABLE prod.s.u (id INT, v STRING)");
    await rows("INSERT INTO prod.s.u VALUES (7, 'x')");
    const validate = { rowCounts: true, checksums: true, failOnMismatch: false };
    corruptAfterClone("qa.s.t");
    const t = (await createTable(wh, await inputs({ validate }, "t"))).outs;
    const u = (await createTable(wh, await inputs({ validate }, "u"))).outs;
    // the gate decides, not the table's own handler: nothing is undone yet
    expect(t).toMatchObject({ rolledBack: false, validation: { matched: false }, lastAction: "cloned", lastReason: expect.stringContaining("the validation gate decides") });
    expect(wh.statements.some((s) => /^(RESTORE|DROP)/.test(s))).toBe(false);
    expect(await ids("qa.s.t")).toEqual([1, 2, 666]);
    expect(u).toMatchObject({ rolledBack: false, validation: { matched: true } });
    const gate = { owner: OWNER, tables: [t, u] };
    // 1 of 2 = 50%: at 50 → reported, the update succeeds and nothing is undone, the mismatch included
    expect((await evaluateGate(wh, { ...gate, autoRollbackAbovePct: 50 }, "d1")).verdict).toBe("reported");
    expect(await ids("qa.s.u")).toEqual([7]);
    expect(await ids("qa.s.t")).toEqual([1, 2, 666]);
    // above: every table changed in this deployment is undone (both created by it → dropped)
    await expect(evaluateGate(wh, { ...gate, autoRollbackAbovePct: 49 }, "d1")).rejects.toThrow(/CATALOG_CLONE_VALIDATION_ROLLBACK/);
    await expect(rows("SELECT * FROM qa.s.u")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    await expect(rows("SELECT * FROM qa.s.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    // the next up sees both as missing and clones them again
    const next = await diffTable(wh, u, await inputs({ validate, deploymentId: "d2" }, "u"));
    expect(next.action).toMatchObject({ kind: "clone", label: "repaired" });
  });
});

describe("delete", () => {
  it("drops created tables, keeps unmarked ones, leaves the source unchanged", async () => {
    const outs = await cloneOnce();
    const srcVersion = await version("prod.s.t");
    expect(await deleteTable(wh, outs)).toBe("dropped");
    expect(await deleteTable(wh, outs)).toBe("absent");
    await rows("CREATE TABLE qa.s.t (id INT)");
    expect(await deleteTable(wh, outs)).toBe("kept");
    expect(await version("prod.s.t")).toBe(srcVersion);
  });

  it("a schema dropped out of band means the table is gone (refresh says so, destroy is not stuck)", async () => {
    const outs = await cloneOnce();
    await rows("DROP SCHEMA qa.s CASCADE");
    expect((await readTable(wh, "qa.s.t", outs)).props.observed).toMatchObject({ exists: false, drift: "dropped" });
    expect(await deleteTable(wh, outs)).toBe("absent");
  });
});

/**
 * The drift baseline a clone records is never later than the clone itself. An outside write to the
 * destination that commits after the CLONE and before the handler has read its baseline (the history and
 * last_altered it records) must still be seen by the next `up` as a write: repaired in mirror and full
 * mode, reported (and kept) in selective mode. Validation can take minutes, so the window is real; here an
 * outside writer is interleaved deterministically at the statement boundary.
 */
describe("an outside write between the clone and its recorded baseline is never recorded as seen", () => {
  /** An outside writer's INSERT into the destination; false when there is no destination table yet. */
  async function outsideWrite(): Promise<boolean> {
    await sleepTick(); // the write must be a later last_altered instant than the clone
    try {
      await rows("INSERT INTO qa.s.t VALUES (666, 'outside')");
      return true;
    } catch (err) {
      if (isObjectNotFound(err)) return false;
      throw err;
    }
  }
  /**
   * The outside writer commits once, right before (or after) the first statement `at` picks by its text and
   * its 1-based index among the statements `wh` sent since. Returns whether the write landed.
   */
  function interleave(at: RegExp | ((sql: string, n: number) => boolean), when: "before" | "after" = "before") {
    const picks = typeof at === "function" ? at : (sql: string) => at.test(sql);
    const done = { tried: false, wrote: false };
    wh.take();
    (when === "before" ? wh.before : wh.after).push(async (sql) => {
      if (done.tried || !picks(sql, wh.statements.length)) return;
      done.tried = true;
      done.wrote = await outsideWrite();
    });
    return done;
  }
  const rowCountsOnly = { rowCounts: true, checksums: false, failOnMismatch: true };
  /** The validation statement: row counts of source and destination at their versions. */
  const VALIDATION = /count\(\*\) AS row_count/;
  const CLONE_INTO_QA = /CLONE `prod`/;

  /** The next `up` (no outside writer): its plan, and the rows after it. */
  async function nextUp(outs: TableOutputs, sync: SyncMode) {
    wh.before = [];
    wh.after = [];
    const news = await inputs({ sync, validate: rowCountsOnly, deploymentId: "d2" });
    const diff = await diffTable(wh, outs, news);
    if (diff.changes) outs = await updateTable(wh, outs, news);
    return { diff, outs, rows: await ids("qa.s.t") };
  }

  it.each(["mirror", "full"] as const)("while validation runs (%s): the next up confirms it and repairs the destination", async (sync) => {
    const outside = interleave(VALIDATION);
    const { outs } = await createTable(wh, await inputs({ sync, validate: rowCountsOnly }));
    expect(outside.wrote).toBe(true);
    expect(outs).toMatchObject({ lastAction: "cloned", rolledBack: false, validation: { matched: true } });
    expect(await ids("qa.s.t")).toEqual([1, 2, 666]);

    const next = await nextUp(outs, sync);
    expect(next.diff).toMatchObject({ changes: true, confirmations: 1, action: { label: "repaired", reason: expect.stringMatching(/written out of band/) } });
    expect(next.rows).toEqual([1, 2]);
    expect(next.outs).toMatchObject({ lastAction: "repaired", rolledBack: false });
    // repaired for good: the following up finds nothing to do, without reading any history
    expect(await diffTable(wh, next.outs, await inputs({ sync, validate: rowCountsOnly, deploymentId: "d3" }))).toMatchObject({
      changes: false,
      rebaseline: false,
      confirmations: 0,
    });
  });

  it("while validation runs (selective): the next up confirms it as a destination edit and keeps it", async () => {
    const outside = interleave(VALIDATION);
    const { outs } = await createTable(wh, await inputs({ sync: "selective", validate: rowCountsOnly }));
    expect(outside.wrote).toBe(true);
    const next = await nextUp(outs, "selective");
    expect(next.diff).toMatchObject({
      changes: false,
      confirmations: 1,
      action: { kind: "none", reason: expect.stringMatching(/written out of band; selective mode keeps destination edits/) },
    });
    expect(next.rows).toEqual([1, 2, 666]);
  });

  it("right after the CLONE, before any read (mirror, no validation): the clone's own version is recorded and the write repaired", async () => {
    const outside = interleave(CLONE_INTO_QA, "after");
    const { outs } = await createTable(wh, await inputs({ sync: "mirror", validate: undefined }));
    expect(outside.wrote).toBe(true);
    // the clone is version 0 of the new table; the outside INSERT (version 1) is not taken for ours
    expect(outs).toMatchObject({
      destinationVersion: 0,
      destinationLastAltered: null,
      lastReason: expect.stringMatching(/v1 \(WRITE\) was committed on top of the clone \(v0\)/),
    });
    const next = await nextUp(outs, "mirror");
    expect(next.diff).toMatchObject({ changes: true, action: { label: "repaired" } });
    expect(next.rows).toEqual([1, 2]);
  });

  it("while a resumed clone is validated (mirror): the next up repairs it", async () => {
    // A run died after its CLONE, before state was saved: the next create finds the identical clone and records it.
    await cloneOnce("mirror");
    const outside = interleave(VALIDATION);
    const { outs } = await createTable(wh, await inputs({ sync: "mirror", validate: rowCountsOnly }));
    expect(outside.wrote).toBe(true);
    expect(outs.lastReason).toMatch(/^resumed: the identical clone/);
    const next = await nextUp(outs, "mirror");
    expect(next.diff).toMatchObject({ changes: true, action: { label: "repaired" } });
    expect(next.rows).toEqual([1, 2]);
  });

  it("while a clone left unverified is verified (mirror): the next up repairs it", async () => {
    // The last run cloned, then a check after the clone failed: its state records the clone as unverified.
    const unverified: TableOutputs = { ...(await cloneOnce("mirror")), unverified: true, destinationLastAltered: null };
    const outside = interleave(VALIDATION);
    const verified = await updateTable(wh, unverified, await inputs({ sync: "mirror", validate: rowCountsOnly, deploymentId: "d2" }));
    expect(outside.wrote).toBe(true);
    expect(verified.lastReason).toMatch(/^verified the clone of source version/);
    const next = await nextUp(verified, "mirror");
    expect(next.diff).toMatchObject({ changes: true, action: { label: "repaired" } });
    expect(next.rows).toEqual([1, 2]);
  });

  it.each(["mirror", "selective"] as const)(
    "at every statement boundary of a first clone (%s, validated), the next up leaves the source's rows, or (selective) reports the outside write it keeps",
    async (sync) => {
      // How many statements a first clone sends when nobody interferes (then start again from nothing).
      await createTable(wh, await inputs({ sync, validate: rowCountsOnly }));
      const quiet = wh.take();
      await rows("DROP TABLE qa.s.t");
      const landed: number[] = [];
      // k = quiet.length + 1: the outside write lands after the create, before the next up.
      for (let k = 1; k <= quiet.length + 1; k++) {
        const outside = interleave((_, n) => n === k);
        let outs: TableOutputs;
        try {
          outs = (await createTable(wh, await inputs({ sync, validate: rowCountsOnly }))).outs;
        } catch (err) {
          if (!(err instanceof PartialStateError)) throw err;
          outs = err.properties as TableOutputs; // what Pulumi records of a failed create
        }
        if (k > quiet.length ? await outsideWrite() : outside.wrote) landed.push(k);
        const next = await nextUp(outs, sync);
        if (next.rows.join() !== "1,2") {
          expect(sync, `boundary ${k}: outside write left in place in ${sync} mode: ${next.diff.action.reason}`).toBe("selective");
          expect(next.diff.action.reason, `boundary ${k}`).toMatch(/written out of band; selective mode keeps destination edits/);
        }
        await rows("DROP TABLE IF EXISTS qa.s.t");
      }
      // The write landed at every boundary after the CLONE that created the table.
      const cloneAt = quiet.findIndex((sql) => CLONE_INTO_QA.test(sql)) + 1;
      expect(landed).toEqual(Array.from({ length: quiet.length + 1 - cloneAt }, (_, i) => cloneAt + 1 + i));
    },
  );
});

describe("validation is never skipped silently", () => {
  /** A warehouse whose DESCRIBE HISTORY rows lack operationParameters.sourceVersion (what Delta records for CLONE). */
  class NoSourceVersion implements Warehouse {
    constructor(readonly inner: Warehouse) {}
    async execute(sql: string): Promise<Row[]> {
      const strip = (p: unknown): unknown => {
        if (typeof p === "string") {
          try {
            const o = JSON.parse(p) as Record<string, unknown>;
            delete o.sourceVersion;
            return JSON.stringify(o);
          } catch {
            return p;
          }
        }
        if (p && typeof p === "object") return Object.fromEntries(Object.entries(p).filter(([k]) => k !== "sourceVersion"));
        return p;
      };
      return (await this.inner.execute(sql)).map((r) => ("operationParameters" in r ? { ...r, operationParameters: strip(r.operationParameters) } : r));
    }
    close(): Promise<void> {
      return this.inner.close();
    }
  }

  it("an unpinned clone whose history does not say which source version it took is kept but reported unverified", async () => {
    const err = await createTable(new NoSourceVersion(wh), await inputs()).catch((e) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect(err.message).toMatch(/not verified: the clone's history row .* does not record the source version it took/);
    expect((err as PartialStateError).properties).toMatchObject({ unverified: true, rolledBack: false, validation: null });
    expect(await ids("qa.s.t")).toEqual(await ids("prod.s.t"));
  });
});
