/**
 * PR preview stacks (issue 12): a `pr-<n>` stack with no stack file is brought up with the harness CLI
 * from the repository root, as a user runs `npm run stack -- up --stack pr-7`; its destination is derived
 * from its name and its settings come from Pulumi.yaml's prPreset (schema-only, narrow scope, ttl 3d); a
 * second up a day later writes nothing (the expiry is not pushed forward while half the ttl remains). Then
 * `pulumi-uc-clone-reap` with a fake clock: before expiry it lists nothing; after, its dry run lists the
 * clone and changes nothing; `--yes` removes it through the stack (the harness's destroy of its state),
 * leaving the workspace object for object as it was before the up; a `qa` catalog carrying both of reap's
 * tags (expired) is kept, and the output says why. A second PR stack whose state is not
 * reachable is reaped by markers: a table someone added to it is kept, with its schema and the catalog,
 * and the output says so. A third is brought up and destroyed with the harness CLI, in a workspace
 * also holding foreign objects of every kind (grants, tags, constraint, function, volume, share,
 * recipient, metastore grant): every row of every metastore listing is again exactly what it was.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "pulumi-uc-clone-stack-harness";
import { INFORMATION_SCHEMA_VIEWS } from "pulumi-uc-clone-local-warehouse";
import { runReap } from "../../components/reap/cli";
import { setColumnTags, setTags } from "../../provider/sql/tags";
import { CloneFixture, ROOT } from "./catalogCloneFixture";
import { writes } from "./driftFixture";

const T0 = "2026-03-01T09:00:00Z";
const BEFORE_EXPIRY = "2026-03-03T09:00:00Z";
const AFTER_EXPIRY = "2026-03-04T09:00:01Z";

let fx: CloneFixture;
let stateDir: string;
const saved: Record<string, string | undefined> = {};

/** A row as text: its columns in order, dates as ISO text. */
const rowText = (r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Every object of the workspace, as text, from the metastore's own listings: each row of every
 * information_schema view the engine answers (INFORMATION_SCHEMA_VIEWS: catalogs, schemas, tables and
 * views with their owners, comments and created/last-altered times, columns, functions and their
 * parameters, volumes, the privileges of every securable, the tags of catalogs, schemas, tables, columns
 * and volumes, row filters, column masks, constraints, shares, recipients, their grants, providers),
 * plus what those views do not hold: metastore grants, each share's contents and each table's
 * TBLPROPERTIES (where this tool's table markers live). Equal lists: the same objects, untouched.
 */
async function workspaceObjects(): Promise<string[]> {
  const rows = async (label: string, sql: string) => (await fx.sql(sql)).map((r) => `${label} ${rowText(r)}`);
  const out: string[] = [];
  for (const view of INFORMATION_SCHEMA_VIEWS) out.push(...(await rows(view, `SELECT * FROM system.information_schema.${view}`)));
  out.push(...(await rows("metastore grant", "SHOW GRANTS ON METASTORE")));
  for (const share of await fx.sql("SELECT share_name FROM system.information_schema.shares")) {
    out.push(...(await rows(`share ${share.share_name}`, `SHOW ALL IN SHARE \`${share.share_name}\``)));
  }
  const tables = await fx.sql("SELECT table_catalog, table_schema, table_name FROM system.information_schema.tables WHERE table_type IN ('MANAGED', 'EXTERNAL')");
  for (const t of tables) {
    const name = `\`${t.table_catalog}\`.\`${t.table_schema}\`.\`${t.table_name}\``;
    out.push(...(await rows(`tblproperties ${name}`, `SHOW TBLPROPERTIES ${name}`)));
  }
  return out.sort();
}

async function stackCli(...args: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const code = await runCli(args, (t) => out.push(t));
  return { code, text: out.join("\n") };
}

async function reap(...args: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const code = await runReap(args, (t) => out.push(t));
  return { code, text: out.join("\n") };
}

const catalogTags = async (catalog: string) =>
  Object.fromEntries(
    (await fx.sql(`SELECT tag_name, tag_value FROM system.information_schema.catalog_tags WHERE catalog_name = '${catalog}'`)).map((r) => [r.tag_name, r.tag_value]),
  );

beforeAll(async () => {
  fx = new CloneFixture();
  stateDir = path.join(fx.dir, "state");
  await fx.seedProd();
  await fx.sql("CREATE TABLE prod.sales.orders_tmp (id INT)"); // outside the preset's scope
  // Anyone with APPLY TAG can put reap's two tags on an environment: reap must keep it.
  await fx.sql("CREATE CATALOG qa");
  await fx.sql("ALTER CATALOG qa SET TAGS ('catalog_clone_owner' = 'catalog-clone/qa', 'catalog_clone_expires_at' = '2020-01-01T00:00:00Z')");
  // The user's environment: the warehouse, and the clock the program and reap read.
  for (const [k, v] of Object.entries({ UC_LOCAL_WAREHOUSE: fx.warehouseDir, CATALOG_CLONE_NOW: T0 })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await fx.cleanup();
});

describe("PR preview stack pr-7 from Pulumi.yaml's prPreset, reaped after its ttl", () => {
  let before: string[];

  it("up derives the destination pr_7 and tags it with its expiry", async () => {
    expect(fs.existsSync(path.join(ROOT, "Pulumi.pr-7.yaml"))).toBe(false);
    before = await workspaceObjects();
    const up = await stackCli("up", "--stack", "pr-7", "--cwd", ROOT, "--state", path.join(stateDir, "pr-7.json"));
    expect(up.code, up.text + fx.logs.join("\n")).toBe(0);
    // The preset: schema-only (prod's columns, no rows), `_tmp` tables excluded; views and pipelines are not cloned.
    expect(await fx.tablesOf("pr_7")).toEqual(["hr.people", "sales.items", "sales.orders"].map((name) => ({ name, type: "MANAGED" })));
    expect(await fx.ids("pr_7.sales.orders")).toEqual([]);
    expect(await catalogTags("pr_7")).toEqual({ catalog_clone_owner: "catalog-clone/pr-7", catalog_clone_expires_at: "2026-03-04T09:00:00Z" });

    // A day later (more than half of the 3d ttl left): a no-drift up issues no write; the expiry stands.
    const from = fx.statementCount();
    process.env.CATALOG_CLONE_NOW = "2026-03-02T09:00:00Z";
    try {
      const again = await stackCli("up", "--stack", "pr-7", "--cwd", ROOT, "--state", path.join(stateDir, "pr-7.json"));
      expect(again.code, again.text).toBe(0);
    } finally {
      process.env.CATALOG_CLONE_NOW = T0;
    }
    expect(writes(fx.statementsSince(from))).toEqual([]);
    expect((await catalogTags("pr_7")).catalog_clone_expires_at).toBe("2026-03-04T09:00:00Z");
  }, 300_000);

  it("reap before the expiry lists nothing; after it, the dry run lists pr_7 and deletes nothing", async () => {
    const early = await reap("--now", BEFORE_EXPIRY, "--cwd", ROOT, "--state", stateDir);
    expect(early.code, early.text).toBe(0);
    expect(early.text).toContain("0 expired clone(s); 1 owned clone(s) not expired");
    expect(early.text).not.toContain("pr_7");

    const objects = await workspaceObjects();
    const dry = await reap("--now", AFTER_EXPIRY, "--cwd", ROOT, "--state", stateDir);
    expect(dry.code, dry.text).toBe(0);
    expect(dry.text).toContain("dry run");
    expect(dry.text).toContain("kept qa: its stack qa is not a PR preview stack (pr-<n>)");
    expect(dry.text).toMatch(/pr_7 {2}stack catalog-clone\/pr-7 {2}expired 2026-03-04T09:00:00Z {2}via harness destroy -s pr-7/);
    expect(await workspaceObjects()).toEqual(objects);
  }, 180_000);

  it("reap --yes destroys the stack: the workspace holds exactly what it held before the up", async () => {
    const done = await reap("--yes", "--now", AFTER_EXPIRY, "--cwd", ROOT, "--state", stateDir);
    expect(done.code, done.text).toBe(0);
    expect(done.text).toContain("catalog pr_7 is gone");
    expect(done.text).toContain("kept qa: its stack qa is not a PR preview stack (pr-<n>)");
    expect(await workspaceObjects()).toEqual(before);
    // Nothing of the stack is left in its state either.
    const state = JSON.parse(fs.readFileSync(path.join(stateDir, "pr-7.json"), "utf8"));
    expect((state.resources ?? []).filter((r: { custom?: boolean }) => r.custom)).toEqual([]);
  }, 300_000);
});

describe("PR preview stack whose state is not reachable: reaped by its markers", () => {
  it("drops the stack's tables and empty schema; keeps a foreign table, its schema and the catalog, and says so", async () => {
    const up = await stackCli("up", "--stack", "pr-8", "--cwd", ROOT, "--state", path.join(stateDir, "pr-8.json"));
    expect(up.code, up.text).toBe(0);
    await fx.sql("CREATE TABLE pr_8.sales.scratch (id INT)");
    await fx.sql("INSERT INTO pr_8.sales.scratch VALUES (7)");

    // No --state: the harness state is not reachable (and no pulumi CLI on this machine's PATH is assumed).
    const env = { ...process.env, PATH: "" };
    const out: string[] = [];
    const code = await runReap(["--yes", "--now", AFTER_EXPIRY, "--cwd", ROOT], (t) => out.push(t), env);
    const text = out.join("\n");
    expect(code, text).toBe(0);
    expect(text).toContain("pr_8  stack catalog-clone/pr-8  expired 2026-03-04T09:00:00Z  via markers");
    expect(text).toContain("removed: table pr_8.sales.orders");
    expect(text).toContain("removed: schema pr_8.hr");
    expect(text).toMatch(/kept: pr_8\.sales\.scratch: not created by catalog-clone\/pr-8 \(marker: none\)\n/);
    expect(text).toMatch(/kept: schema pr_8\.sales holds objects this stack did not create: sales\.scratch/);
    expect(text).toMatch(/kept: catalog pr_8 holds objects this stack did not create: schema sales/);

    expect(await fx.tablesOf("pr_8")).toEqual([{ name: "sales.scratch", type: "MANAGED" }]);
    expect(await fx.ids("pr_8.sales.scratch")).toEqual([7]);
    // Released: no longer this tool's, so the next reap does not list it again.
    expect(await catalogTags("pr_8")).toEqual({});
    const again = await reap("--now", AFTER_EXPIRY, "--cwd", ROOT);
    expect(again.text).toContain("0 expired clone(s)");
  }, 300_000);
});

describe("pulumi destroy of a PR stack", () => {
  it("leaves every object of the workspace as it was before the stack's up", async () => {
    // Objects of every kind the listing covers, none of them the stack's: each must be there, unchanged, after the destroy.
    for (const s of [
      "GRANT USE CATALOG ON CATALOG prod TO `analysts`",
      "GRANT USE SCHEMA ON SCHEMA prod.sales TO `analysts`",
      "GRANT SELECT ON TABLE prod.sales.orders TO `analysts`",
      "GRANT CREATE CATALOG ON METASTORE TO `platform`",
      setTags({ kind: "SCHEMA", catalog: "prod", schema: "sales" }, { domain: "sales" }),
      setTags({ kind: "TABLE", catalog: "prod", schema: "sales", name: "items" }, { tier: "gold" }),
      setColumnTags({ catalog: "prod", schema: "sales", name: "items" }, "sku", { pii: "no" }),
      "ALTER TABLE prod.sales.orders ADD CONSTRAINT positive CHECK (amount > 0)",
      "CREATE FUNCTION prod.sales.net(x DOUBLE) RETURNS DOUBLE RETURN x * 0.8",
      "CREATE VOLUME prod.sales.landing",
      "CREATE SHARE partner_share",
      "ALTER SHARE partner_share ADD TABLE prod.sales.items",
      "CREATE RECIPIENT partner USING ID 'aws:us-west-2:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0'",
      "GRANT SELECT ON SHARE partner_share TO RECIPIENT partner",
    ]) {
      await fx.sql(s);
    }
    const before = await workspaceObjects();
    const kinds = new Set(before.map((o) => o.split(" ")[0]));
    for (const k of ["catalogs", "schemata", "tables", "columns", "routines", "volumes", "catalog_privileges", "table_privileges", "schema_tags", "table_tags", "column_tags", "check_constraints", "shares", "recipients", "share_recipient_privileges", "metastore", "share", "tblproperties"]) {
      expect(kinds, `the listing holds ${k}`).toContain(k);
    }
    const state = path.join(stateDir, "pr-9.json");
    const up = await stackCli("up", "--stack", "pr-9", "--cwd", ROOT, "--state", state);
    expect(up.code, up.text).toBe(0);
    expect(await fx.tablesOf("pr_9")).toHaveLength(3);
    // The listing sees what the stack created (catalog, its tags, schemas, tables and their markers).
    const during = await workspaceObjects();
    expect(during.filter((o) => o.includes('"pr_9"') || o.includes("`pr_9`")).length).toBeGreaterThan(10);
    const destroy = await stackCli("destroy", "--stack", "pr-9", "--cwd", ROOT, "--state", state);
    expect(destroy.code, destroy.text).toBe(0);
    expect(await workspaceObjects()).toEqual(before);
  }, 300_000);
});
