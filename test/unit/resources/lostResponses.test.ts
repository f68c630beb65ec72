/**
 * Every write is safe to re-send (DESIGN §4.9), through the handlers against the embedded engine with
 * its fault hooks: a statement that RAN and then lost its answer (phase "after"), reported either as
 * may-have-run (the retry layer hands it back to the handler) or as a plain transient error (the retry
 * layer re-sends it, and the re-sent CREATE meets the object the first one made). The handler must
 * recognise its own work by the marker its statement carried and finish it, never adopt it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { openFaultyWarehouse } from "./faultyWarehouse";
import type { FaultRule } from "pulumi-uc-clone-local-warehouse";
import type { Warehouse } from "../../../provider/warehouse/warehouse";
import { catalogMarker, createCatalog, deleteCatalog } from "../../../provider/resources/catalog/lifecycle";
import { createSchema, schemaMarker } from "../../../provider/resources/schema/lifecycle";
import { createTable, updateTable } from "../../../provider/resources/table/lifecycle";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";
import { PartialStateError } from "../../../provider/resources/partialState";
import { executeIdempotent } from "../../../provider/resources/idempotentWrite";

const ME = "proj/qa";
let dir: string;
let clean: LocalDriver;
const opened: Warehouse[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lost-responses-"));
  clean = await openLocalDriver(dir);
  for (const sql of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "INSERT INTO prod.s.t VALUES (1), (2)"]) {
    await clean.execute(sql);
  }
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close();
  await clean.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The workspace as the provider sees it: faults, the retry layer (fast), read-only statements re-sendable. */
async function faulty(faults: FaultRule[]): Promise<Warehouse> {
  const { driver, warehouse } = await openFaultyWarehouse(dir, faults);
  opened.push(driver);
  return warehouse;
}

/** A lost answer: the statement ran; the error says it may have (a reset connection). */
const lost = (match: string, extra: Partial<FaultRule> = {}): FaultRule => ({
  match,
  phase: "after",
  errorClass: "NETWORK_ERROR",
  sqlState: "08000",
  mayHaveRun: true,
  times: 1,
  ...extra,
});
/** A lost answer reported as a plain transient error: the retry layer re-sends the statement. */
const resent = (match: string): FaultRule => ({ match, phase: "after", errorClass: "TEMPORARILY_UNAVAILABLE", times: 1 });

const statements = (re: RegExp) => readStatementLog(dir).filter((e) => re.test(e.statement));

