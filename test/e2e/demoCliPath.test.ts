/**
 * `npm run demo` with `pulumi` on PATH takes the CLI path (examples/demo/index.ts upWithPulumi). The
 * Pulumi CLI cannot be installed here, so the `pulumi` on PATH is a stand-in written by this test: it
 * accepts only the commands the demo and its tear-down hint use, refuses what the real CLI would refuse
 * (no file backend, no passphrase, a stack that was not created, any other command), and runs the stack
 * with the test harness, which runs the program the way the CLI does. What this proves: the demo's CLI
 * branch gives the CLI what it needs (working directory, backend, passphrase, warehouse) and works with
 * CLI semantics. What it does not prove: the real CLI's flag parsing and backend.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-demo-cli-")));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The stand-in `pulumi`: a node script delegating to the harness package (built by `npm run demo`). */
function fakePulumi(bin: string, log: string): void {
  fs.mkdirSync(bin, { recursive: true });
  const script = `#!/usr/bin/env node
// Stand-in for the Pulumi CLI, written by test/e2e/demoCliPath.test.ts. Not the Pulumi engine.
"use strict";
const fs = require("fs");
const path = require("path");
const harness = require.resolve("pulumi-uc-clone-stack-harness", { paths: [${JSON.stringify(ROOT)}] });
const args = process.argv.slice(2);
const env = process.env;
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, cwd: process.cwd(), backend: env.PULUMI_BACKEND_URL, passphrase: env.PULUMI_CONFIG_PASSPHRASE, warehouse: env.UC_LOCAL_WAREHOUSE }) + "\\n");
const fail = (msg, code = 1) => { process.stderr.write("error: " + msg + "\\n"); process.exit(code); };
const backend = env.PULUMI_BACKEND_URL || "";
if (!backend.startsWith("file://")) fail("fake pulumi: only a file:// backend (PULUMI_BACKEND_URL) is supported");
if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
  fail("passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables");
}
const stateDir = path.join(backend.slice("file://".length), ".fake-pulumi");
const flag = (...names) => { const i = args.findIndex((a) => names.includes(a)); return i >= 0 ? args[i + 1] : undefined; };
const created = (stack) => fs.existsSync(path.join(stateDir, stack + ".created"));
const statePath = (stack) => path.join(stateDir, stack + ".json");
(async () => {
  const { runCli } = require(harness);
  if (args[0] === "stack" && args[1] === "select" && args.includes("--create")) {
    const stack = args.find((a, i) => i > 1 && !a.startsWith("-"));
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(path.join(stateDir, stack + ".created"), "");
    return 0;
  }
  if (args[0] === "up" || args[0] === "destroy" || args[0] === "preview") {
    const stack = flag("-s", "--stack");
    if (!stack || !created(stack)) fail("no stack named '" + stack + "' found");
    return runCli([args[0], "--stack", stack, "--cwd", process.cwd(), "--state", statePath(stack)]);
  }
  if (args[0] === "stack" && args[1] === "export") {
    // The real command prints a checkpoint ({ version, deployment: { resources } }), secrets still encrypted.
    const stack = flag("-s", "--stack");
    if (!stack || !created(stack)) fail("no stack named '" + stack + "' found");
    const { HarnessStack } = require(harness);
    const resources = new HarnessStack({ programDir: process.cwd(), stack, statePath: statePath(stack) }).resources();
    // Exiting right after a write to a pipe would cut it (the checkpoint is larger than a pipe's buffer).
    await new Promise((done) => process.stdout.write(JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }) + "\\n", done));
    return 0;
  }
  fail("fake pulumi: unsupported command: pulumi " + args.join(" "), 2);
})().then((code) => process.exit(code), (e) => fail(e.message));
`;
  fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
}

describe("npm run demo with pulumi on PATH", () => {
  it("runs the stacks through `pulumi` from the repository root, and its tear-down hint destroys qa", async () => {
    const bin = path.join(dir, "bin");
    const log = path.join(dir, "pulumi-calls.jsonl");
    fakePulumi(bin, log);
    const demoDir = path.join(dir, "demo");
    const env: NodeJS.ProcessEnv = { ...process.env, DEMO_DIR: demoDir, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    delete env.UC_LOCAL_WAREHOUSE;
    delete env.PULUMI_CONFIG_PASSPHRASE;
    delete env.PULUMI_BACKEND_URL;
    const r = spawnSync(process.execPath, [path.join(ROOT, "dist/examples/demo/index.js")], { cwd: ROOT, env, encoding: "utf8", timeout: 600_000 });
    expect(r.status, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`).toBe(0);

    const calls = fs
      .readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { args: string[]; cwd: string; backend: string; passphrase?: string; warehouse?: string });
    const warehouseDir = path.join(demoDir, "warehouse");
    // Every call from the project root, with the backend, a passphrase and the demo's warehouse.
    for (const c of calls) expect(c).toMatchObject({ cwd: ROOT, backend: `file://${path.join(demoDir, "pulumi-state")}`, passphrase: "", warehouse: warehouseDir });
    expect(calls.filter((c) => c.args[0] === "up").map((c) => c.args[c.args.indexOf("-s") + 1])).toEqual(["dev_sandbox", "qa", "qa", "qa", "prod_dr", "prod_dr"]);
    // The reports come from `stack export` (the root stack's outputs), as the CLI prints them.
    expect(r.stdout).toContain("Clone report prod → qa:");
    expect(r.stdout).toContain("tables: 52 cloned; 2 not cloned");
    expect(r.stdout).toContain("Clone report prod_dr_via_share → prod_dr:");
    expect(r.stdout).toMatch(/ sales\.orders: \S+ \(/);

    const wh = await LocalWarehouse.open(warehouseDir);
    const count = async (catalog: string) =>
      (await wh.execute(`SELECT count(*) AS n FROM \`${catalog}\`.information_schema.tables WHERE table_schema <> 'information_schema'`))[0].n;
    try {
      // tables and the two views (a view on a view across schemas); dev_sandbox leaves out the _pii and _restricted tables
      expect(Number(await count("dev_sandbox"))).toBe(50);
      expect(Number(await count("qa"))).toBe(54);

      // The tear-down hint the demo prints, run as a user would from the repository root.
      const hint = /^Tear down:\s+(.*)$/m.exec(r.stdout)?.[1];
      expect(hint).toMatch(/ npm run -s pulumi -- destroy -s qa/);
      const down = spawnSync("sh", ["-c", hint!], { cwd: ROOT, env: { ...env }, encoding: "utf8", timeout: 600_000 });
      expect(down.status, `${down.stdout}\n${down.stderr}`).toBe(0);
      const catalogs = (await wh.execute("SELECT catalog_name FROM system.information_schema.catalogs")).map((x) => String(x.catalog_name));
      expect(catalogs).not.toContain("qa");
      expect(catalogs).toContain("dev_sandbox");
      expect(catalogs).toContain("prod");
    } finally {
      await wh.close();
    }
  }, 600_000);
});
