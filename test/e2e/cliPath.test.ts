/**
 * The README's CLI path: `pulumi preview/up/refresh/destroy -s dev_sandbox` from the repository root, with the
 * embedded warehouse named by a RELATIVE `UC_LOCAL_WAREHOUSE`. The stack runs through the test harness,
 * which runs the root program exactly as the Pulumi CLI does (program and provider plugin in the `main`
 * folder, the CLI's entry resolution, its ts-node with Pulumi.yaml's `tsconfig` (transpile only) and `nodeargs`, from a cold compile cache; see
 * test/harness/README.md), with the config `pulumi` reads (Pulumi.yaml + Pulumi.dev_sandbox.yaml).
 * Assertions are on the catalogs the warehouse holds.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HarnessStack } from "../harness/harnessStack";
import { stackConfigOf } from "../harness/cli";
import { CloneFixture, ROOT } from "./catalogCloneFixture";

/** Relative to the project root, as a user would write it: `UC_LOCAL_WAREHOUSE=.warehouse/... pulumi up`. */
const RELATIVE_WAREHOUSE = path.join(".warehouse", `e2e-cli-path-${crypto.randomBytes(4).toString("hex")}`);
/** Where the same relative path would land if it were resolved against the program's working directory. */
const STRAY_WAREHOUSE = path.join(ROOT, "examples", "platform", RELATIVE_WAREHOUSE);
/** What dev_sandbox clones of the seeded prod (Pulumi.dev_sandbox.yaml excludes `_tmp`/`_backup` tables). */
const EXPECTED_TABLES = ["hr.people", "sales.items", "sales.orders"];

let fx: CloneFixture;
let stateDir: string;
let tsNodeCache: string;
let prodBefore: string;

/** `pulumi <op> -s dev_sandbox` in the repository root, as the CLI would run it. */
function devSandbox(warehouse: string = RELATIVE_WAREHOUSE): HarnessStack {
  const { config, secretConfig, missing } = stackConfigOf(ROOT, "dev_sandbox");
  expect(missing).toEqual([]);
  return new HarnessStack({
    programDir: ROOT,
    stack: "dev_sandbox",
    config,
    secretConfig,
    statePath: path.join(stateDir, "dev_sandbox.json"),
    log: (l) => fx.logs.push(l),
    env: {
      UC_LOCAL_WAREHOUSE: warehouse,
      // A cold ts-node cache: every file of the program and the library is really compiled, as on a first run.
      TS_NODE_CACHE_DIRECTORY: tsNodeCache,
      PULUMI_NODEJS_TRANSPILE_ONLY: undefined,
    },
  });
}

/** Failure output: the summary's errors plus the last log lines. */
function why(summary: { errors: string[] }): string {
  return [...summary.errors, ...fx.logs.slice(-30)].join("\n");
}

beforeAll(async () => {
  fx = new CloneFixture({ warehouseDir: path.join(ROOT, RELATIVE_WAREHOUSE) });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-cli-path-"));
  tsNodeCache = path.join(stateDir, "ts-node-cache");
  await fx.seedProd();
  await fx.sql("CREATE TABLE prod.sales.orders_tmp (id INT)");
  prodBefore = await fx.sourceSnapshot();
});

afterAll(async () => {
  await fx.cleanup();
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.rmSync(STRAY_WAREHOUSE, { recursive: true, force: true });
});

describe("root program, stack dev_sandbox, the Pulumi CLI's way, relative UC_LOCAL_WAREHOUSE", () => {
  it("preview plans the clone of prod's tables from the project-root warehouse and changes nothing", async () => {
    const preview = await devSandbox().preview();
    expect(preview.failed, why(preview)).toBe(false);
    const planned = preview.steps.filter((s) => s.op === "create" && s.type.endsWith(":Table")).map((s) => s.name.split("/").pop());
    expect(planned.sort()).toEqual(EXPECTED_TABLES);
    expect(await fx.catalogs()).not.toContain("dev_sandbox");
    expect(fs.existsSync(STRAY_WAREHOUSE)).toBe(false);
  }, 240_000);

  it("up creates dev_sandbox with prod's tables in that warehouse", async () => {
    const up = await devSandbox().up();
    expect(up.failed, why(up)).toBe(false);
    // SHALLOW clones (Pulumi.dev_sandbox.yaml) of prod's managed tables; views and pipelines are not cloned.
    expect(await fx.tablesOf("dev_sandbox")).toEqual(EXPECTED_TABLES.map((name) => ({ name, type: "MANAGED_SHALLOW_CLONE" })));
    expect(await fx.ids("dev_sandbox.sales.orders")).toEqual([1, 2, 3]);
    expect(fs.existsSync(STRAY_WAREHOUSE)).toBe(false);
  }, 240_000);

  it("refresh reads every resource from that warehouse: none vanished, state keeps them", async () => {
    const stack = devSandbox();
    const before = stack.resources().filter((r) => r.custom).length;
    const refresh = await stack.refresh();
    expect(refresh.failed, why(refresh)).toBe(false);
    expect(refresh.counts.delete).toBe(0);
    expect(stack.resources().filter((r) => r.custom).length).toBe(before);
    expect(stack.resources().filter((r) => r.type.endsWith(":Table")).length).toBe(EXPECTED_TABLES.length);
    expect(fs.existsSync(STRAY_WAREHOUSE)).toBe(false);
  }, 240_000);

  it("destroy drops dev_sandbox from that warehouse and leaves prod untouched", async () => {
    expect(await fx.catalogs()).toContain("dev_sandbox"); // what the up above created
    const destroy = await devSandbox().destroy();
    expect(destroy.failed, why(destroy)).toBe(false);
    expect(destroy.counts.delete).toBeGreaterThan(0);
    expect(await fx.catalogs()).not.toContain("dev_sandbox");
    expect(await fx.catalogs()).toContain("prod");
    expect(await fx.sourceSnapshot()).toBe(prodBefore);
    expect(fs.existsSync(STRAY_WAREHOUSE)).toBe(false);
  }, 240_000);

  it("destroy with the relative setting drops what an up with the absolute path created (the demo's tear-down hint)", async () => {
    const up = await devSandbox(path.join(ROOT, RELATIVE_WAREHOUSE)).up();
    expect(up.failed, why(up)).toBe(false);
    expect(await fx.catalogs()).toContain("dev_sandbox");
    const destroy = await devSandbox(RELATIVE_WAREHOUSE).destroy();
    expect(destroy.failed, why(destroy)).toBe(false);
    expect(await fx.catalogs()).not.toContain("dev_sandbox");
    expect(await fx.sourceSnapshot()).toBe(prodBefore);
    expect(fs.existsSync(STRAY_WAREHOUSE)).toBe(false);
  }, 240_000);
});
