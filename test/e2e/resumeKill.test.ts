/**
 * A provider process killed with SIGKILL in the middle of an `up` (while it clones) leaves nothing the
 * next `up` cannot adopt or clean: the re-run converges, every destination matches its source, no
 * table is cloned twice after it was recorded, and destroy removes everything the stack created.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, cloneConfig } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const N = 8;
const name = (i: number) => `t${String(i).padStart(2, "0")}`;

describe("kill -9 mid-up", () => {
  it("the next up adopts what the killed run left and converges", async () => {
    fx = new CloneFixture();
    await fx.sql("CREATE CATALOG prod");
    await fx.sql("CREATE SCHEMA prod.s");
    for (let i = 1; i <= N; i++) await fx.sql(`CREATE TABLE prod.s.${name(i)} AS SELECT ${i} AS id`);
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:validate": { rowCounts: true } });

    // The provider plugin dies (SIGKILL) right after its second clone ran, before the answer came back and
    // anything recorded it, with another clone in flight or done: the engine's `crash` fault, so the kill
    // lands at that point on any machine load.
    const from = fx.statementCount();
    const crash = { match: "^CREATE TABLE .* CLONE", nth: 2, phase: "after", crash: true };
    const first = await fx.stack("qa", config, { parallel: 2, env: { UC_LOCAL_LATENCY_MS: "50", UC_LOCAL_FAULTS: JSON.stringify([crash]) } }).up();
    expect(first.failed).toBe(true);
    const killed = readStatementLog(fx.warehouseDir).slice(from).filter((e) => e.errorClass === "PROCESS_KILLED");
    expect(killed).toHaveLength(1);
    expect(killed[0].pid).not.toBe(process.pid);

    const rerunFrom = fx.statementCount();
    const rerun = await fx.stack("qa", config, { parallel: 2 }).up();
    expect(rerun.errors).toEqual([]);
    for (let i = 1; i <= N; i++) expect(await fx.rows(`qa.s.${name(i)}`)).toEqual(await fx.rows(`prod.s.${name(i)}`));
    // Clones the killed run completed (logged without error) are never cloned again: either they were
    // recorded before the kill, or the re-run finds them (our marker, same source version) and records them.
    const completedFirst = readStatementLog(fx.warehouseDir)
      .slice(from, rerunFrom)
      .filter((e) => /^CREATE TABLE .* CLONE/.test(e.statement) && e.errorClass === null)
      .map((e) => /`qa`.`s`.`(\w+)`/.exec(e.statement)![1]);
    expect(completedFirst.length).toBeGreaterThan(0);
    const reCloned = fx
      .statementsSince(rerunFrom)
      .filter((s) => /CLONE/.test(s) && /^CREATE/.test(s))
      .map((s) => /`qa`.`s`.`(\w+)`/.exec(s)![1]);
    for (const t of completedFirst) expect(reCloned).not.toContain(t);
    expect(new Set(reCloned).size).toBe(reCloned.length);
    // Every table was cloned exactly once: by the killed run (then recorded, or found by the re-run by its
    // marker and pinned version and resumed, as the clone the kill cut off is) or by the re-run.
    const tables = fx.stack("qa", config).state()!.resources.filter((r) => r.type.endsWith("catalog-clone:Table"));
    const resumed = tables.filter((r) => /resumed/.test(String(r.outputs.lastReason))).map((r) => String((r.outputs.destination as { table: string }).table));
    expect(resumed.length).toBeGreaterThan(0);
    for (let i = 1; i <= N; i++) expect([...completedFirst, ...reCloned, ...resumed]).toContain(name(i));
    for (const t of resumed) expect(reCloned).not.toContain(t);

    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  }, 180_000);
});
