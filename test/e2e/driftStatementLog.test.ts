/**
 * The statement log (every process: program, provider plugin) proves the cost model on 200 tables:
 * a first `up` costs at most 2.5 statements per table (issue 13: a plain CREATE … CLONE for a table
 * discovery saw absent, no lookup and no source history read before it; the baseline reads after it,
 * last_altered then the clone's history row, batched per catalog); a no-drift `up` issues at most 3
 * statements (discovery: one listing of schemas and tables per catalog since issue 13, plus one
 * statement for the views and functions of both catalogs since issue 10); maintenance on 40 tables
 * (source and destination) writes nothing, costs at most one history read per table (a destination's in
 * diff, a source's in its update, where the updates' reads batch), and the next `up` is back to 3; a drift of 3 source tables
 * costs at most 4 + 2·3 statements (issue 13): discovery, the three confirmations in one read (the diff leaves them to the
 * updates, whose reads wait for each other: readHold.ts), the three re-clones, their last_altered and history rows
 * (one read each for the three), and no statement about any other table.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig, tableOps, tick, writes } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const N = 200;
const name = (i: number) => `t${String(i).padStart(3, "0")}`;

describe("statement counts on 200 tables", () => {
  it("no-drift up ≤ 3 statements; maintenance moves baselines once; 3 drifted tables cost one re-clone each and nothing for the rest", async () => {
    fx = new CloneFixture();
    const t0 = Date.now();
    const phase = (what: string) => console.log(`[${what}] ${Date.now() - t0} ms`);
    await fx.sql("CREATE CATALOG prod");
    for (const s of ["a", "b"]) await fx.sql(`CREATE SCHEMA prod.${s}`);
    for (let i = 0; i < N; i++) {
      const s = i % 2 === 0 ? "a" : "b";
      await fx.sql(`CREATE TABLE prod.${s}.${name(i)} (id INT)`);
      await fx.sql(`INSERT INTO prod.${s}.${name(i)} VALUES (${i})`);
    }
    phase("seeded");
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:sync": "selective" });
    let from = fx.statementCount();
    const first = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(first.errors).toEqual([]);
    expect(Object.values(tableOps(first)).filter((op) => op === "create")).toHaveLength(N);
    const firstStmts = fx.statementsSince(from);
    console.log(`first up of ${N} tables: ${firstStmts.length} statements (${(firstStmts.length / N).toFixed(2)} per table)`);
    expect(firstStmts.length).toBeLessThanOrEqual(2.5 * N);

    phase("first up");
    from = fx.statementCount();
    const noDrift = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(noDrift.errors).toEqual([]);
    expect(noDrift.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    const quiet = fx.statementsSince(from);
    expect(quiet.length).toBeLessThanOrEqual(3);
    expect(quiet.every((s) => /information_schema/.test(s))).toBe(true);

    phase("no-drift up");
    // predictive optimization and a metadata pass: ANALYZE + COMMENT ON on 20 source tables, ANALYZE +
    // VACUUM on 20 other destination tables. Not drift: no write; the first up records 40 baselines (one
    // history read each at most, fewer when the updates' reads batch), and the next up is back to discovery only
    await tick();
    const maintainedSrc = Array.from({ length: 20 }, (_, k) => name(10 + k));
    const maintainedDst = Array.from({ length: 20 }, (_, k) => name(40 + k));
    const schemaOf = (t: string) => (Number(t.slice(1)) % 2 === 0 ? "a" : "b");
    for (const t of maintainedSrc) {
      await fx.sql(`ANALYZE TABLE prod.${schemaOf(t)}.${t} COMPUTE STATISTICS`);
      await fx.sql(`COMMENT ON TABLE prod.${schemaOf(t)}.${t} IS 'reviewed'`);
    }
    for (const t of maintainedDst) {
      await fx.sql(`ANALYZE TABLE qa.${schemaOf(t)}.${t} COMPUTE STATISTICS`);
      await fx.sql(`VACUUM qa.${schemaOf(t)}.${t}`);
    }
    from = fx.statementCount();
    const rebase = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(rebase.errors).toEqual([]);
    expect(rebase.counts).toMatchObject({ create: 0, update: 40, replace: 0, delete: 0 });
    const rebaseStmts = fx.statementsSince(from);
    expect(writes(rebaseStmts)).toEqual([]);
    expect(rebaseStmts.length).toBeLessThanOrEqual(3 + 40);
    console.log(`up after maintenance of 40 of ${N} tables: ${rebaseStmts.length} statements, no write`);
    from = fx.statementCount();
    const quietAgain = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(quietAgain.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    const quietAgainStmts = fx.statementsSince(from);
    expect(quietAgainStmts.length).toBeLessThanOrEqual(3);
    expect(quietAgainStmts.every((s) => /information_schema/.test(s))).toBe(true);
    console.log(`no-drift up after the baselines moved: ${quietAgainStmts.length} statements`);

    phase("maintenance");
    await tick();
    const drifted = [name(7), name(100), name(151)];
    for (const t of drifted) await fx.sql(`INSERT INTO prod.${Number(t.slice(1)) % 2 === 0 ? "a" : "b"}.${t} VALUES (-1)`);
    from = fx.statementCount();
    const drift = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(drift.errors).toEqual([]);
    const updated = Object.entries(tableOps(drift)).filter(([, op]) => op !== "same").map(([n, op]) => `${n}:${op}`).sort();
    expect(updated).toEqual(["qa/a.t100:update", "qa/b.t007:update", "qa/b.t151:update"]);
    const stmts = fx.statementsSince(from);
    const clones = writes(stmts).filter((s) => /CLONE/.test(s));
    expect(clones.map((s) => /`qa`.`\w+`.`(\w+)`/.exec(s)![1]).sort()).toEqual(drifted.sort());
    expect(clones.every((s) => s.startsWith("CREATE OR REPLACE TABLE"))).toBe(true);
    expect(writes(stmts)).toHaveLength(3); // nothing but the three re-clones writes
    // every statement besides discovery names one of the drifted tables
    const perTable = stmts.filter((s) => !/^SELECT .* FROM (`(prod|qa)`.information_schema.(tables|schemata)|system.information_schema.views)/.test(s));
    expect(perTable.every((s) => drifted.some((t) => s.includes(t)))).toBe(true);
    for (const t of drifted) expect(perTable.filter((s) => s.includes(t)).length).toBeLessThanOrEqual(4);
    // Issue 13's budget (was 3 + 4 per table before the updates' reads were batched).
    expect(stmts.length, stmts.join("\n")).toBeLessThanOrEqual(4 + 2 * drifted.length);
    console.log(`drift-3 up on ${N} tables: ${stmts.length} statements (${perTable.length} per-table, ${clones.length} re-clones)`);
  }, 600_000);
});
