/**
 * Every dynamic provider serializes (as Pulumi stores it in state with each resource) to a small,
 * self-contained module that captures no secret and no absolute path, and that works when rehydrated
 * in a FRESH node process, the way the dynamic-provider plugin loads it (module text → `.handler()`).
 * Needs the compiled handlers (`npm test` builds first).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ClonedCatalog } from "../../provider/resources/catalog/resource";
import { ClonedSchema } from "../../provider/resources/schema/resource";
import { ClonedTable } from "../../provider/resources/table/resource";
import { ValidationGate } from "../../provider/resources/validationGate/resource";

const ROOT = path.resolve(__dirname, "../..");
const TOKEN = "dapi-serialization-test-0123456789abcdef";
const providers: Record<string, string> = {};
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-ser-"));
  // A token in the environment and in secret config of the program: neither may end up in the provider text.
  process.env.DATABRICKS_TOKEN = TOKEN;
  pulumi.runtime.setAllConfig({ "databricks:token": TOKEN, "databricks:host": "dbc-1.cloud.databricks.com" }, ["databricks:token"]);
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        const p = a.inputs.__provider;
        providers[a.type.split(":").pop()!] = typeof p === "string" ? p : JSON.stringify(p);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: () => ({}),
    },
    "catalog-clone",
    "ser",
    false,
  );
  const owner = "catalog-clone/ser";
  const refs = { source: { catalog: "prod", schema: "s", table: "t" }, destination: { catalog: "qa", schema: "s", table: "t" } };
  const resources = [
    new ClonedCatalog("c", { owner, name: "qa" }),
    new ClonedSchema("s", { owner, catalog: "qa", name: "s" }),
    new ClonedTable("t", { owner, ...refs, cloneType: "DEEP", sync: "selective", destinationFingerprint: { exists: false } }),
    new ValidationGate("g", { owner, autoRollbackAbovePct: 5, tables: [] }),
  ];
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
});

afterAll(() => {
  delete process.env.DATABRICKS_TOKEN;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the plugin hands to `configure` (cmd/dynamic-provider Config), for a stack with no config. */
const emptyConfig = `{ config: { get: () => undefined, require: (k) => { throw new Error("missing " + k); } } }`;

/**
 * Loads the provider text in a fresh node process (cwd = the project, as under `pulumi up`) and calls
 * `method`, after `configure` as the plugin does (getProvider: once per provider text, before any method).
 */
