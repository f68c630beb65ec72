/**
 * Table state version 2: the recorded outputs no longer repeat the inputs that only writes and previews
 * read (fingerprints, validate, rollbackOnFailure, retainedBecause), so state keeps them once per table.
 * Version 3: outputs holding their usual value (not adopted, not rolled back, no validation, the default
 * clone type and sync mode) are not recorded. Version 4: nor are the byte counts while they equal the last
 * clone's (a first clone). State written by versions 1 (outputs repeating every input), 2 (every output
 * field) and 3 (the counts always) is still diffed, refreshed and destroyed.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as catalogHandler from "../../../provider/resources/catalog/handler";
import * as schemaHandler from "../../../provider/resources/schema/handler";
import * as tableHandler from "../../../provider/resources/table/handler";
import { TABLE_OUTPUT_DEFAULTS, type TableOutputs } from "../../../provider/resources/table/inputs";
import { recordedOutputs, versioned } from "../../../provider/resources/kit/stateVersion";
import { firstCloneInputs } from "./firstCloneInputs";
import { useLocalRuntime } from "./localRuntimeFixture";

const OWNER = "proj/dev";
const NOT_RECORDED = ["sourceFingerprint", "destinationFingerprint", "validate", "rollbackOnFailure", "retainedBecause", "deploymentId"];
const fx = useLocalRuntime("table-state-version", ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "INSERT INTO prod.s.t VALUES (1), (2)"]);

beforeEach(async () => {
  fx.runtime.useWarehouse(fx.ref, fx.engine);
  fx.runtime.configure({ get: (k) => (k === "catalog-clone:localPath" ? fx.dir : undefined) });
  await catalogHandler.create({ owner: OWNER, name: "qa" });
  await schemaHandler.create({ owner: OWNER, catalog: "qa", name: "s" });
});

async function inputs() {
  return { ...(await firstCloneInputs(fx.engine, OWNER)), validate: { rowCounts: true, checksums: false, failOnMismatch: true }, rollbackOnFailure: true };
}

const tables = async () => (await fx.engine.execute("SELECT table_name FROM qa.information_schema.tables WHERE table_schema = 's'")).map((r) => r.table_name);

/** Version 3's outputs for the same table: the byte counts version 4 leaves out when they equal the last clone's included. */
const asVersion3 = (outs: Record<string, unknown>) => {
  const bytes = (outs.metrics as { copiedBytes: number } | undefined)?.copiedBytes ?? 0;
  return { runCopiedBytes: bytes, totalCopiedBytes: bytes, ...outs, stateVersion: 3 };
};
/** Version 2's outputs for the same table: every field, the defaults version 3 leaves out included. */
const asVersion2 = (outs: Record<string, unknown>) => ({ ...TABLE_OUTPUT_DEFAULTS, ...asVersion3(outs), stateVersion: 2 });

