/**
 * issue 8 §6 "Failure semantics and reports", end to end through the harness with the root program,
 * the real dynamic-provider plugin and the local warehouse. Faults are injected by statement pattern
 * (UC_LOCAL_FAULTS) into the provider plugin only.
 *
 * - no input changes on every run: the deployment's identity is not an input;
 * - the report shows this run's decision per table and what this run copied, beside a cumulative figure;
 * - failed tables count toward the validation gate (the table records its failure, the gate decides);
 * - a failed run says what it did, table by table: in the report where Pulumi keeps outputs
 *   (--continue-on-error), else in the failure's error text;
 * - rollbackOnFailure puts back every table the deployment changed, finished or in flight.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";
import { tick, writes } from "./driftFixture";
import { reportWithRows } from "./reportRows";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

/** A permanent failure of the CLONE into `table`, as a missing grant on its source would give. */
function cloneRefused(table: string) {
  return {
    match: `^CREATE (OR REPLACE )?TABLE .*\`${table}\` DEEP CLONE`,
    errorClass: "INSUFFICIENT_PERMISSIONS",
    sqlState: "42501",
    message: `User does not have SELECT on the source of ${table}.`,
    transient: false,
  };
}

const faults = (...rules: object[]) => ({ UC_LOCAL_FAULTS: JSON.stringify(rules) });

type Report = {
  counts: Record<string, number>;
  bytesCopied: number;
  bytesCopiedTotal: number;
  tables: { name: string; action: string; reason: string; copiedBytes: number; copiedBytesTotal: number; last?: { action: string } }[];
  validation: { mismatchedTables: string[]; failedTables: string[]; gate: { verdict: string; mismatchPct: number } | null };
};

describe("what each run did, and no input that changes on every run", () => {
  it("a no-op up stores every input unchanged and reports every table unchanged with 0 bytes copied; a re-clone shows only its fingerprint and this run's bytes", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(["a", "b", "c"]);
    // a gate too: its inputs are built from the tables' outputs
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true, autoRollbackAbovePct: 50 } });
    const first = await fx.stack("qa", config).up();
    expect(first.errors).toEqual([]);
    const r1 = reportWithRows<Report>(first, fx.stack("qa", config));
    expect(r1.counts).toMatchObject({ cloned: 3 });
    expect(r1.bytesCopied).toBeGreaterThan(0);
    expect(r1.bytesCopiedTotal).toBe(r1.bytesCopied);
    const inputsOf = () => Object.fromEntries(fx.stack("qa", config).state()!.resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
    // (the first no-op up records the destination fingerprints discovery now sees)
    expect((await fx.stack("qa", config).up()).errors).toEqual([]);
    const before = inputsOf();

    // Nothing changed: no resource's stored inputs change (the random deploymentId used to rewrite every table's and the gate's).
    const noop = await fx.stack("qa", config).up();
    expect(noop.errors).toEqual([]);
    expect(noop.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(inputsOf()).toEqual(before);
    const r2 = reportWithRows<Report>(noop, fx.stack("qa", config));
    // This run's decision per table: untouched (it used to repeat "cloned: new table"), 0 bytes this run.
    expect(r2.tables.map((t) => [t.name, t.action, t.copiedBytes, t.last?.action])).toEqual([
      ["s.a", "unchanged", 0, "cloned"],
      ["s.b", "unchanged", 0, "cloned"],
      ["s.c", "unchanged", 0, "cloned"],
    ]);
    expect(r2.counts).toMatchObject({ unchanged: 3 });
    expect(r2.bytesCopied).toBe(0);
    expect(r2.bytesCopiedTotal).toBe(r1.bytesCopiedTotal);

    // One source table moves: its diff shows what changed (the source fingerprint, hidden from the display, and
    // `drift`, which names the change in words) and nothing else.
    await tick();
    await fx.sql("INSERT INTO prod.s.b VALUES (4)");
    const preview = await fx.stack("qa", config).preview();
    expect(preview.steps.find((s) => s.name === "qa/s.b")).toMatchObject({ op: "update", changedKeys: ["drift", "sourceFingerprint"] });
    const up = await fx.stack("qa", config).up();
    expect(up.errors).toEqual([]);
    expect(up.steps.find((s) => s.name === "qa/s.b")).toMatchObject({ op: "update", changedKeys: ["drift", "sourceFingerprint"] });
    for (const s of up.steps) expect(s.changedKeys ?? []).not.toContain("deploymentId");
    const r3 = reportWithRows<Report>(up, fx.stack("qa", config));
    const b = r3.tables.find((t) => t.name === "s.b")!;
    expect(b.action).toBe("re-cloned");
    // an incremental re-clone copies only the new file: this run's bytes are less than the table's total
    expect(b.copiedBytes).toBeGreaterThan(0);
    expect(b.copiedBytesTotal).toBe(r1.tables.find((t) => t.name === "s.b")!.copiedBytesTotal + b.copiedBytes);
    expect(r3.tables.filter((t) => t.name !== "s.b").map((t) => t.action)).toEqual(["unchanged", "unchanged"]);
    expect(r3.bytesCopied).toBe(b.copiedBytes);
    expect(r3.bytesCopiedTotal).toBe(r1.bytesCopiedTotal + b.copiedBytes);
    expect(r3.validation.gate).toEqual({ verdict: "passed", mismatchPct: 0 });
  }, 240_000);
});

