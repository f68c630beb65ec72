/**
 * issue 8 §6: rollbackOnFailure through the deployment ledger, in one process as the provider plugin
 * serves a deployment: the first failure puts back the tables that finished, a table still in flight
 * puts itself back when its write returns, a table that starts afterwards writes nothing; every failure's
 * text says what the deployment did, table by table. Also: the deployment id is handed to the lifecycle
 * but never recorded as an input, and the outputs say when they were produced and what was copied.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../../provider/warehouse/warehouse";
import { installRuntime } from "../../../provider/resources/runtime";
import { PartialStateError } from "../../../provider/resources/partialState";
import { runInDeployment } from "../../../provider/resources/table/deploymentStep";
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";

/** A warehouse that records statements and answers nothing. */
function recordingWarehouse(): Warehouse & { statements: string[] } {
  const statements: string[] = [];
  return { statements, execute: async (sql) => (statements.push(sql), []), close: async () => undefined };
}

const inputs = (table: string, rollbackOnFailure: boolean): TableInputs => ({
  owner: "proj/prod_dr",
  source: { catalog: "prod", schema: "s", table },
  destination: { catalog: "dr", schema: "s", table },
  cloneType: "DEEP",
  sync: "mirror",
  sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-01T00:00:00Z" },
  destinationFingerprint: { exists: true, lastAltered: "2026-01-01T00:00:00Z", tableType: "MANAGED" },
  ...(rollbackOnFailure ? { rollbackOnFailure: true } : {}),
});

/** The outputs of a re-clone of an adopted table: version `previous` → `previous + 1`, 100 bytes copied. */
const written = (i: TableInputs, previous: number): TableOutputs => ({
  ...i,
  sourceVersion: 9,
  clonedSourceLastAltered: "2026-01-01T00:00:00Z",
  destinationVersion: previous + 1,
  destinationLastAltered: "2026-01-01T00:00:01Z",
  adopted: true,
  preCloneVersion: 1,
  createdByStack: false,
  previousVersion: previous,
  changedInDeployment: i.deploymentId ?? null,
  rolledBack: false,
  metrics: { sourceBytes: 100, copiedBytes: 100, copiedFiles: 1, removedFiles: 0 },
  validation: null,
  lastAction: "re-cloned",
  lastReason: "source table moved",
});

let wh: ReturnType<typeof recordingWarehouse>;
beforeEach(() => {
  installRuntime(); // a new provider process: a new deployment
  wh = recordingWarehouse();
});

describe("rollbackOnFailure across the tables of one deployment", () => {
  it("puts back what finished, lets what is in flight put itself back, and refuses what starts afterwards", async () => {
    const step = (table: string, write: (i: TableInputs) => Promise<TableOutputs>) =>
      runInDeployment(inputs(table, true), undefined, async () => wh, async (_w, i) => ({ id: `dr.s.${table}`, outs: await write(i) }));

    const a = await step("a", async (i) => written(i, 3));
    expect(a.outs).not.toHaveProperty("deploymentId"); // handed to the lifecycle, never recorded
    expect(a.outs).toMatchObject({ runCopiedBytes: 100, totalCopiedBytes: 100, ranAt: expect.any(String) });

    let release!: () => void;
    const inFlight = step("b", (i) => new Promise((resolve) => (release = () => resolve(written(i, 7)))));
    await new Promise((r) => setTimeout(r, 10));

    const failure = await step("c", async () => {
      throw new Error("[INSUFFICIENT_PERMISSIONS] no SELECT on prod.s.c");
    }).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(failure.message).toMatch(/^\[INSUFFICIENT_PERMISSIONS\] no SELECT on prod\.s\.c\nrollbackOnFailure: dr\.s\.c failed/);
    expect(failure.message).toContain("  dr.s.a: re-cloned (source table moved); put back: restored to version 3");
    expect(failure.message).toContain("  dr.s.b: in flight; still running when the deployment failed");
    expect(wh.statements).toEqual(["RESTORE TABLE `dr`.`s`.`a` TO VERSION AS OF 3"]);

    let wrote = false;
    const refused = await step("d", async (i) => ((wrote = true), written(i, 1))).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(wrote).toBe(false);
    expect(refused.message).toMatch(/^Table dr\.s\.d: not written: dr\.s\.c failed earlier in this deployment and rollbackOnFailure is on/);

    release();
    const b = await inFlight.catch((e: unknown) => e);
    expect(b).toBeInstanceOf(PartialStateError);
    expect((b as PartialStateError).message).toMatch(/^Table dr\.s\.b: put back \(restored to version 7\): dr\.s\.c failed in this deployment while this table was being cloned/);
    // the state it records: nothing of this deployment in place, so the next up clones it again
    expect((b as PartialStateError).properties).toMatchObject({ rolledBack: true, destinationVersion: null, lastAction: "rolled-back", previousVersion: 7 });
    expect(wh.statements).toEqual(["RESTORE TABLE `dr`.`s`.`a` TO VERSION AS OF 3", "RESTORE TABLE `dr`.`s`.`b` TO VERSION AS OF 7"]);
  });

  it("without rollbackOnFailure a failure puts nothing back, and its text still says what the deployment did", async () => {
    const step = (table: string, write: (i: TableInputs) => Promise<TableOutputs>) =>
      runInDeployment(inputs(table, false), undefined, async () => wh, async (_w, i) => ({ id: `dr.s.${table}`, outs: await write(i) }));
    await step("a", async (i) => written(i, 3));
    const failure = await step("c", async () => {
      throw new Error("boom");
    }).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(failure.message).toBe("boom\nThis deployment in catalog dr (first failure: dr.s.c), table by table:\n  dr.s.a: re-cloned (source table moved)\n  dr.s.c: FAILED: boom");
    const later = await step("d", async (i) => written(i, 5));
    expect(later.outs.lastAction).toBe("re-cloned");
    expect(wh.statements).toEqual([]);
  });

  it("an update that writes nothing copies 0 bytes this run and keeps the cumulative figure", async () => {
    const i = inputs("a", false);
    const recorded = { ...written(i, 3), changedInDeployment: "an earlier deployment", totalCopiedBytes: 250 };
    const r = await runInDeployment(i, recorded, async () => wh, async () => ({ id: "dr.s.a", outs: { ...recorded, lastAction: "skipped", lastReason: "no drift" } }));
    expect(r.outs).toMatchObject({ runCopiedBytes: 0, totalCopiedBytes: 250, lastAction: "skipped" });
    const again = await runInDeployment(i, recorded, async () => wh, async (_w, ii) => ({ id: "dr.s.a", outs: written(ii, 4) }));
    expect(again.outs).toMatchObject({ runCopiedBytes: 100, totalCopiedBytes: 350 });
  });
});
