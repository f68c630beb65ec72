/**
 * `npm run demo` works end to end (on the compiled output, as the npm script runs it): seeds prod,
 * brings up dev_sandbox and qa, then prod_dr into a second workspace through Delta Sharing, and prints
 * plans, reports and row counts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-demo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("clones prod into dev_sandbox and qa and prints what it did", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DEMO_DIR: dir };
    delete env.UC_LOCAL_WAREHOUSE;
    const r = spawnSync(process.execPath, [path.join(ROOT, "dist/examples/demo/index.js")], { cwd: ROOT, env, encoding: "utf8", timeout: 480_000 });
    expect(r.stderr).not.toContain("demo failed");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("52 tables, ");
    expect(out).toMatch(/Plan for stack dev_sandbox: SHALLOW clone/);
    expect(out).toContain("skip ops.shipment_events [STREAMING_TABLE]");
    expect(out).toContain("skip finance.ledger_by_region [MATERIALIZED_VIEW]");
    // Views on views across schemas and functions calling functions are cloned (2 + 2 in each stack).
    expect(out).toContain("views: 2 cloned, 0 not cloned; functions: 2 cloned, 0 not cloned");
    expect(out).toContain("Clone report prod → qa:");
    expect(out).toContain("plus prod.ops.landing (managed VOLUME, 2 files)");
    expect(out).toMatch(/volumes: 1 cloned, 2 file\(s\) copied/);
    expect(out).toContain("tables: 52 cloned; 2 not cloned");
    // qa replays governance: the seeded grant and owner (data_eng → qa_eng) and the tag with an apostrophe
    expect(out).toMatch(/governance: 2 grants, 1 owners, 1 tags, \d+ comments replayed/);
    expect(out).toMatch(/\d+ statements, 0 CLONE/);
    expect(out).toContain("CLONE statements: 1 (`qa`.`sales`.`orders`)");
    expect(out).toContain("Tables and views in dev_sandbox (50):");
    expect(out).toContain("Tables and views in qa (54):");
    // the protected table: qa's copy carries prod's row filter and mask, bound to qa's own copies of their
    // functions (read from qa.information_schema.row_filters / column_masks); dev_sandbox excludes it, prod_dr does not share it
    expect(out).toContain("  row filter on contacts_restricted: qa.hr.eu_only");
    expect(out).toContain("  mask on contacts_restricted.phone: qa.hr.hide_phone");
    expect(out).toContain("skipped hr.contacts_restricted [EXCLUDED_TABLE]");
    expect(out).toContain("not shared: hr.contacts_restricted: protected by a row filter or column mask");
    // personal data: qa holds it masked (a 2-character name too), dev_sandbox (SHALLOW) leaves it out
    expect(out).toContain("  1  ***@example.com  ********lace  *******6789");
    expect(out).toContain("  3  ***@example.com  **  *******3456");
    expect(out).not.toMatch(/ada\.lovelace@|123-45-6789|Grace Hopper/);
    // prod_dr: a second workspace through Delta Sharing, the platform team's recipient reused, a no-op re-run.
    expect(out).toMatch(/share: xws_prod_to_prod_dr_[0-9a-f]{8} \(51 tables, created by this stack\)/);
    expect(out).toContain("recipient: dr_region (reused: existed before, never dropped by this stack)");
    expect(out).toContain("Clone report prod_dr_via_share → prod_dr:");
    expect(out).toMatch(/\d+ statements on both workspaces, 0 sharing, 0 CLONE/);
    expect(out).toContain("Tables and views in prod_dr (51):");
    expect(fs.existsSync(path.join(dir, "warehouse"))).toBe(true);

    // what qa holds of prod.sales.orders' governance: the mapped owner, the grant, the tag, the CHECK constraint
    const wh = await LocalWarehouse.open(path.join(dir, "warehouse"));
    try {
      const [t] = await wh.execute("SELECT table_owner FROM qa.information_schema.tables WHERE table_schema = 'sales' AND table_name = 'orders'");
      expect(t.table_owner).toBe("qa_eng");
      const grants = await wh.execute("SHOW GRANTS ON TABLE qa.sales.orders");
      expect(grants.map((g) => `${g.Principal} ${g.ActionType}`).sort()).toEqual(["qa_eng MODIFY", "qa_eng SELECT"]);
      const [tag] = await wh.execute("SELECT tag_value FROM qa.information_schema.table_tags WHERE table_name = 'orders' AND tag_name = 'steward'");
      expect(tag.tag_value).toBe("O'Brien's team");
      const props = await wh.execute("SHOW TBLPROPERTIES qa.sales.orders");
      expect(props.find((p) => p.key === "delta.constraints.positive_id")?.value).toBe("id > 0");
      await expect(wh.execute("INSERT INTO qa.sales.orders (id) VALUES (0)")).rejects.toThrow(/CHECK|constraint/i);
    } finally {
      await wh.close();
    }
  }, 480_000);
});
