/**
 * Cross-workspace clone through Delta Sharing (issue 11), on two workspaces of one embedded account:
 * the root program with `catalog-clone:crossWorkspace` (the prod_dr shape) shares prod from the source
 * workspace, reuses the recipient that already stands for the DR metastore, mounts the share in the DR
 * workspace and deep-clones it there; a re-run sends no sharing statement; source drift is re-cloned;
 * destroy removes exactly what the stack created. Same metastore on both sides: nothing is shared.
 * A failure midway (the GRANT) leaves state from which destroy removes exactly what was created.
 * `shareLifecycle: teardown`: share, grant and shared catalog go after each sync and come back only when
 * the source or the copy changed. Fan-out: a target failing in a step, or unreachable at program time
 * (with its own credentials namespace), fails alone; neither side's secret reaches state or logs.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalWarehouse, readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
let dr: LocalWarehouse | undefined;
afterEach(async () => {
  await dr?.close();
  dr = undefined;
  await fx?.cleanup();
});

const SHARING = /^(CREATE SHARE|CREATE RECIPIENT|GRANT|ALTER SHARE|CREATE CATALOG .* USING SHARE)/;

/** The DR workspace: a sibling directory of the source workspace, so the same account. */
async function openDr(): Promise<{ dir: string; wh: LocalWarehouse }> {
  const dir = path.join(fx.dir, "dr");
  dr = await LocalWarehouse.open(dir);
  return { dir, wh: dr };
}

/** The prod_dr shape: the DR target is the account's workspace `dr` (or the directory `path`). */
const config = (target: { workspace: string } | { path: string }, more: Record<string, unknown> = {}) =>
  cloneConfig("prod_dr", "DEEP", { "catalog-clone:sync": "mirror", "catalog-clone:crossWorkspace": { targets: [target], ...more } });
const DR = { workspace: "dr" };

const SOURCE_TOKEN = "dapi-source-secret-3b9e1c7a";
const TARGET_TOKEN = "dapi-target-secret-8d2f4a6c";

const names = (rows: Record<string, unknown>[], col = "name") => rows.map((r) => String(r[col])).sort();