describe("failed tables count toward the validation gate", () => {
  const TABLES = ["t1", "t2", "t3", "t4", "t5", "t6"];

  it("1 failed of 6 (16.7%) at a 20% gate: the up passes, the failure is reported per table, and the next up retries it", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(TABLES);
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true, autoRollbackAbovePct: 20 } });
    const up = await fx.stack("qa", config, { env: faults(cloneRefused("t3")) }).up();
    // Today the table's failure fails the up, and the gate (which depends on every table) never runs.
    expect(up.errors).toEqual([]);
    const report = reportWithRows<Report>(up, fx.stack("qa", config));
    expect(report.validation.failedTables).toEqual(["s.t3"]);
    expect(report.validation.gate).toEqual({ verdict: "reported", mismatchPct: 16.67 });
    expect(report.tables.find((t) => t.name === "s.t3")).toMatchObject({ action: "failed", reason: expect.stringContaining("INSUFFICIENT_PERMISSIONS") });
    expect(report.counts).toMatchObject({ cloned: 5, failed: 1 });
    expect(await fx.exists("qa.s.t3")).toBe(false);
    for (const t of TABLES.filter((x) => x !== "t3")) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);

    // the grant is fixed: the next up clones t3 and leaves the rest alone
    const retry = await fx.stack("qa", config).up();
    expect(retry.errors).toEqual([]);
    expect(retry.steps.filter((s) => s.op === "update").map((s) => s.name)).toEqual(expect.arrayContaining(["qa/s.t3"]));
    const again = reportWithRows<Report>(retry, fx.stack("qa", config));
    expect(again.tables.find((t) => t.name === "s.t3")).toMatchObject({ action: "repaired" });
    expect(again.counts).toMatchObject({ unchanged: 5, repaired: 1 });
    expect(await fx.ids("qa.s.t3")).toEqual([1, 2, 3]);
  }, 240_000);

  it("1 failed of 6 above a 10% gate: every table the deployment changed is rolled back and the up fails, saying so table by table", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(TABLES);
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true, autoRollbackAbovePct: 10 } });
    const up = await fx.stack("qa", config, { env: faults(cloneRefused("t3")) }).up();
    expect(up.failed).toBe(true);
    const text = up.errors.join("\n");
    expect(text).toMatch(/CATALOG_CLONE_VALIDATION_ROLLBACK\] 1 of 6 validated tables mismatched or failed \(16\.67% > autoRollbackAbovePct 10%\): qa\.s\.t3 \(failed\)/);
    expect(text).toMatch(/qa\.s\.t1: cloned \(new table\); rolled back: dropped/);
    expect(text).toMatch(/qa\.s\.t3: failed \(not written: .*INSUFFICIENT_PERMISSIONS/);
    for (const t of TABLES) expect(await fx.exists(`qa.s.${t}`)).toBe(false);
    // the next up (grant fixed) sees the drops and clones everything
    const retry = await fx.stack("qa", config).up();
    expect(retry.errors).toEqual([]);
    for (const t of TABLES) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);
  }, 240_000);
});

