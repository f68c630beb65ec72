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

    // Slow warehouse for the first run, so the kill lands while tables are being cloned.
    const from = fx.statementCount();
    let killed: number | undefined;
    const watcher = setInterval(() => {
      if (killed) return;
      const clones = readStatementLog(fx.warehouseDir)
        .slice(from)
        .filter((e) => /^CREATE TABLE .* CLONE/.test(e.statement) && e.pid !== process.pid);
      if (clones.length >= 2) {
        killed = clones[0].pid;
        try {
          process.kill(killed, "SIGKILL"); // the provider plugin process this test's harness started
        } catch {
          /* already gone */
        }
      }
    }, 10);
    const first = await fx.stack("qa", config, { parallel: 2, env: { UC_LOCAL_LATENCY_MS: "150" } }).up();
    clearInterval(watcher);
    expect(killed).toBeDefined();
    expect(first.failed).toBe(true);

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
    expect([...completedFirst, ...reCloned].sort()).toEqual(Array.from({ length: N }, (_, i) => name(i + 1)));
    const reasons = fx.stack("qa", config)
      .state()!
      .resources.filter((r) => r.type.endsWith("catalog-clone:Table"))
      .map((r) => String(r.outputs.lastReason));
    expect(reasons.some((r) => /resumed/.test(r))).toBe(true);

    const destroy = await fx.stack("qa", config).destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  }, 180_000);
});