describe("CrossWorkspaceClone (prod → DR workspace)", () => {
  it("shares, reuses the recipient, deep-clones; a re-run sends no sharing statement; drift is re-cloned; destroy removes only what it created", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const { dir: drDir, wh } = await openDr();
    const drMetastore = String((await wh.execute("SELECT current_metastore() AS m"))[0].m);
    // A recipient for the DR metastore exists before the stack: it must be reused, never duplicated, never dropped.
    await fx.sql(`CREATE RECIPIENT legacy_dr USING ID '${drMetastore}'`);

    const up = await fx.stack("prod_dr", config(DR)).up();
    expect(up.errors).toEqual([]);
    const [share] = names(await fx.sql("SHOW SHARES"));
    expect(share).toMatch(/^xws_prod_to_prod_dr_[0-9a-f]{8}$/);
    expect(names(await fx.sql(`SHOW ALL IN SHARE ${share}`))).toEqual(["hr.people", "sales.items", "sales.orders"]);
    expect(names(await fx.sql("SHOW RECIPIENTS"))).toEqual(["legacy_dr"]);
    expect(names(await fx.sql(`SHOW GRANTS ON SHARE ${share}`), "recipient")).toEqual(["legacy_dr"]);
    const drCatalogs = names(await wh.execute("SHOW CATALOGS"), "catalog");
    expect(drCatalogs).toEqual(expect.arrayContaining(["prod_dr", "prod_dr_via_share"]));
    for (const t of ["sales.orders", "sales.items", "hr.people"]) {
      expect(await wh.execute(`SELECT * FROM prod_dr.${t} ORDER BY 1`)).toEqual(await fx.rows(`prod.${t}`));
    }
    // What was not shared is said (views, streaming tables, materialized views).
    const said = fx.logs.join("\n");
    expect(said).toMatch(/not shared: sales\.big_orders: VIEW/);

    // Nothing changed: no sharing statement on either side, no clone.
    const fromSrc = readStatementLog(fx.warehouseDir).length;
    const fromDr = readStatementLog(drDir).length;
    expect((await fx.stack("prod_dr", config(DR)).up()).errors).toEqual([]);
    const sent = [...readStatementLog(fx.warehouseDir).slice(fromSrc), ...readStatementLog(drDir).slice(fromDr)].map((e) => e.statement);
    expect(sent.filter((s) => SHARING.test(s) || /CLONE/.test(s))).toEqual([]);

    // Source drift reaches the DR copy on the next up.
    await fx.sql("INSERT INTO prod.sales.orders VALUES (4, 40.0)");
    expect((await fx.stack("prod_dr", config(DR)).up()).errors).toEqual([]);
    expect(await wh.execute("SELECT * FROM prod_dr.sales.orders ORDER BY 1")).toEqual(await fx.rows("prod.sales.orders"));

    // Destroy: the share, the grant, the shared catalog and the clone go; the pre-existing recipient stays.
    expect((await fx.stack("prod_dr", config(DR)).destroy()).errors).toEqual([]);
    expect(names(await fx.sql("SHOW SHARES"))).toEqual([]);
    expect(names(await fx.sql("SHOW RECIPIENTS"))).toEqual(["legacy_dr"]);
    expect(await fx.sql("SHOW GRANTS TO RECIPIENT legacy_dr")).toEqual([]);
    const after = names(await wh.execute("SHOW CATALOGS"), "catalog");
    expect(after).not.toContain("prod_dr");
    expect(after).not.toContain("prod_dr_via_share");
    expect(await fx.rows("prod.sales.orders")).toHaveLength(4);
  }, 300_000);

  it("teardown: the share, grant and shared catalog it made go after each sync; a no-op re-run sends no sharing statement; drift on either side re-shares and re-clones; a failed clone leaves them for the retry", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const { dir: drDir, wh } = await openDr();
    const teardown = config(DR, { shareLifecycle: "teardown" });
    const gone = async () => {
      expect(names(await fx.sql("SHOW SHARES"))).toEqual([]);
      expect(names(await wh.execute("SHOW CATALOGS"), "catalog")).not.toContain("prod_dr_via_share");
    };
    const sinceBoth = () => {
      const src = readStatementLog(fx.warehouseDir).length;
      const drN = readStatementLog(drDir).length;
      return () => [...readStatementLog(fx.warehouseDir).slice(src), ...readStatementLog(drDir).slice(drN)].map((e) => e.statement);
    };

    const up = await fx.stack("prod_dr", teardown).up();
    expect(up.errors).toEqual([]);
    for (const t of ["sales.orders", "sales.items", "hr.people"]) {
      expect(await wh.execute(`SELECT * FROM prod_dr.${t} ORDER BY 1`)).toEqual(await fx.rows(`prod.${t}`));
    }
    await gone();
    // The recipient it created stays (the next sync grants to it again), without any grant.
    const [recipient] = names(await fx.sql("SHOW RECIPIENTS"));
    expect(recipient).toMatch(/^xws_metastore_/);
    expect(await fx.sql(`SHOW GRANTS TO RECIPIENT ${recipient}`)).toEqual([]);
    const report = (up.outputs.report as Record<string, { teardown: string; sync: { inSync: boolean } }>).prod_dr;
    expect(report.sync.inSync).toBe(false);
    expect(report.teardown).toMatch(/dropped shared catalog .*revoked SELECT.*dropped share/);

    // A refresh keeps the torn-down share and shared catalog in state (absent by design), so an up with
    // nothing changed still sends no sharing statement, clones nothing, drops and revokes nothing.
    expect((await fx.stack("prod_dr", teardown).refresh()).errors).toEqual([]);
    let sent = sinceBoth();
    const again = await fx.stack("prod_dr", teardown).up();
    expect(again.errors).toEqual([]);
    expect(sent().filter((x) => SHARING.test(x) || /CLONE|^DROP|^REVOKE|^ALTER CATALOG/.test(x))).toEqual([]);
    expect((again.outputs.report as Record<string, { sync: { inSync: boolean } }>).prod_dr.sync.inSync).toBe(true);

    // Source drift: shared again (the recipient reused), re-cloned, torn down again.
    await fx.sql("INSERT INTO prod.sales.orders VALUES (4, 40.0)");
    // Preview plans the re-clone from the source-side discovery (the shared catalog is absent): nothing else changes.
    const preview = await fx.stack("prod_dr", teardown).preview();
    expect(preview.errors).toEqual([]);
    expect(preview.counts.delete).toBe(0);
    expect(preview.steps.filter((x) => x.op !== "same" && /catalog-clone:Table/.test(x.type)).map((x) => x.name)).toEqual(["prod_dr/sales.orders"]);
    // The clone fails midway: nothing is torn down (share, grant and shared catalog wait for the retry).
    sent = sinceBoth();
    const cloneFault = { UC_LOCAL_FAULTS: JSON.stringify([{ match: "DEEP CLONE", errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", phase: "before" }]) };
    const failed = await fx.stack("prod_dr", teardown, { env: cloneFault }).up();
    expect(failed.errors.join("\n")).toMatch(/INSUFFICIENT_PERMISSIONS/);
    const drift = sent();
    expect(drift.filter((x) => /^CREATE SHARE/.test(x))).toHaveLength(1);
    expect(drift.filter((x) => /^CREATE RECIPIENT/.test(x))).toEqual([]);
    expect(names(await fx.sql("SHOW SHARES"))).toHaveLength(1);
    expect(names(await wh.execute("SHOW CATALOGS"), "catalog")).toContain("prod_dr_via_share");
    // The retry clones from what is still mounted (no sharing statement), then tears it down.
    sent = sinceBoth();
    expect((await fx.stack("prod_dr", teardown).up()).errors).toEqual([]);
    expect(sent().filter((x) => SHARING.test(x))).toEqual([]);
    expect(await wh.execute("SELECT * FROM prod_dr.sales.orders ORDER BY 1")).toEqual(await fx.rows("prod.sales.orders"));
    await gone();

    // Destination drift (someone wrote into the DR copy): mirror puts it back, through a new share.
    await wh.execute("INSERT INTO prod_dr.sales.items SELECT * FROM prod_dr.sales.items");
    expect((await fx.stack("prod_dr", teardown).up()).errors).toEqual([]);
    expect(await wh.execute("SELECT * FROM prod_dr.sales.items ORDER BY 1")).toEqual(await fx.rows("prod.sales.items"));
    await gone();

    // Destroy: the copy and the recipient this stack created go; the source is untouched.
    expect((await fx.stack("prod_dr", teardown).destroy()).errors).toEqual([]);
    expect(names(await fx.sql("SHOW RECIPIENTS"))).toEqual([]);
    expect(names(await wh.execute("SHOW CATALOGS"), "catalog")).not.toContain("prod_dr");
    expect(await fx.rows("prod.sales.orders")).toHaveLength(4);
  }, 400_000);

  it("same metastore on both sides: fails before anything is shared, naming the option; directClone clones without a share", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(["a"]);
    const same = { path: fx.warehouseDir };
    const up = await fx.stack("prod_dr", config(same)).up();
    expect(up.errors.join("\n")).toMatch(/CATALOG_CLONE_SAME_METASTORE.*sameMetastore: "directClone"/s);
    expect(await fx.catalogs()).not.toContain("prod_dr");
    const direct = await fx.stack("prod_dr", config(same, { sameMetastore: "directClone" })).up();
    expect(direct.errors).toEqual([]);
    expect(await fx.rows("prod_dr.s.a")).toEqual(await fx.rows("prod.s.a"));
    expect(fx.statementsSince(0).filter((s) => SHARING.test(s))).toEqual([]);
  }, 180_000);

  it("a failure midway (the GRANT) leaves state from which destroy removes exactly the share and recipient it created", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    await openDr();
    const faults = { UC_LOCAL_FAULTS: JSON.stringify([{ match: "^GRANT SELECT ON SHARE", errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", phase: "before" }]) };
    const up = await fx.stack("prod_dr", config(DR), { env: faults }).up();
    expect(up.errors.join("\n")).toMatch(/INSUFFICIENT_PERMISSIONS/);
    expect(names(await fx.sql("SHOW SHARES"))).toHaveLength(1);
    expect(names(await fx.sql("SHOW RECIPIENTS"))).toHaveLength(1);
    // A foreign share the stack never touched.
    await fx.sql("CREATE SHARE someone_elses");
    expect((await fx.stack("prod_dr", config(DR)).destroy()).errors).toEqual([]);
    expect(names(await fx.sql("SHOW SHARES"))).toEqual(["someone_elses"]);
    expect(names(await fx.sql("SHOW RECIPIENTS"))).toEqual([]);
  }, 240_000);

  it("fan-out: one source, two targets, one share each; a target that fails (in a step, or unreachable at program time) leaves the other cloned and loses nothing; each side's secret stays out of state", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(["a", "b"]);
    const b = await LocalWarehouse.open(path.join(fx.dir, "b"));
    const c = await LocalWarehouse.open(path.join(fx.dir, "c"));
    try {
      const fanOut = cloneConfig("prod_dr", "DEEP", {
        "catalog-clone:crossWorkspace": { targets: [{ name: "b", workspace: "b", catalog: "prod_b" }, { name: "c", workspace: "c", catalog: "prod_c" }] },
      });
      const faults = { UC_LOCAL_FAULTS: JSON.stringify([{ match: "prod_c_via_share.*USING SHARE", errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", phase: "before" }]) };
      const up = await fx.stack("prod_dr", fanOut, { env: faults, continueOnError: true }).up();
      expect(up.errors.join("\n")).toMatch(/INSUFFICIENT_PERMISSIONS/);
      // One share per target; b went all the way, c stopped at its shared catalog.
      expect(names(await fx.sql("SHOW SHARES"))).toEqual([expect.stringMatching(/^xws_prod_to_prod_b_/), expect.stringMatching(/^xws_prod_to_prod_c_/)]);
      expect(await b.execute("SELECT * FROM prod_b.s.a ORDER BY 1")).toEqual(await fx.rows("prod.s.a"));
      expect(names(await c.execute("SHOW CATALOGS"), "catalog")).not.toContain("prod_c");
      const report = up.outputs.report as Record<string, { clone?: unknown; clonePending?: string }>;
      expect(report.b.clone).toBeTruthy();
      expect(report.c.clonePending).toMatch(/planned once the shared catalog exists/);

      // Next run: c is now a Databricks workspace that cannot be reached at program time, with its own
      // secret (namespace databricks-c). b still syncs the source's drift; c fails alone, reported as such,
      // and nothing of c is removed (the failed program deletes nothing); neither side's secret lands anywhere.
      await fx.sql("INSERT INTO prod.s.a VALUES (99)");
      const unreachable = cloneConfig("prod_dr", "DEEP", {
        "catalog-clone:crossWorkspace": {
          targets: [
            { name: "b", workspace: "b", catalog: "prod_b" },
            { name: "c", host: "127.0.0.1", warehouseId: "abc123", configNamespace: "databricks-c", catalog: "prod_c" },
          ],
        },
      });
      const secretConfig = { "databricks:token": SOURCE_TOKEN, "databricks-c:token": TARGET_TOKEN };
      const second = await fx.stack("prod_dr", unreachable, { secretConfig }).up();
      // It got as far as the network: its credentials came from its own namespace (no fallback to databricks:token).
      expect(second.errors.join("\n")).toMatch(/CrossWorkspaceClone "c": \[NETWORK_ERROR\]/);
      expect(await b.execute("SELECT * FROM prod_b.s.a ORDER BY 1")).toEqual(await fx.rows("prod.s.a"));
      expect(names(await fx.sql("SHOW SHARES"))).toEqual([expect.stringMatching(/^xws_prod_to_prod_b_/), expect.stringMatching(/^xws_prod_to_prod_c_/)]);
      const statuses = second.outputs.report as Record<string, { status: string; error?: string }>;
      expect(statuses.b.status).toBe("ok");
      expect(statuses.c).toMatchObject({ status: "failed", error: expect.stringMatching(/NETWORK_ERROR/) });
      expect(second.counts.delete).toBe(0);
      const written = [
        ...fs.readdirSync(fx.dir).filter((n) => n.endsWith(".json") || n.endsWith(".journal")).map((n) => fs.readFileSync(path.join(fx.dir, n), "utf8")),
        ...fx.logs,
        ...second.errors,
        JSON.stringify(second),
      ].join("\n");
      expect(written.length).toBeGreaterThan(1000); // we did look at real output
      expect(written).not.toContain(SOURCE_TOKEN);
      expect(written).not.toContain(TARGET_TOKEN);
    } finally {
      await b.close();
      await c.close();
    }
  }, 240_000);
});
