/**
 * Table state version 2: the recorded outputs no longer repeat the inputs that only writes and previews
 * read (fingerprints, validate, rollbackOnFailure, retainedBecause), so state keeps them once per table.
 * State written by version 1 (outputs repeating every input) is still diffed, refreshed and destroyed.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as catalogHandler from "../../../provider/resources/catalog/handler";
import * as schemaHandler from "../../../provider/resources/schema/handler";
import * as tableHandler from "../../../provider/resources/table/handler";
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

describe("table state version 2", () => {
  it("records what a later diff, update, refresh or destroy reads, and not the inputs only writes read", async () => {
    const { outs } = await tableHandler.create(await inputs());
    expect(outs).toMatchObject({ stateVersion: 2, owner: OWNER, source: { table: "t" }, destination: { table: "t" }, cloneType: "DEEP", sync: "selective", createdByStack: true });
    for (const k of NOT_RECORDED) expect(outs).not.toHaveProperty(k);
    expect(await tables()).toEqual(["t"]);
  });

  it("state written by version 1 (outputs repeating every input) is diffed, refreshed and destroyed", async () => {
    const news = await inputs();
    const { outs } = await tableHandler.create(news);
    // What version 1 recorded for the same table: the inputs too, and no stateVersion (or 1).
    const v1 = { ...news, ...outs, stateVersion: 1 };
    const unchanged = { ...news, destinationFingerprint: { exists: true, lastAltered: outs!.destinationLastAltered } };
    expect(await tableHandler.diff("qa.s.t", v1, unchanged)).toMatchObject({ changes: false });

    const read = await tableHandler.read("qa.s.t", { ...v1, stateVersion: undefined });
    expect(read.props).toMatchObject({ stateVersion: 2, destinationVersion: outs!.destinationVersion });
    for (const k of NOT_RECORDED) expect(read.props).not.toHaveProperty(k);

    // A source written since: the update re-clones from the upgraded state and records version 2.
    await fx.engine.execute("INSERT INTO prod.s.t VALUES (3)");
    const drifted = { ...(await inputs()), destinationFingerprint: unchanged.destinationFingerprint };
    expect(await tableHandler.diff("qa.s.t", v1, drifted)).toMatchObject({ changes: true });
    const updated = await tableHandler.update("qa.s.t", v1, drifted);
    expect(updated.outs).toMatchObject({ stateVersion: 2, lastAction: "re-cloned" });
    for (const k of NOT_RECORDED) expect(updated.outs).not.toHaveProperty(k);
    expect((await fx.engine.execute("SELECT count(*) AS n FROM qa.s.t"))[0].n).toBe(3);

    // Destroy with version-1 state: the table this stack created (and still marks) is dropped.
    await tableHandler.delete("qa.s.t", v1);
    expect(await tables()).toEqual([]);
  });
});
