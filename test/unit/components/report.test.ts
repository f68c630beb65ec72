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
const outcome = (name: string, over: Partial<TableOutcome>): TableOutcome => ({
  name,
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
    expect(r.validation).toEqual({ validatedTables: 2, mismatchedTables: ["s.b"], gate: { verdict: "reported", mismatchPct: 50 } });
    expect(r.tables.find((t) => t.name === "s.b")).toMatchObject({ action: "re-cloned", copiedBytes: 40, rowsMatched: false });
  });

  it("shows unknown outputs (preview) as pending", () => {
    const r = buildReport(plan, { adopted: undefined, createdByStack: undefined }, [outcome("s.a", { lastAction: undefined, metrics: undefined, validation: undefined })], null);
    expect(r.counts.pending).toBe(1);
    expect(r.destinationCatalog).toEqual({ adopted: false, createdByStack: false });
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
