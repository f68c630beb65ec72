/**
 * The pieces of a readable preview (issue 12): the table's `drift` input derived from the last run's
 * inputs (no statement), the per-table messages a preview and an update attach to each table, and the
 * bytes estimate read from the embedded engine (DESCRIBE DETAIL, new DEEP tables only, previews only).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftSeen } from "../../../provider/resources/table/driftSeen";
import { TableInputs } from "../../../provider/resources/table/inputs";
import { previewTableMessage, upTableMessage } from "../../../components/catalogClone/decisionMessages";
import { ESTIMATE_LIMIT, describeEstimate, estimateCopy } from "../../../components/catalogClone/copyEstimate";
import type { PlannedTable } from "../../../components/catalogClone/plan";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import type { Row, Warehouse } from "../../../provider/warehouse/warehouse";

const inputs = (over: Record<string, unknown> = {}) =>
  TableInputs.parse({
    owner: "p/qa",
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-01T00:00:00.000Z" },
    destinationFingerprint: { exists: true, lastAltered: "2026-01-01T00:00:01.000Z", tableType: "MANAGED" },
    ...over,
  });

describe("driftSeen: what changed since the last run, in words", () => {
  const olds = { ...inputs(), __provider: "x" } as Record<string, unknown>;
  it("is absent when nothing changed (a no-drift run never changes it)", () => {
    expect(driftSeen(olds, inputs())).toBeUndefined();
  });
  it("names a source change with both last_altered values", () => {
    const news = inputs({ sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-02T00:00:00.000Z" } });
    expect(driftSeen(olds, news)).toBe("source changed since the last run (last_altered 2026-01-01T00:00:00.000Z → 2026-01-02T00:00:00.000Z)");
  });
  it("names settings, a dropped destination, and an out-of-band destination change", () => {
    expect(driftSeen(olds, inputs({ cloneType: "SHALLOW", sync: "mirror" }))).toBe("settings changed: cloneType DEEP → SHALLOW, sync selective → mirror");
    expect(driftSeen(olds, inputs({ destinationFingerprint: { exists: false } }))).toBe("destination table was dropped out of band");
    expect(driftSeen(olds, inputs({ destinationFingerprint: { exists: true, lastAltered: "2026-01-03T00:00:00.000Z" } }))).toMatch(/^destination changed since the last run/);
  });
  it("says nothing of the destination the last run created itself", () => {
    const created = { ...olds, destinationFingerprint: { exists: false } };
    expect(driftSeen(created, inputs())).toBeUndefined();
  });
  it("for a table new to the state: nothing when new, adoption when the destination exists", () => {
    expect(driftSeen({ __provider: "x" }, inputs({ destinationFingerprint: { exists: false } }))).toBeUndefined();
    expect(driftSeen({}, inputs())).toMatch(/^destination table exists but is not in this stack's state: adopted/);
  });
});

describe("per-table messages", () => {
  const base = { drift: undefined, lastActionKnown: false, newInDestination: false, sync: "selective" as const, bytes: undefined };
  it("a preview says nothing of an unchanged table (its recorded outputs are known)", () => {
    expect(previewTableMessage({ ...base, lastActionKnown: true, drift: "x" })).toBeUndefined();
  });
  it("a preview names the change and what the sync mode does with it", () => {
    expect(previewTableMessage({ ...base, drift: "source changed since the last run (…)" })).toBe(
      "source changed since the last run (…): re-clone unless its history shows maintenance only (sync selective)",
    );
    expect(previewTableMessage({ ...base, sync: "snapshot", drift: "source changed since the last run (…)" })).toMatch(/kept as first cloned \(sync snapshot\)$/);
    expect(previewTableMessage({ ...base, newInDestination: true, bytes: 1_500_000 })).toBe("clone: not in the destination yet (~1.5 MB to copy)");
  });
  it("an update says what this run did, and nothing of what an earlier run did", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    expect(upTableMessage({ lastAction: "re-cloned", lastReason: "source table moved", ranAt: "2026-01-01T00:00:05Z", runCopiedBytes: 2048 }, start)).toBe(
      "re-cloned: source table moved, 2.0 kB copied",
    );
    expect(upTableMessage({ lastAction: "cloned", lastReason: "new table", ranAt: "2025-12-31T00:00:00Z" }, start)).toBeUndefined();
  });
});

describe("estimateCopy on the embedded engine", () => {
  let dir: string;
  let wh: LocalDriver;
  const statements: string[] = [];
  const counting: () => Promise<Warehouse> = async () => ({
    execute: async (sql: string): Promise<Row[]> => {
      statements.push(sql);
      return wh.execute(sql);
    },
    close: async () => undefined,
  });
  const planned = (table: string, inDestination: boolean): PlannedTable => {
    const t = { schema: "s", name: table, tableType: "MANAGED", format: "DELTA", lastAltered: null };
    return { schema: "s", table, sync: "selective", source: t, destination: inDestination ? t : undefined, reason: "" };
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-estimate-"));
    wh = await openLocalDriver(dir);
    for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.a (id INT)", "INSERT INTO prod.s.a VALUES (1), (2)", "CREATE TABLE prod.s.b (id INT)", "INSERT INTO prod.s.b VALUES (3)", "INSERT INTO prod.s.b VALUES (4)"]) {
      await wh.execute(s);
    }
  });
  afterAll(async () => {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const opts = { sourceCatalog: "prod", cloneType: "DEEP" as const, dryRun: true, copiesNoData: () => false, warehouse: counting };

  it("a preview reads DESCRIBE DETAIL sizeInBytes of the new tables only, in one statement", async () => {
    statements.length = 0;
    const e = await estimateCopy([planned("a", false), planned("b", false), planned("c", true)], opts);
    const size = async (t: string) => Number((await wh.execute(`DESCRIBE DETAIL prod.s.${t}`))[0].sizeInBytes);
    expect(e.perTable).toEqual(new Map([["s.a", await size("a")], ["s.b", await size("b")]]));
    expect(e.totalBytes).toBe((await size("a")) + (await size("b")));
    expect(statements).toHaveLength(1);
    expect(describeEstimate(e, { reclones: 1 })).toBe(
      `bytes expected to be copied: 2 new table(s) copied in full (~${e.totalBytes} B); 1 table(s) to update (re-clones are incremental: bytes known after the clone, in the report)`,
    );
  });
  it("costs no statement with no new table, in an update, for SHALLOW, or past the limit", async () => {
    statements.length = 0;
    expect((await estimateCopy([planned("a", true)], opts)).totalBytes).toBeNull();
    expect((await estimateCopy([planned("a", false)], { ...opts, dryRun: false })).unknown).toBe("sizes are read in a preview only");
    expect((await estimateCopy([planned("a", false)], { ...opts, cloneType: "SHALLOW" })).totalBytes).toBe(0);
    const many = Array.from({ length: ESTIMATE_LIMIT + 1 }, (_, i) => planned(`x${i}`, false));
    expect((await estimateCopy(many, opts)).unknown).toMatch(new RegExp(`sizes not read \\(more than ${ESTIMATE_LIMIT}`));
    expect(statements).toEqual([]);
  });
  it("sizes that cannot be read leave the estimate unknown, never fail the preview", async () => {
    const e = await estimateCopy([planned("a", false), planned("gone", false)], opts);
    expect(e.totalBytes).toBeNull();
    expect(e.unknown).toMatch(/^sizes could not be read \(TABLE_OR_VIEW_NOT_FOUND\)$/);
  });
});