describe("a failed run says what it did, table by table", () => {
  const TABLES = ["t1", "t2", "t3", "t4"];

  it("--continue-on-error: the report keeps every table's decision, the failed one included; the error says what the deployment did", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(TABLES);
    const config = cloneConfig("qa", "DEEP");
    const up = await fx.stack("qa", config, { env: faults(cloneRefused("t2")), continueOnError: true, parallel: 1 }).up();
    expect(up.failed).toBe(true);
    const report = reportWithRows<Report>(up, fx.stack("qa", config));
    expect(report.tables.map((t) => [t.name, t.action])).toEqual([
      ["s.t1", "cloned"],
      ["s.t2", "failed"],
      ["s.t3", "cloned"],
      ["s.t4", "cloned"],
    ]);
    expect(report.validation.failedTables).toEqual(["s.t2"]);
    const error = up.steps.find((s) => s.name === "qa/s.t2")!.error!;
    expect(error).toContain("INSUFFICIENT_PERMISSIONS");
    expect(error).toMatch(/This deployment in catalog qa \(first failure: qa\.s\.t2\), table by table:\n {2}qa\.s\.t1: cloned \(new table\)\n {2}qa\.s\.t2: FAILED: /);
  }, 180_000);

  it("without the flag: the failure's error text lists what the tables before it did", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(TABLES);
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP"), { env: faults(cloneRefused("t3")), parallel: 1 }).up();
    expect(up.failed).toBe(true);
    const text = up.errors.join("\n");
    expect(text).toMatch(/qa\.s\.t1: cloned \(new table\)\n {2}qa\.s\.t2: cloned \(new table\)\n {2}qa\.s\.t3: FAILED: .*INSUFFICIENT_PERMISSIONS/);
    // resume: without rollbackOnFailure what succeeded stays
    for (const t of ["t1", "t2"]) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);
  }, 180_000);
});