function callInFreshProcess(text: string, method: string, args: unknown[]): { ok: boolean; value?: unknown; error?: string } {
  const file = path.join(tmp, `provider-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(file, text);
  const script = `
    const Module = require("module");
    const text = require("fs").readFileSync(${JSON.stringify(file)}, "utf8");
    const m = new Module("provider", null);
    m.paths = Module._nodeModulePaths(process.cwd());
    m._compile(text, "provider.js");
    const provider = m.exports.handler();
    provider.configure(${emptyConfig})
      .then(() => provider[${JSON.stringify(method)}](...${JSON.stringify(args)}))
      .then((value) => console.log(JSON.stringify({ ok: true, value })))
      .catch((e) => console.log(JSON.stringify({ ok: false, error: String(e && e.message || e) })));
  `;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH } });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`fresh process failed: ${r.stderr}`);
  return JSON.parse(line);
}

describe("serialized providers", () => {
  it("captured one provider per resource kind", () => {
    expect(Object.keys(providers).sort()).toEqual(["Catalog", "Schema", "Table", "ValidationGate"]);
  });

  it.each(["Catalog", "Schema", "Table", "ValidationGate"])("%s provider is small and captures no secret or absolute path", (kind) => {
    const text = providers[kind];
    expect(text.startsWith("exports.handler=")).toBe(true);
    expect(text.length).toBeLessThan(8 * 1024);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toContain(os.homedir());
  });

  it("Catalog provider rehydrates in a fresh process: check reports field failures, diff decides replace", () => {
    const check = callInFreshProcess(providers.Catalog, "check", [{}, { owner: "nope", name: "" }]);
    expect(check.ok).toBe(true);
    const failures = (check.value as { failures: { property: string; reason: string }[] }).failures;
    expect(failures.map((f) => f.property).sort()).toEqual(["name", "owner"]);
    expect(failures.find((f) => f.property === "owner")!.reason).toContain("'<project>/<stack>'");

    const olds = { owner: "p/s", name: "qa", adopted: false, createdByStack: true, lastAction: "created" };
    const diff = callInFreshProcess(providers.Catalog, "diff", ["qa", olds, { owner: "p/s", name: "qa2" }]);
    expect(diff).toEqual({ ok: true, value: { changes: true, replaces: ["name"], deleteBeforeReplace: false } });
    const same = callInFreshProcess(providers.Catalog, "diff", ["qa", olds, { owner: "p/s", name: "qa" }]);
    expect(same).toEqual({ ok: true, value: { changes: false } });
  });

  it("Schema provider rehydrates in a fresh process", () => {
    const check = callInFreshProcess(providers.Schema, "check", [{}, { owner: "p/s", catalog: "qa", name: "sales" }]);
    expect(check).toEqual({ ok: true, value: { inputs: { owner: "p/s", catalog: "qa", name: "sales" } } });
    const diff = callInFreshProcess(providers.Schema, "diff", [
      "qa.sales",
      { owner: "p/s", catalog: "qa", name: "sales", adopted: false, createdByStack: true, lastAction: "created" },
      { owner: "p/s", catalog: "qa", name: "crm" },
    ]);
    expect((diff.value as { replaces: string[] }).replaces).toEqual(["name"]);
  });

  it.each(["Table", "ValidationGate"])("%s provider rehydrates in a fresh process and rejects invalid inputs in check", (kind) => {
    const check = callInFreshProcess(providers[kind], "check", [{}, {}]);
    expect(check.ok).toBe(true);
    expect((check.value as { failures?: unknown[] }).failures?.length ?? 0).toBeGreaterThan(0);
  });

  it("a provider whose library cannot be found fails with instructions, not a stack trace", () => {
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        // As the plugin's getProvider: handler(), then configure and a call; the error surfaces at whichever step fails.
        `const Module=require("module");const m=new Module("p",null);m._compile(${JSON.stringify(providers.Catalog)},"p.js");
         Promise.resolve().then(()=>{const p=m.exports.handler();return p.configure(${emptyConfig}).then(()=>p.check({}, {}))}).then(()=>console.log("no error"),e=>console.log(e.message));`,
      ],
      { cwd: tmp, encoding: "utf8", env: { PATH: process.env.PATH } },
    );
    // What failed (Node's one-line cause) and the three fixes: build the checkout, install the package, or point the variable at it.
    expect(r.stdout.trim()).toBe(
      "cannot load pulumi-uc-clone (Cannot find module 'pulumi-uc-clone/shim'): npm run build in its checkout, npm i it in the project, or set PULUMI_UC_CLONE_ROOT",
    );
  });

  it.each([
    ["an absolute", () => ROOT],
    ["a relative (to the working directory)", () => path.relative(tmp, ROOT)],
  ])("PULUMI_UC_CLONE_ROOT (%s path) points a provider at the library from any working directory", (_, root) => {
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        `const Module=require("module");const m=new Module("p",null);m._compile(${JSON.stringify(providers.Catalog)},"p.js");
         const p=m.exports.handler();p.configure(${emptyConfig}).then(()=>p.check({}, {owner:"a/b", name:"x"})).then(r=>console.log(JSON.stringify(r)), e=>console.log(e.message));`,
      ],
      { cwd: tmp, encoding: "utf8", env: { PATH: process.env.PATH, PULUMI_UC_CLONE_ROOT: root() } },
    );
    expect(JSON.parse(r.stdout.trim())).toEqual({ inputs: { owner: "a/b", name: "x" } });
  });
});
