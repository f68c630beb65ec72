import { describe, expect, it } from "vitest";
import * as table from "../../../provider/resources/table/handler";
import * as gate from "../../../provider/resources/validationGate/handler";
import { clonedTableOutputs } from "./clonedTableOutputs";
import { processRuntime } from "../../../provider/resources/runtime";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const good = {
  owner: "proj/dev",
  source: { catalog: "prod", schema: "s", table: "t" },
  destination: { catalog: "qa", schema: "s", table: "t" },
  cloneType: "DEEP",
  sync: "mirror",
  sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-01T00:00:00.000Z" },
  destinationFingerprint: { exists: false },
};

describe("table handler check/diff without a warehouse", () => {
  it("accepts valid inputs and names each invalid field", async () => {
    expect((await table.check({}, { ...good })).failures).toBeUndefined();
    const bad = await table.check({}, { ...good, sync: "sometimes", source: { catalog: "prod", schema: "", table: "t" } });
    expect(bad.failures!.map((f) => f.reason).join("\n")).toMatch(/sync/);
    expect(bad.failures!.map((f) => f.reason).join("\n")).toMatch(/source\.schema: schema must not be empty/);
  });

  it("passes preview unknowns through check and reports a change without running SQL", async () => {
    const news = { ...good, destinationFingerprint: UNKNOWN };
    expect((await table.check({}, news)).inputs).toEqual(news);
    expect(await table.diff("qa.s.t", {}, news)).toEqual({ changes: true });
  });

  it("a no-drift diff never connects to the warehouse (an unreachable one is fine)", async () => {
    const news = { ...good, connection: { kind: "databricks", host: "https://unreachable.invalid", warehouseId: "abc123" } };
    const olds = clonedTableOutputs(news, "2026-01-01T00:05:00.000Z");
    const same = { ...news, destinationFingerprint: { exists: true, lastAltered: "2026-01-01T00:05:00Z" }, deploymentId: "d2" };
    expect(await table.diff("qa.s.t", olds, same)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    // a moved source is an update whatever its history says (re-clone, or a baseline to record): the
    // update reads it, so the diff still does not connect
    const moved = { ...same, sourceFingerprint: { ...good.sourceFingerprint, lastAltered: "2026-02-01T00:00:00Z" } };
    expect(await table.diff("qa.s.t", olds, moved)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    // a moved destination needs a confirmation (an edit kept is no update): now the (unreachable) warehouse is used, and its failure surfaces
    const edited = { ...same, destinationFingerprint: { exists: true, lastAltered: "2026-02-01T00:00:00Z" } };
    await expect(table.diff("qa.s.t", olds, edited)).rejects.toThrow();
  });

  it("the gate's diff is statement-free and only changes when a table changed in this deployment (the provider process's, not an input)", async () => {
    const current = processRuntime().deploymentId;
    const t = { destination: good.destination, changedInDeployment: "an earlier deployment", validation: { matched: true } };
    // The gate's inputs and its recorded outputs (the resource kit parses both before any method runs).
    const gateIn = { owner: "p/s", autoRollbackAbovePct: 5 };
    const olds = { ...gateIn, tables: [t], deploymentId: "an earlier deployment", validatedTables: 1, mismatchedTables: [], failedTables: [], mismatchPct: 0, verdict: "passed" };
    expect(await gate.diff("g", olds, { ...gateIn, tables: [t] })).toEqual({ changes: false });
    expect(await gate.diff("g", olds, { ...gateIn, tables: [{ ...t, changedInDeployment: current }] })).toEqual({ changes: true });
    // an input deploymentId (older programs) changes nothing
    expect(await gate.diff("g", olds, { ...gateIn, deploymentId: "an earlier deployment", tables: [t] })).toEqual({ changes: false });
    expect((await gate.check({}, { owner: "p/s", autoRollbackAbovePct: 5, tables: [], deploymentId: "x" })).inputs).not.toHaveProperty("deploymentId");
  });

  it("the gate's connection is checked at preview: a bad one fails check naming the field", async () => {
    const gateIn = { owner: "p/s", autoRollbackAbovePct: 5, tables: [] };
    expect((await gate.check({}, { ...gateIn, connection: { kind: "local", path: "/tmp/ws" } })).failures).toBeUndefined();
    const bad = await gate.check({}, { ...gateIn, connection: { kind: "local", path: "" } });
    expect(bad.failures).toEqual([expect.objectContaining({ property: "connection", reason: expect.stringMatching(/^connection\.path: connection\.path must be a non-empty directory path/) })]);
    const unknownKind = await gate.check({}, { ...gateIn, connection: { kind: "snowflake" } });
    expect(unknownKind.failures?.[0]).toMatchObject({ property: "connection", reason: expect.stringMatching(/^connection(\.kind)?: connection\.kind must be "local" or "databricks"/) });
  });

  it("the table's checked inputs never carry a deployment id", async () => {
    expect((await table.check({}, { ...good, deploymentId: "from an older program" })).inputs).not.toHaveProperty("deploymentId");
  });
});