describe("rollbackOnFailure", () => {
  // All six tables start at once (parallel 6). b2, c3, f6 exist in the destination with their own data
  // (adopted); a1, d4, e5 do not (created). a1, b2, f6 are small and finish within a second or two;
  // d4's CLONE is refused as "temporarily unavailable" four times (the retry layer backs off for 4-8 s)
  // and then for good; c3 and e5 are big, and the warehouse takes ~15 s to answer their CLONE
  // (UC_LOCAL_LATENCY_MS_PER_MB), so they are still in flight when d4 fails.
  const TABLES = ["a1", "b2", "c3", "d4", "e5", "f6"];
  const ADOPTED = ["b2", "c3", "f6"];
  const BIG = ["c3", "e5"];

  async function seedMixed(): Promise<Record<string, number>> {
    await fx.seedFlatSource(TABLES.filter((t) => !BIG.includes(t)));
    for (const t of BIG) {
      await fx.sql(`CREATE TABLE prod.s.${t} (id INT, pad STRING)`);
      await fx.sql(`INSERT INTO prod.s.${t} SELECT id, md5(CAST(id AS STRING)) FROM range(20000) AS r(id)`);
    }
    await fx.sql("CREATE CATALOG qa");
    await fx.sql("CREATE SCHEMA qa.s");
    const preClone: Record<string, number> = {};
    for (const t of ADOPTED) {
      await fx.sql(`CREATE TABLE qa.s.${t} (id INT)`);
      await fx.sql(`INSERT INTO qa.s.${t} VALUES (42)`);
      preClone[t] = Number((await fx.sql(`DESCRIBE HISTORY qa.s.${t} LIMIT 1`))[0].version);
    }
    return preClone;
  }

  /** The destination table holds the same rows as its source. */
  async function sameAsSource(t: string): Promise<boolean> {
    const sum = async (c: string) => JSON.stringify(await fx.sql(`SELECT count(*) AS n, sum(id) AS s FROM ${c}.s.${t}`));
    return (await sum("qa")) === (await sum("prod"));
  }

  it("a failure in the middle of a catalog that mixes adopted and created tables puts back every table the deployment changed, finished or in flight; the next up converges", async () => {
    fx = new CloneFixture();
    const preClone = await seedMixed();
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:rollbackOnFailure": true, "catalog-clone:validate": { rowCounts: true } });
    const env = {
      ...faults({ match: "^CREATE TABLE .*`d4` DEEP CLONE", errorClass: "TEMPORARILY_UNAVAILABLE", times: 4 }, cloneRefused("d4")),
      UC_LOCAL_LATENCY_MS_PER_MB: "20000",
    };
    const from = fx.statementCount();
    const up = await fx.stack("qa", config, { env, parallel: 6 }).up();
    expect(up.failed).toBe(true);

    // Everything is as before the deployment: created tables dropped, adopted ones RESTOREd to their
    // pre-clone version, those that finished before d4 failed (a1, b2, f6) and those still cloning (c3, e5).
    for (const t of ["a1", "d4", "e5"]) expect(await fx.exists(`qa.s.${t}`), t).toBe(false);
    for (const t of ADOPTED) expect(await fx.ids(`qa.s.${t}`), t).toEqual([42]);
    const w = writes(fx.statementsSince(from));
    expect(w.filter((s) => /^(RESTORE|DROP)/.test(s)).sort()).toEqual(
      [
        "DROP TABLE IF EXISTS `qa`.`s`.`a1`",
        "DROP TABLE IF EXISTS `qa`.`s`.`e5`",
        ...ADOPTED.map((t) => `RESTORE TABLE \`qa\`.\`s\`.\`${t}\` TO VERSION AS OF ${preClone[t]}`),
      ].sort(),
    );

    // The failing table's error says what the deployment did and put back, table by table.
    const errorOf = (t: string) => up.steps.find((s) => s.name === `qa/s.${t}`)?.error ?? "";
    const d4 = errorOf("d4");
    expect(d4).toContain("INSUFFICIENT_PERMISSIONS");
    expect(d4).toMatch(/rollbackOnFailure: qa\.s\.d4 failed, so every table this deployment changed in catalog qa is put back/);
    expect(d4).toMatch(/qa\.s\.a1: cloned \(new table\); put back: dropped \(this deployment created it\)/);
    for (const t of ["b2", "f6"]) expect(d4).toMatch(new RegExp(`qa\\.s\\.${t}: adopted \\(.*\\); put back: restored to version ${preClone[t]}`));
    for (const t of BIG) expect(d4).toMatch(new RegExp(`qa\\.s\\.${t}: in flight; still running when the deployment failed`));
    // c3 and e5 put themselves back when their clone returned
    expect(errorOf("c3")).toMatch(new RegExp(`put back \\(restored to version ${preClone.c3}\\): qa\\.s\\.d4 failed in this deployment while this table was being cloned`));
    expect(errorOf("e5")).toMatch(/put back \(dropped \(this deployment created it\)\): qa\.s\.d4 failed in this deployment while this table was being cloned/);

    // The next up (the grant fixed) sees the drift and converges: every table is a clone of its source.
    const next = await fx.stack("qa", config).up();
    expect(next.errors).toEqual([]);
    for (const t of TABLES) expect(await sameAsSource(t), t).toBe(true);
    // and destroy still knows what was adopted: those go back to their own data
    expect((await fx.stack("qa", config).destroy()).errors).toEqual([]);
    for (const t of ADOPTED) expect(await fx.ids(`qa.s.${t}`), t).toEqual([42]);
  }, 300_000);

  it("is off by default: a failure keeps what succeeded (resume)", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(["a1", "b2", "c3"]);
    const up = await fx.stack("qa", cloneConfig("qa", "DEEP"), { env: faults(cloneRefused("b2")), parallel: 1, continueOnError: true }).up();
    expect(up.failed).toBe(true);
    for (const t of ["a1", "c3"]) expect(await fx.ids(`qa.s.${t}`)).toEqual([1, 2, 3]);
  }, 180_000);
});
