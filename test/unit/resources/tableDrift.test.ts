import { describe, expect, it } from "vitest";
import { destinationVerdict, historyTop, sameInstant, screenDrift, sourceVerdict } from "../../../provider/resources/table/drift";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";
import { planAction, resolveDrift } from "../../../provider/resources/table/syncMode";
import { clonedTableOutputs } from "./clonedTableOutputs";

const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-01-02T00:00:00.000Z";
const D0 = "2026-01-01T00:05:00.000Z";

function inputs(over: Partial<TableInputs> = {}): TableInputs {
  return {
    owner: "proj/dev",
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: T0 },
    destinationFingerprint: { exists: true, lastAltered: D0, tableType: "MANAGED" },
    ...over,
  };
}

function outputs(over: Partial<TableOutputs> = {}): TableOutputs {
  return { ...clonedTableOutputs(inputs(), D0), ...over };
}

describe("screenDrift", () => {
  it("sees nothing when fingerprints equal what the last clone recorded", () => {
    const s = screenDrift(outputs(), inputs());
    expect(s).toEqual({ source: "unchanged", destination: "unchanged", configChanges: [], retry: null });
  });

  it("compares instants, not strings", () => {
    expect(sameInstant("2026-01-01T00:00:00Z", T0)).toBe(true);
    const s = screenDrift(outputs(), inputs({ sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-01T00:00:00Z" } }));
    expect(s.source).toBe("unchanged");
  });

  it("flags a moved last_altered as a candidate on either side", () => {
    const s = screenDrift(
      outputs(),
      inputs({
        sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: T1 },
        destinationFingerprint: { exists: true, lastAltered: T1 },
      }),
    );
    expect(s.source).toBe("candidate");
    expect(s.destination).toBe("candidate");
  });

  it("reports a dropped destination, a pinned source and a retained table", () => {
    expect(screenDrift(outputs(), inputs({ destinationFingerprint: { exists: false } })).destination).toBe("missing");
    const pinned = screenDrift(
      outputs({ asOf: { version: 2 } }),
      inputs({ asOf: { version: 2 }, sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: T1 } }),
    );
    expect(pinned.source).toBe("pinned");
    expect(pinned.configChanges).toEqual([]);
    expect(screenDrift(outputs(), inputs({ sourceFingerprint: undefined, retainedBecause: "gone from source" })).source).toBe("gone");
  });

  it("lists settings changes and a rolled-back clone", () => {
    const s = screenDrift(outputs({ rolledBack: true }), inputs({ cloneType: "SHALLOW", asOf: { version: 1 } }));
    expect(s.configChanges).toEqual(["cloneType", "asOf"]);
    expect(s.retry).toMatch(/rolled back/);
  });
});

describe("confirmations", () => {
  const row = (version: number, operation: string, operationParameters: Record<string, string> = {}) => ({ version, operation, operationParameters });
  const src = (rows: ReturnType<typeof row>[] | null, baseline: number | null) =>
    sourceVerdict(rows, baseline, { shallow: false, lastAlteredMoved: true });
  const dst = (rows: ReturnType<typeof row>[] | null, baseline: number | null) => destinationVerdict(rows, baseline, { lastAlteredMoved: true });

  it("source: a data commit since the cloned version moved it; no new version is no drift", () => {
    expect(src([row(3, "WRITE")], 3).state).toBe("unchanged");
    expect(src([row(4, "WRITE"), row(3, "WRITE")], 3).state).toBe("moved");
    expect(src(null, 3).state).toBe("moved"); // source gone
    expect(src([row(4, "WRITE")], null).state).toBe("moved"); // nothing recorded to compare with
  });

  it("destination: same version is a false positive, RESTORE below ours is a lost clone, else written", () => {
    expect(dst([row(1, "CLONE")], 1).state).toBe("unchanged");
    expect(dst([row(2, "WRITE"), row(1, "CLONE")], 1).state).toBe("written");
    expect(dst([row(2, "RESTORE", { version: "0" }), row(1, "CLONE")], 1).state).toBe("restored");
    expect(dst([row(3, "RESTORE", { version: "1" }), row(2, "WRITE"), row(1, "CLONE")], 1).state).toBe("written");
    expect(dst([], 4).state).toBe("restored"); // no version at or after ours: re-created below it
    expect(dst(null, 1).state).toBe("restored");
  });

  it("parses DESCRIBE HISTORY rows with map or JSON parameters", () => {
    expect(historyTop({ version: 5, operation: "RESTORE", operationParameters: { version: 2 } })).toEqual({
      version: 5,
      operation: "RESTORE",
      operationParameters: { version: "2" },
    });
    expect(historyTop({ version: "5", operation: "CLONE", operationParameters: '{"sourceVersion":"7"}' })?.operationParameters).toEqual({
      sourceVersion: "7",
    });
    expect(historyTop(undefined)).toBeNull();
  });
});

describe("planAction per sync mode", () => {
  const base = { configChanges: [] as string[], retry: null };
  it("source moved: snapshot keeps, selective/mirror re-clone incrementally, full recreates", () => {
    const p = (mode: "snapshot" | "selective" | "mirror" | "full") => planAction(mode, { ...base, source: "moved", destination: "unchanged" }).kind;
    expect([p("snapshot"), p("selective"), p("mirror"), p("full")]).toEqual(["none", "clone", "clone", "recreate"]);
  });

  it("destination written: snapshot/selective keep edits, mirror overwrites, full recreates", () => {
    const p = (mode: "snapshot" | "selective" | "mirror" | "full") => planAction(mode, { ...base, source: "unchanged", destination: "written" }).kind;
    expect([p("snapshot"), p("selective"), p("mirror"), p("full")]).toEqual(["none", "none", "clone", "recreate"]);
  });

  it("a dropped or restored destination is repaired in every mode; snapshot at the recorded version", () => {
    for (const mode of ["snapshot", "selective", "mirror", "full"] as const) {
      const dropped = planAction(mode, { ...base, source: "unchanged", destination: "missing" });
      expect(dropped.kind).toBe("clone");
      expect(dropped.label).toBe("repaired");
      expect(dropped.at).toBe(mode === "snapshot" ? "recorded" : "current");
      expect(planAction(mode, { ...base, source: "unchanged", destination: "restored" }).kind).not.toBe("none");
    }
  });

  it("a pinned source never drifts; a retained table is never touched", () => {
    expect(planAction("mirror", { ...base, source: "pinned", destination: "unchanged" }).kind).toBe("none");
    expect(planAction("mirror", { ...base, source: "gone", destination: "written" }).kind).toBe("none");
  });
});

describe("resolveDrift confirms only candidates that matter", () => {
  const counting = () => {
    const calls: string[] = [];
    return {
      calls,
      confirm: {
        source: async () => (calls.push("source"), { state: "moved" as const }),
        destination: async () => (calls.push("destination"), { state: "unchanged" as const }),
      },
    };
  };

  it("no candidates: no confirmation", async () => {
    const c = counting();
    const r = await resolveDrift("selective", { source: "unchanged", destination: "unchanged", configChanges: [], retry: null }, c.confirm);
    expect(r.action.kind).toBe("none");
    expect(c.calls).toEqual([]);
  });

  it("snapshot ignores a source candidate without asking", async () => {
    const c = counting();
    const r = await resolveDrift("snapshot", { source: "candidate", destination: "unchanged", configChanges: [], retry: null }, c.confirm);
    expect(r.action.kind).toBe("none");
    expect(c.calls).toEqual([]);
  });

  it("selective confirms a source candidate once and re-clones", async () => {
    const c = counting();
    const r = await resolveDrift("selective", { source: "candidate", destination: "unchanged", configChanges: [], retry: null }, c.confirm);
    expect(r.action).toMatchObject({ kind: "clone", label: "re-cloned" });
    expect(c.calls).toEqual(["source"]);
  });

  it("a dropped destination decides without confirming the source", async () => {
    const c = counting();
    const r = await resolveDrift("mirror", { source: "candidate", destination: "missing", configChanges: [], retry: null }, c.confirm);
    expect(r.action.label).toBe("repaired");
    expect(c.calls).toEqual([]);
  });
});
