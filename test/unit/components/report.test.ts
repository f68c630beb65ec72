import { describe, expect, it } from "vitest";
import { resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { planClone } from "../../../components/catalogClone/plan";
import { buildReport, describePlan, type TableOutcome } from "../../../components/catalogClone/report";

const T = "2026-01-01T00:00:00.000Z";
const args = resolveCatalogCloneArgs("qa", { source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" });
const plan = planClone(
  args,
  {
    catalog: "prod",
    exists: true,
    schemas: ["s"],
    tables: [
      { schema: "s", name: "a", tableType: "MANAGED", format: "DELTA", lastAltered: T },
      { schema: "s", name: "b", tableType: "MANAGED", format: "DELTA", lastAltered: T },
      { schema: "s", name: "st", tableType: "STREAMING_TABLE", format: null, lastAltered: T },
    ],
  },
  {
    catalog: "qa",
    exists: true,
    schemas: ["s"],
    tables: [
      { schema: "s", name: "old", tableType: "MANAGED", format: "DELTA", lastAltered: T },
      { schema: "s", name: "scratch", tableType: "MANAGED", format: "DELTA", lastAltered: T },
      { schema: "s", name: "theirs", tableType: "MANAGED", format: "DELTA", lastAltered: T },
    ],
  },
  {
    owner: "catalog-clone/qa",
    tables: new Map([
      ["s.old", { kind: "read", owner: "catalog-clone/qa", source: "prod.s.old" }],
      ["s.scratch", { kind: "read", owner: null, source: null }],
      ["s.theirs", { kind: "read", owner: "catalog-clone/dev", source: "prod.s.theirs" }],
    ]),
  },
);
/** This run started at RUN; outputs produced before it are an earlier run's. */
const RUN = Date.parse("2026-02-01T10:00:00Z");
const THIS_RUN = "2026-02-01T10:00:05.000Z";
const EARLIER = "2026-01-31T09:00:00.000Z";
const run = { startedAt: RUN, dryRun: false };
const outcome = (name: string, over: Partial<TableOutcome>): TableOutcome => ({
  name,
  ranAt: THIS_RUN,
  runCopiedBytes: over.metrics === undefined ? 100 : (over.metrics?.copiedBytes ?? 0),
  totalCopiedBytes: 100,
  lastAction: "cloned",
  lastReason: "new",
  sourceVersion: 2,
  destinationVersion: 0,
  adopted: false,
  createdByStack: true,
  metrics: { copiedBytes: 100, copiedFiles: 1, sourceBytes: 100 },
  validation: { matched: true, sourceRows: 3, destinationRows: 3 },
  ...over,
});

describe("clone report", () => {
  it("counts actions, sums copied bytes, lists skips/retained and validation mismatches", () => {
    const r = buildReport(
      plan,
      { adopted: false, createdByStack: true },
      [
        outcome("s.a", {}),
        outcome("s.b", { lastAction: "re-cloned", metrics: { copiedBytes: 40, copiedFiles: 1, sourceBytes: 140 }, validation: { matched: false, sourceRows: 3, destinationRows: 2 } }),
        outcome("s.old", { lastAction: "skipped", metrics: null, validation: null }),
      ],
      { verdict: "reported", mismatchPct: 50 },
      run,
    );
    expect(r.counts).toEqual({ cloned: 1, "re-cloned": 1, skipped: 1, notCloned: 1, retained: 1, foreign: 2 });
    expect(r.bytesCopied).toBe(140);
    expect(r.skipped).toEqual([{ name: "s.st", tableType: "STREAMING_TABLE", reason: "STREAMING_TABLE", detail: expect.stringContaining("pipeline") }]);
    expect(r.retained).toEqual([{ name: "s.old", because: "gone from source" }]);
    expect(r.foreign).toEqual([
      { name: "s.scratch", tableType: "MANAGED", owner: null, because: "not created by this stack" },
      { name: "s.theirs", tableType: "MANAGED", owner: "catalog-clone/dev", because: "belongs to stack catalog-clone/dev" },
    ]);
    expect(r.warnings).toEqual([expect.stringMatching(/^2 destination objects not created by this stack are left alone .*: s\.scratch \(not created by this stack\), s\.theirs/)]);
    expect(r.validation).toEqual({ validatedTables: 2, mismatchedTables: ["s.b"], failedTables: [], gate: { verdict: "reported", mismatchPct: 50 } });
    expect(r.tables.find((t) => t.name === "s.b")).toMatchObject({ action: "re-cloned", copiedBytes: 40, rowsMatched: false });
  });

  it("shows unknown outputs (preview) as pending", () => {
    const r = buildReport(
      plan,
      { adopted: undefined, createdByStack: undefined },
      [outcome("s.a", { known: false, lastAction: undefined, metrics: undefined, validation: undefined })],
      null,
      { startedAt: RUN, dryRun: true },
    );
    expect(r.counts.pending).toBe(1);
    expect(r.destinationCatalog).toEqual({ adopted: false, createdByStack: false });
  });

  // issue 8 §6: the report shows THIS run's decision per table; an untouched table used to keep "cloned: new table".
  it("a table Pulumi left untouched this run is `unchanged` (its last run's action kept aside), and copied 0 bytes this run", () => {
    const r = buildReport(
      plan,
      { adopted: false, createdByStack: true },
      [
        outcome("s.a", { ranAt: EARLIER, lastAction: "cloned", lastReason: "new table", runCopiedBytes: 100, totalCopiedBytes: 100 }),
        outcome("s.b", { ranAt: undefined, lastAction: "cloned", lastReason: "new table", runCopiedBytes: undefined, totalCopiedBytes: undefined, metrics: { copiedBytes: 70, copiedFiles: 1, sourceBytes: 70 } }),
      ],
      null,
      run,
    );
    expect(r.counts).toMatchObject({ unchanged: 2 });
    expect(r.counts.cloned).toBeUndefined();
    expect(r.tables[0]).toMatchObject({ name: "s.a", action: "unchanged", copiedBytes: 0, copiedBytesTotal: 100, last: { action: "cloned", reason: "new table", at: EARLIER } });
    // state written before ranAt/totalCopiedBytes existed: unchanged, the recorded clone's bytes as the cumulative figure
    expect(r.tables[1]).toMatchObject({ name: "s.b", action: "unchanged", copiedBytes: 0, copiedBytesTotal: 70 });
    expect(r.bytesCopied).toBe(0);
    expect(r.bytesCopiedTotal).toBe(170);
  });

  it("bytesCopied is what this run copied (an incremental re-clone's copied files), bytesCopiedTotal the cumulative figure", () => {
    const r = buildReport(
      plan,
      { adopted: false, createdByStack: true },
      [
        outcome("s.a", { lastAction: "re-cloned", runCopiedBytes: 30, totalCopiedBytes: 130, metrics: { copiedBytes: 30, copiedFiles: 1, sourceBytes: 130 } }),
        outcome("s.b", { lastAction: "skipped", lastReason: "maintenance only", runCopiedBytes: 0, totalCopiedBytes: 100 }),
      ],
      null,
      run,
    );
    expect(r.tables.map((t) => [t.name, t.action, t.copiedBytes, t.copiedBytesTotal])).toEqual([
      ["s.a", "re-cloned", 30, 130],
      ["s.b", "skipped", 0, 100],
    ]);
    expect([r.bytesCopied, r.bytesCopiedTotal]).toEqual([30, 230]);
  });

  it("a table whose step failed this run (outputs left unknown by the engine) is `failed`; a failed validation gate is a warning", () => {
    const r = buildReport(
      plan,
      { adopted: false, createdByStack: true },
      [outcome("s.a", {}), outcome("s.b", { known: false, lastAction: undefined, metrics: undefined, validation: undefined })],
      { verdict: "failed", mismatchPct: null },
      run,
    );
    expect(r.tables[1]).toMatchObject({ name: "s.b", action: "failed", reason: expect.stringContaining("its error says what this deployment did") });
    expect(r.validation.failedTables).toEqual(["s.b"]);
    expect(r.counts).toMatchObject({ cloned: 1, failed: 1 });
    expect(r.warnings.join("\n")).toMatch(/the validation gate failed/);
  });

  it("describes the plan for humans", () => {
    const text = describePlan(plan);
    expect(text.split("\n")[0]).toBe("prod → qa (destination exists): 2 table(s) in 1 schema(s), 1 skipped, 1 retained, 2 foreign");
    expect(text).toContain("skip s.st [STREAMING_TABLE]");
    expect(text).toContain("keep s.old (gone from source; dropExtra is off)");
    expect(text).toContain("leave s.scratch (left alone: not created by this stack)");
    expect(text).toContain("leave s.theirs (left alone: belongs to stack catalog-clone/dev)");
  });
});
