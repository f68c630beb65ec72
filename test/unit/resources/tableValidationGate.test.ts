import { describe, expect, it } from "vitest";
import { decideGate } from "../../../provider/resources/validationGate/threshold";
import { gateChanges } from "../../../provider/resources/validationGate/lifecycle";
import type { GateTable } from "../../../provider/resources/validationGate/inputs";

const t = (name: string, dep: string | null, matched: boolean | null): GateTable => ({
  destination: { catalog: "qa", schema: "s", table: name },
  changedInDeployment: dep,
  previousVersion: 1,
  destinationVersion: 2,
  rolledBack: matched === false,
  validation: matched === null ? null : { matched },
});

describe("decideGate", () => {
  const tables = [t("a", "d2", true), t("b", "d2", false), t("c", "d2", true), t("d", "d2", true), t("old", "d1", false)];

  it("counts only tables changed in this deployment (1 of 4 = 25%)", () => {
    const d = decideGate("d2", 25, tables);
    expect(d.changed.map((x) => x.destination.table)).toEqual(["a", "b", "c", "d"]);
    expect(d.mismatched).toEqual(["qa.s.b"]);
    expect(d.mismatchPct).toBe(25);
  });

  it("at the threshold: reported; below: reported; above: rollback", () => {
    expect(decideGate("d2", 25, tables).verdict).toBe("reported");
    expect(decideGate("d2", 50, tables).verdict).toBe("reported");
    expect(decideGate("d2", 24.9, tables).verdict).toBe("rollback");
  });

  // issue 8 §6: failed tables count toward the gate (a gate-governed table records its failure instead of failing)
  it("failed tables count as bad, among the tables validated or failed", () => {
    const failed = (name: string): GateTable => ({ ...t(name, "d2", null), rolledBack: true, destinationVersion: null, failed: "INSUFFICIENT_PERMISSIONS" });
    const d = decideGate("d2", 40, [...tables, failed("e")]);
    expect(d.failed).toEqual(["qa.s.e"]);
    expect(d.mismatchPct).toBe(40); // (1 mismatch + 1 failure) of (4 validated + 1 failed)
    expect(d.verdict).toBe("reported"); // at the threshold: passes
    expect(decideGate("d2", 39, [...tables, failed("e")]).verdict).toBe("rollback");
    expect(decideGate("d2", 0, [failed("e")])).toMatchObject({ mismatchPct: 100, verdict: "rollback" });
  });

  it("no mismatch passes; no change is nothing-changed", () => {
    expect(decideGate("d2", 0, [t("a", "d2", true)]).verdict).toBe("passed");
    expect(decideGate("d3", 0, tables).verdict).toBe("nothing-changed");
  });
});

describe("gateChanges (the gate's statement-free diff)", () => {
  it("changes only when a table changed in this deployment or outputs are unknown in preview", () => {
    expect(gateChanges({ tables: [t("a", "d1", true)] }, "d2")).toBe(false);
    expect(gateChanges({ tables: [t("a", "d2", true)] }, "d2")).toBe(true);
    expect(gateChanges({ tables: [{ ...t("a", "d1", true), changedInDeployment: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }] }, "d2")).toBe(true);
  });
});