describe("catalog and schema: creation survives a lost answer", () => {
  it.each([
    ["may-have-run, handed back to the handler", lost("^CREATE CATALOG")],
    ["transient, re-sent by the retry layer (CATALOG_ALREADY_EXISTS)", resent("^CREATE CATALOG")],
  ])("CREATE CATALOG ran, answer lost (%s): recorded as created by this stack and marked, not adopted", async (_, fault) => {
    const wh = await faulty([fault]);
    const outs = await createCatalog(wh, { owner: ME, name: "qa", comment: "clone of prod" });
    expect(outs).toMatchObject({ adopted: false, createdByStack: true });
    expect(await catalogMarker(clean, "qa")).toBe(ME);
    expect(await deleteCatalog(clean, outs)).toBe("dropped catalog qa");
  });

  it("CREATE CATALOG lost before it ran (may-have-run, nothing there): sent again", async () => {
    const wh = await faulty([lost("^CREATE CATALOG", { phase: "before" })]);
    expect(await createCatalog(wh, { owner: ME, name: "qa" })).toMatchObject({ createdByStack: true, lastAction: "created" });
    expect(statements(/^CREATE CATALOG `qa`/)).toHaveLength(2);
  });

  it("SET TAGS answer lost: re-sent (idempotent), the catalog is marked", async () => {
    const wh = await faulty([lost("^ALTER CATALOG .* SET TAGS")]);
    expect(await createCatalog(wh, { owner: ME, name: "qa" })).toMatchObject({ createdByStack: true, lastAction: "created" });
    expect(await catalogMarker(clean, "qa")).toBe(ME);
  });

  it("marking fails for good and so does removing the new catalog: partial state records it as this stack's, unfinished", async () => {
    const never = { phase: "before" as const, errorClass: "PERMISSION_DENIED", sqlState: "42501", transient: false };
    const wh = await faulty([{ match: "SET TAGS", ...never }, { match: "^DROP CATALOG", ...never }]);
    const err = await createCatalog(wh, { owner: ME, name: "qa" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    expect((err as PartialStateError).properties).toMatchObject({ createdByStack: true, unfinished: true });
    // destroy can remove it: the creation token proves it is ours although the tag is missing
    expect(await deleteCatalog(clean, (err as PartialStateError).properties as never)).toBe("dropped catalog qa");
  });

  it.each([
    ["may-have-run", lost("^CREATE SCHEMA")],
    ["re-sent (SCHEMA_ALREADY_EXISTS)", resent("^CREATE SCHEMA")],
  ])("CREATE SCHEMA ran, answer lost (%s): created by this stack and marked", async (_, fault) => {
    await createCatalog(clean, { owner: ME, name: "qa" });
    const wh = await faulty([fault]);
    expect(await createSchema(wh, { owner: ME, catalog: "qa", name: "s" })).toMatchObject({ adopted: false, createdByStack: true });
    expect(await schemaMarker(clean, "qa", "s")).toBe(ME);
  });
});

function tableInputs(over: Partial<TableInputs> = {}): TableInputs {
  return {
    owner: ME,
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: null },
    destinationFingerprint: { exists: false },
    validate: { rowCounts: true, checksums: false, failOnMismatch: true },
    deploymentId: "d1",
    ...over,
  };
}

describe("table: CREATE TABLE … CLONE is safe to re-send", () => {
  beforeEach(async () => {
    await clean.execute("CREATE CATALOG qa");
    await clean.execute("CREATE SCHEMA qa.s");
  });
  const ids = async () => (await clean.execute("SELECT id FROM qa.s.t ORDER BY id")).map((r) => Number(r.id));

  it.each([
    ["may-have-run", lost("CLONE"), /answer was lost/],
    ["re-sent (TABLE_OR_VIEW_ALREADY_EXISTS)", resent("CLONE"), /re-sent CLONE found this clone/],
  ])("the CLONE ran, answer lost (%s): the clone is recognised by its marker and source version, validated and recorded", async (_, fault, reason) => {
    const wh = await faulty([fault]);
    const { outs } = await createTable(wh, tableInputs());
    expect(outs).toMatchObject({ createdByStack: true, adopted: false, lastAction: "cloned", sourceVersion: 1, rolledBack: false });
    expect(outs.validation).toMatchObject({ matched: true });
    expect(outs.lastReason).toMatch(reason);
    expect(outs.destinationVersion).not.toBeNull();
    expect(await ids()).toEqual([1, 2]);
  });

  it("a lost CLONE that did not run (nothing at the destination) is sent again", async () => {
    const wh = await faulty([lost("CLONE", { phase: "before" })]);
    const { outs } = await createTable(wh, tableInputs());
    expect(outs).toMatchObject({ lastAction: "cloned", rolledBack: false });
    expect(statements(/CLONE/)).toHaveLength(2);
    expect(await ids()).toEqual([1, 2]);
  });

  it("a table someone else created meanwhile is not taken for ours: clean failure, nothing dropped", async () => {
    const wh = await faulty([{ match: "CLONE", phase: "before", errorClass: "NETWORK_ERROR", mayHaveRun: true, times: 1 }]);
    // the CLONE "fails" without running; a user creates the table before the handler looks
    const racing = { execute: async (sql: string) => {
      if (/CLONE/.test(sql)) await clean.execute("CREATE TABLE qa.s.t (id INT)");
      return wh.execute(sql);
    }, close: async () => undefined };
    await expect(createTable(racing, tableInputs())).rejects.toThrow(/not the clone this stack sent/);
    expect(await ids()).toEqual([]); // the user's (empty) table is still there, untouched
  });

  it("a validation query that runs out of retries keeps the good clone (unverified, partial state); the next up verifies it", async () => {
    const wh = await faulty([{ match: "row_count", errorClass: "TEMPORARILY_UNAVAILABLE", times: 50 }]);
    const err = await createTable(wh, tableInputs()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialStateError);
    const recorded = (err as PartialStateError).properties as TableOutputs;
    expect(recorded).toMatchObject({ unverified: true, rolledBack: false, createdByStack: true, validation: null });
    expect(recorded.destinationVersion).not.toBeNull();
    expect((err as Error).message).toMatch(/not verified.*clone is kept/);
    expect(await ids()).toEqual([1, 2]); // not dropped
    const clones = statements(/CLONE/).length;

    const next = await updateTable(clean, recorded, tableInputs({ destinationFingerprint: { exists: true, lastAltered: null } }));
    expect(next.unverified).toBeUndefined();
    expect(next.validation).toMatchObject({ matched: true });
    expect(next.lastReason).toMatch(/verified the clone/);
    expect(statements(/CLONE/).length).toBe(clones); // verified without cloning again
  });

  it("a measured mismatch still rolls back", async () => {
    // the destination is written right after the clone, so the counts differ
    const wh = await faulty([]);
    const writing = { execute: async (sql: string) => {
      const rows = await wh.execute(sql);
      if (/CLONE/.test(sql)) await clean.execute("INSERT INTO qa.s.t VALUES (99)");
      return rows;
    }, close: async () => undefined };
    await expect(createTable(writing, tableInputs())).rejects.toThrow(/validation mismatch/);
    await expect(clean.execute("SELECT * FROM qa.s.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });
});

describe("executeIdempotent", () => {
  it("re-sends a write whose answer was lost; other failures surface at once", async () => {
    await clean.execute("CREATE CATALOG qa");
    const wh = await faulty([lost("^COMMENT ON", { times: 2 })]);
    await executeIdempotent(wh, "COMMENT ON CATALOG qa IS 'x'");
    expect(statements(/^COMMENT ON/)).toHaveLength(3);
    await expect(executeIdempotent(wh, "COMMENT ON CATALOG nope IS 'x'")).rejects.toThrow(/NO_SUCH_CATALOG|CATALOG_NOT_FOUND/);
  });
});

describe("a write that may still be running is never sent again (WarehouseError.mayStillBeRunning)", () => {
  /** Polling gave up, or the statement was cut off in flight: it has not run yet when the handler looks. */
  const stillRunning = (match: string): FaultRule => ({ ...lost(match, { phase: "before" }), errorClass: "DRIVER_RETRIES_EXHAUSTED", mayStillBeRunning: true });
  const OUTCOME_UNKNOWN = /outcome unknown: the statement may still be running on the warehouse; re-run `pulumi up` later/;

  it("CLONE: the destination looks untouched, but the clone may still commit: fails, outcome unknown, one CLONE sent", async () => {
    await clean.execute("CREATE CATALOG qa");
    await clean.execute("CREATE SCHEMA qa.s");
    const wh = await faulty([stillRunning("CLONE")]);
    const err = await createTable(wh, tableInputs()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(OUTCOME_UNKNOWN);
    expect((err as Error).message).toContain("Table qa.s.t: CLONE");
    expect(statements(/CLONE/)).toHaveLength(1);
    // The next up finds what the statement did (here: nothing) and clones.
    const { outs } = await createTable(clean, tableInputs());
    expect(outs).toMatchObject({ lastAction: "cloned", rolledBack: false });
  });

  it("CLONE left running that committed before the handler looked: recognised as this clone, recorded", async () => {
    await clean.execute("CREATE CATALOG qa");
    await clean.execute("CREATE SCHEMA qa.s");
    const wh = await faulty([{ ...stillRunning("CLONE"), phase: "after" }]);
    const { outs } = await createTable(wh, tableInputs());
    expect(outs).toMatchObject({ lastAction: "cloned", rolledBack: false });
    expect(outs.lastReason).toMatch(/answer was lost; the destination holds this clone/);
    expect(statements(/CLONE/)).toHaveLength(1);
  });

  it("CREATE CATALOG: absent, but may still be running: fails, outcome unknown, sent once", async () => {
    const wh = await faulty([stillRunning("^CREATE CATALOG")]);
    const err = await createCatalog(wh, { owner: ME, name: "qa" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(OUTCOME_UNKNOWN);
    expect((err as Error).message).toContain("Catalog qa: CREATE CATALOG");
    expect(statements(/^CREATE CATALOG `qa`/)).toHaveLength(1);
  });

  it("CREATE SCHEMA: absent, but may still be running: fails, outcome unknown, sent once", async () => {
    await createCatalog(clean, { owner: ME, name: "qa" });
    const wh = await faulty([stillRunning("^CREATE SCHEMA")]);
    const err = await createSchema(wh, { owner: ME, catalog: "qa", name: "s" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(OUTCOME_UNKNOWN);
    expect(statements(/^CREATE SCHEMA `qa`\.`s`/)).toHaveLength(1);
  });

  it("executeIdempotent: not re-sent (a late copy could land after the caller's next statements)", async () => {
    await clean.execute("CREATE CATALOG qa");
    const wh = await faulty([stillRunning("^COMMENT ON")]);
    const err = await executeIdempotent(wh, "COMMENT ON CATALOG qa IS 'x'").catch((e: unknown) => e);
    expect(err).toMatchObject({ errorClass: "CATALOG_CLONE_OUTCOME_UNKNOWN", transient: false, mayHaveRun: true, mayStillBeRunning: true });
    expect((err as Error).message).toMatch(OUTCOME_UNKNOWN);
    expect((err as Error).message).toContain("COMMENT ON CATALOG qa IS 'x'");
    expect(statements(/^COMMENT ON/)).toHaveLength(1);
  });
});