describe("table state versions", () => {
  it("records what a later diff, update, refresh or destroy reads, and not the inputs only writes read, nor outputs at their usual value", async () => {
    const { outs } = await tableHandler.create(await inputs());
    expect(outs).toMatchObject({ stateVersion: 4, owner: OWNER, source: { table: "t" }, destination: { table: "t" }, createdByStack: true, lastAction: "cloned" });
    for (const k of NOT_RECORDED) expect(outs).not.toHaveProperty(k);
    // A first DEEP clone, validated by row counts: validation holds a result and is recorded; the rest is at its default.
    expect(outs).toMatchObject({ validation: { matched: true } });
    for (const k of ["cloneType", "sync", "adopted", "preCloneVersion", "previousVersion", "rolledBack"]) expect(outs).not.toHaveProperty(k);
    expect(await tables()).toEqual(["t"]);
  });

  it("inputs at their schema default are not recorded, and every method reads them as that default", async () => {
    const checked = await tableHandler.check({}, { ...(await inputs()), cloneType: "DEEP", sync: "selective" });
    expect(checked.failures).toBeUndefined();
    expect(checked.inputs).toMatchObject({ owner: OWNER, destination: { table: "t" } });
    expect(checked.inputs).not.toHaveProperty("cloneType");
    expect(checked.inputs).not.toHaveProperty("sync");
    // Created from the recorded inputs: a DEEP clone (its data copied), recorded as such.
    const { outs } = await tableHandler.create(checked.inputs!);
    expect(outs).toMatchObject({ metrics: { copiedFiles: 1 } });
    expect((await tableHandler.read("qa.s.t", outs!)).props).not.toHaveProperty("cloneType");
    // Away from the default, they are recorded.
    const shallow = await tableHandler.check(outs!, { ...(await inputs()), cloneType: "SHALLOW", sync: "snapshot" });
    expect(shallow.inputs).toMatchObject({ cloneType: "SHALLOW", sync: "snapshot" });
  });

  it("the source fingerprint is recorded without its usual type and format; inputs recorded with them (older state) read the same: no drift, no change", async () => {
    const explicit = await inputs();
    expect(explicit.sourceFingerprint).toMatchObject({ tableType: "MANAGED", format: "DELTA" });
    const checked = await tableHandler.check({}, explicit);
    expect(checked.inputs!.sourceFingerprint).toEqual({ lastAltered: explicit.sourceFingerprint.lastAltered });
    // Away from the usual values, they are recorded.
    const other = await tableHandler.check({}, { ...explicit, sourceFingerprint: { tableType: "EXTERNAL", format: null, lastAltered: explicit.sourceFingerprint.lastAltered } });
    expect(other.inputs!.sourceFingerprint).toEqual({ tableType: "EXTERNAL", format: null, lastAltered: explicit.sourceFingerprint.lastAltered });

    const { outs } = await tableHandler.create(checked.inputs!);
    const dst = { exists: true, lastAltered: outs!.destinationLastAltered };
    // The next run: last run's inputs recorded with the type and format (older state) or without them, this run's either way.
    const lastRun = [{ ...explicit, destinationFingerprint: dst }, { ...checked.inputs!, destinationFingerprint: dst }];
    for (const olds of lastRun) {
      for (const news of [{ ...explicit, destinationFingerprint: dst }, { ...checked.inputs!, destinationFingerprint: dst }]) {
        const again = await tableHandler.check(olds, news);
        expect(again.inputs).not.toHaveProperty("drift");
        expect(again.inputs).toEqual(lastRun[1]);
        expect(await tableHandler.diff("qa.s.t", outs!, again.inputs!)).toMatchObject({ changes: false });
      }
    }
  });

  it("an output away from its usual value is recorded: a SHALLOW clone's type", async () => {
    const { outs } = await tableHandler.create({ ...(await inputs()), cloneType: "SHALLOW" });
    expect(outs).toMatchObject({ stateVersion: 4, cloneType: "SHALLOW" });
    // Reading it back keeps SHALLOW (not the default DEEP), and the left-out fields parse as their defaults.
    const read = await tableHandler.read("qa.s.t", outs!);
    expect(read.props).toMatchObject({ cloneType: "SHALLOW" });
    expect(read.props).not.toHaveProperty("adopted");
  });

  it("a first clone's byte counts equal its metrics and are not recorded; reading state puts them back, and counts that differ are recorded", async () => {
    const { outs } = await tableHandler.create(await inputs());
    const copied = (outs!.metrics as { copiedBytes: number }).copiedBytes;
    expect(copied).toBeGreaterThan(0);
    expect(outs).not.toHaveProperty("runCopiedBytes");
    expect(outs).not.toHaveProperty("totalCopiedBytes");
    const read = recordedOutputs(tableHandler.tableKind, outs!, "qa.s.t");
    expect(read).toMatchObject({ runCopiedBytes: copied, totalCopiedBytes: copied });
    // A run that copied nothing while the last clone's metrics stay (a skip), and a cumulative figure above them: both recorded.
    const skipped = versioned(tableHandler.tableKind, { ...read, runCopiedBytes: 0, totalCopiedBytes: copied + 5 } as TableOutputs);
    expect(skipped).toMatchObject({ runCopiedBytes: 0, totalCopiedBytes: copied + 5 });
    expect(recordedOutputs(tableHandler.tableKind, skipped, "qa.s.t")).toMatchObject({ runCopiedBytes: 0, totalCopiedBytes: copied + 5 });

    // A re-clone: this run copied what its metrics say (left out), the cumulative figure is both clones' (recorded).
    await fx.engine.execute("INSERT INTO prod.s.t VALUES (3)");
    const updated = await tableHandler.update("qa.s.t", outs!, { ...(await inputs()), destinationFingerprint: { exists: true, lastAltered: outs!.destinationLastAltered } });
    const again = (updated.outs!.metrics as { copiedBytes: number }).copiedBytes;
    expect(updated.outs).toMatchObject({ lastAction: "re-cloned", totalCopiedBytes: copied + again });
    expect(updated.outs).not.toHaveProperty("runCopiedBytes");
  });

  it("state written by version 3 (the byte counts always) reads the same, and its absent runCopiedBytes (written before it was recorded) as nothing copied", async () => {
    const news = await inputs();
    const { outs } = await tableHandler.create(news);
    const v3 = asVersion3(outs!);
    const unchanged = { ...news, destinationFingerprint: { exists: true, lastAltered: outs!.destinationLastAltered } };
    expect(await tableHandler.diff("qa.s.t", v3, unchanged)).toMatchObject({ changes: false });
    expect((await tableHandler.read("qa.s.t", v3)).props).toEqual({ ...outs, observed: expect.objectContaining({ drift: "none" }) });
    const { runCopiedBytes: _notYet, totalCopiedBytes: _neither, ...beforeCounts } = v3;
    expect(recordedOutputs(tableHandler.tableKind, beforeCounts, "qa.s.t")).toMatchObject({ runCopiedBytes: 0, totalCopiedBytes: (outs!.metrics as { copiedBytes: number }).copiedBytes });
  });

  it("state written by version 2 (every output field) is diffed, refreshed, updated and destroyed", async () => {
    const news = await inputs();
    const { outs } = await tableHandler.create(news);
    const v2 = asVersion2(outs!);
    const unchanged = { ...news, destinationFingerprint: { exists: true, lastAltered: outs!.destinationLastAltered } };
    expect(await tableHandler.diff("qa.s.t", v2, unchanged)).toMatchObject({ changes: false });
    // Refresh records version 3: what version 2 held, without the fields at their default (and with what it observed).
    const read = await tableHandler.read("qa.s.t", v2);
    expect(read.props).toEqual({ ...outs, observed: expect.objectContaining({ drift: "none" }) });

    await fx.engine.execute("INSERT INTO prod.s.t VALUES (3)");
    const drifted = { ...(await inputs()), destinationFingerprint: unchanged.destinationFingerprint };
    const updated = await tableHandler.update("qa.s.t", v2, drifted);
    expect(updated.outs).toMatchObject({ stateVersion: 4, lastAction: "re-cloned", previousVersion: outs!.destinationVersion });
    expect(updated.outs).not.toHaveProperty("rolledBack");

    await tableHandler.delete("qa.s.t", v2);
    expect(await tables()).toEqual([]);
  });

  it("state written by version 1 (outputs repeating every input) is diffed, refreshed and destroyed", async () => {
    const news = await inputs();
    const { outs } = await tableHandler.create(news);
    // What version 1 recorded for the same table: the inputs too, and no stateVersion (or 1).
    const v1 = { ...news, ...outs, stateVersion: 1 };
    const unchanged = { ...news, destinationFingerprint: { exists: true, lastAltered: outs!.destinationLastAltered } };
    expect(await tableHandler.diff("qa.s.t", v1, unchanged)).toMatchObject({ changes: false });

    const read = await tableHandler.read("qa.s.t", { ...v1, stateVersion: undefined });
    expect(read.props).toMatchObject({ stateVersion: 4, destinationVersion: outs!.destinationVersion });
    for (const k of NOT_RECORDED) expect(read.props).not.toHaveProperty(k);

    // A source written since: the update re-clones from the upgraded state and records version 3.
    await fx.engine.execute("INSERT INTO prod.s.t VALUES (3)");
    const drifted = { ...(await inputs()), destinationFingerprint: unchanged.destinationFingerprint };
    expect(await tableHandler.diff("qa.s.t", v1, drifted)).toMatchObject({ changes: true });
    const updated = await tableHandler.update("qa.s.t", v1, drifted);
    expect(updated.outs).toMatchObject({ stateVersion: 4, lastAction: "re-cloned" });
    for (const k of NOT_RECORDED) expect(updated.outs).not.toHaveProperty(k);
    expect((await fx.engine.execute("SELECT count(*) AS n FROM qa.s.t"))[0].n).toBe(3);

    // Destroy with version-1 state: the table this stack created (and still marks) is dropped.
    await tableHandler.delete("qa.s.t", v1);
    expect(await tables()).toEqual([]);
  });
});
