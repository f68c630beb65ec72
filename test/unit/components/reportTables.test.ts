/**
 * The report's per-table rows read back from state: state keeps no copy of them, so reportTables rebuilds
 * each row from the table resource's outputs and the component's `runStartedAt`, and must give the rows
 * the program's report gave (buildReport) for the same outputs: this run's decisions, unchanged tables
 * with their last write, a table whose step failed (no outputs, or an earlier run's), protected copies.
 */
import { describe, expect, it } from "vitest";
import { buildReport, unknownOutcome, type TableOutcome } from "../../../components/catalogClone/report";
import { reportTables, type StateResource } from "../../../components/catalogClone/reportTables";

const COMPONENT = "urn:pulumi:qa::p::catalog-clone:index:CatalogClone::qa";
const TABLE = "pulumi-nodejs:dynamic/catalog-clone:Table";
const STARTED = "2026-02-01T10:00:00.000Z";
const THIS_RUN = "2026-02-01T10:00:05.000Z";
const EARLIER = "2026-01-31T09:00:00.000Z";

/** A table resource's outputs as the table handler records them. */
function tableOutputs(schema: string, table: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    destination: { catalog: "qa", schema, table },
    source: { catalog: "prod", schema, table },
    owner: "p/qa",
    lastAction: "cloned",
    lastReason: "new table",
    sourceVersion: 3,
    destinationVersion: 0,
    adopted: false,
    createdByStack: true,
    metrics: { copiedBytes: 194, copiedFiles: 1, removedFiles: 0, sourceBytes: 194 },
    validation: null,
    ranAt: THIS_RUN,
    runCopiedBytes: 194,
    totalCopiedBytes: 194,
    ...over,
  };
}

const child = (type: string, name: string, outputs: Record<string, unknown>): StateResource => ({ urn: `urn:pulumi:qa::p::${type}::qa/${name}`, type, parent: COMPONENT, outputs });
const component = (failedTables: string[] = []): StateResource => ({
  urn: COMPONENT,
  type: "catalog-clone:index:CatalogClone",
  outputs: { destinationCatalog: "qa", runStartedAt: STARTED, report: { validation: { failedTables } } },
});

/** What the program's report reads of the same outputs (CatalogClone.ts outcomes). */
function programOutcome(name: string, o: Record<string, unknown> | undefined): TableOutcome {
  if (!o) return unknownOutcome(name);
  return { name, known: true, ...(o as Omit<TableOutcome, "name">) };
}

/** The report the program builds for these outcomes (a clone of prod into qa this stack created, started at STARTED). */
const programReport = (...outcomes: TableOutcome[]) =>
  buildReport(
    { sourceCatalog: "prod", destinationCatalog: "qa", skipped: [], retained: [], released: [], foreign: [], warnings: [] } as never,
    { adopted: false, createdByStack: true },
    outcomes,
    null,
    { startedAt: Date.parse(STARTED), dryRun: false },
  );

describe("reportTables", () => {
  it("rebuilds the program's rows from the table outputs: this run's decisions and unchanged tables, in name order", () => {
    const cloned = tableOutputs("s", "b");
    const unchanged = tableOutputs("s", "a", { ranAt: EARLIER, runCopiedBytes: 50, totalCopiedBytes: 50 });
    const failedByGate = tableOutputs("s", "c", { lastAction: "failed", lastReason: "not written: INSUFFICIENT_PERMISSIONS", failed: "INSUFFICIENT_PERMISSIONS", runCopiedBytes: 0 });
    const state = [component(["s.c"]), child(TABLE, "s.b", cloned), child(TABLE, "s.a", unchanged), child(TABLE, "s.c", failedByGate)];
    const program = programReport(programOutcome("s.a", unchanged), programOutcome("s.b", cloned), programOutcome("s.c", failedByGate));
    expect(reportTables(state)).toEqual(program.tables);
    expect(reportTables(state).map((r) => [r.name, r.action, r.copiedBytes])).toEqual([
      ["s.a", "unchanged", 0],
      ["s.b", "cloned", 194],
      ["s.c", "failed", 0],
    ]);
  });

  it("byte counts state left out (they equal the last clone's) read as the last clone's bytes, as the program reads them", () => {
    const first = tableOutputs("s", "a", { runCopiedBytes: undefined, totalCopiedBytes: undefined });
    const again = tableOutputs("s", "b", { lastAction: "re-cloned", metrics: { copiedBytes: 106, copiedFiles: 1, removedFiles: 1, sourceBytes: 106 }, runCopiedBytes: undefined, totalCopiedBytes: 300 });
    const skipped = tableOutputs("s", "c", { lastAction: "skipped", runCopiedBytes: 0, totalCopiedBytes: undefined });
    const state = [component(), child(TABLE, "s.a", first), child(TABLE, "s.b", again), child(TABLE, "s.c", skipped)];
    const rows = reportTables(state);
    expect(rows.map((r) => [r.name, r.action, r.copiedBytes, r.copiedBytesTotal])).toEqual([
      ["s.a", "cloned", 194, 194],
      ["s.b", "re-cloned", 106, 300],
      ["s.c", "skipped", 0, 194],
    ]);
    const program = programReport(programOutcome("s.a", first), programOutcome("s.b", again), programOutcome("s.c", skipped));
    expect(rows).toEqual(program.tables);
    expect(program.bytesCopied).toBe(300);
  });

  it("a table whose step failed is failed, whether state has no outputs of it or an earlier run's", () => {
    const earlier = tableOutputs("s", "a", { ranAt: EARLIER });
    const rows = reportTables([component(["s.a", "s.b"]), child(TABLE, "s.a", earlier)]);
    expect(rows.map((r) => [r.name, r.action, r.sourceVersion, r.copiedBytesTotal])).toEqual([
      ["s.a", "failed", null, 0],
      ["s.b", "failed", null, 0],
    ]);
    expect(rows[0].reason).toMatch(/its step failed in this run/);
  });

  it("protected copies follow the tables, their rows matched from the row counts they recorded", () => {
    const copy = { destination: { catalog: "qa", schema: "p", table: "x" }, lastAction: "cloned", lastReason: "new table", createdByStack: true, rows: { source: 2, destination: 1 }, ranAt: THIS_RUN };
    const rows = reportTables([component(), child("pulumi-nodejs:dynamic/catalog-clone:ProtectedTable", "p.x", copy), child(TABLE, "s.a", tableOutputs("s", "a"))]);
    expect(rows.map((r) => [r.name, r.action, r.rowsMatched])).toEqual([
      ["s.a", "cloned", null],
      ["p.x", "cloned", false],
    ]);
  });

  it("only a component's own children, and the rows state written before runStartedAt kept", () => {
    const other: StateResource = { urn: "urn:other", type: "catalog-clone:index:CatalogClone", outputs: { tables: [{ name: "old.row", action: "cloned" }] } };
    const stranger = { ...child(TABLE, "s.z", tableOutputs("s", "z")), parent: "urn:other" };
    expect(reportTables([component(), other, stranger]).map((r) => r.name)).toEqual(["old.row"]);
  });
});
