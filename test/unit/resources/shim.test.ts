/**
 * The provider shim: its text (what state stores as `__provider`) is a module whose `handler()` finds the
 * library (PULUMI_UC_CLONE_ROOT first) and returns its bootstrap's `{ kind, configure }`, whose configure
 * installs methods that forward to the kind's handler, falling back to Pulumi's defaults for methods a
 * handler does not export. A library that cannot be loaded yields no provider at all, only the fix. The text
 * stays under a size budget, and the previous shims' texts (still in older state) keep working against
 * the same handler entry points.
 */
import * as fs from "fs";
import Module from "module";
import * as os from "os";
import * as path from "path";
import ts from "typescript";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shimProviderText } from "../../../provider/resources/shim";

const ROOT = path.resolve(__dirname, "../../..");
/**
 * Budget for one copy of the provider text, in characters. A Pulumi checkpoint stores it twice per
 * resource (inputs and outputs), so every 1,000 characters here are 4 MB of state for 2,000 tables. The
 * text is ~320 characters on one line: the library lookup DESIGN §5 requires (the package as Node resolves
 * it from the environment root, else from the project: installed, or this checkout by self-reference) and
 * the message that says how to fix a missing library. The shims before it were ~4,500, ~2,270 and ~1,600
 * characters (serialized by Pulumi), then ~730 (written by hand, with methods installed to rethrow the
 * failure), ~575 (indented, the bootstrap found by its file path) and ~390 (one line, a longer message).
 */
const BUDGET = 330;
const config = { config: { get: (k: string) => (k === "databricks:host" ? "h" : undefined), require: () => "" } } as never;

let root: string;
let empty: string;
let handler: { calls: unknown[][] };
const saved = process.env.PULUMI_UC_CLONE_ROOT;

/** The calls the fake handler recorded since the last time they were taken. */
function takeCalls(): unknown[][] {
  return handler.calls.splice(0);
}

/** Loads provider text as the dynamic-provider plugin does (require-from-string, then `.handler()`). */
function rehydrate(text: string): pulumi.dynamic.ResourceProvider {
  const m = new Module("");
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
  (m as unknown as { _compile(code: string, file: string): void })._compile(text, "");
  return m.exports.handler();
}

/** A provider for `kind` as the plugin gets it from state written by this shim. */
const shim = (kind: string) => rehydrate(shimProviderText(kind as never));

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-shim-"));
  empty = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-shim-empty-"));
  const dir = path.join(root, "dist/provider/resources/schema");
  fs.mkdirSync(dir, { recursive: true });
  // The library's package.json, by which Node resolves `pulumi-uc-clone/shim` from the root (self-reference).
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; exports: unknown };
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: pkg.name, exports: pkg.exports }));
  // The library's bootstrap as tsc emits it, beside a handler with only some methods that records what it was called with.
  const bootstrap = path.join(ROOT, "provider/resources/shimBootstrap.ts");
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const js = ts.transpileModule(fs.readFileSync(bootstrap, "utf8"), { compilerOptions: parsed!.options, fileName: bootstrap }).outputText;
  fs.writeFileSync(path.join(root, "dist/provider/resources/shimBootstrap.js"), js);
  fs.writeFileSync(
    path.join(dir, "handler.js"),
    `exports.calls = [];
     exports.configure = async (req) => { exports.calls.push(["configure", req.config.get("databricks:host")]); };
     exports.create = async (inputs) => { exports.calls.push(["create", inputs]); return { id: "x", outs: { ...inputs, created: true } }; };
     exports.diff = async () => ({ changes: false });
     exports.update = async (id, olds, news) => ({ outs: news });
     exports.delete = async (id, props) => { exports.calls.push(["delete", id]); };`,
  );
  process.env.PULUMI_UC_CLONE_ROOT = root;
  handler = require(path.join(dir, "handler.js"));
});

beforeEach(() => {
  process.env.PULUMI_UC_CLONE_ROOT = root;
  takeCalls();
});

afterAll(() => {
  if (saved === undefined) delete process.env.PULUMI_UC_CLONE_ROOT;
  else process.env.PULUMI_UC_CLONE_ROOT = saved;
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
});

describe("the shim's provider", () => {
  it("forwards to the handler of the library under PULUMI_UC_CLONE_ROOT", async () => {
    const p = shim("schema");
    expect(Object.keys(p).sort()).toEqual(["configure", "kind"]);
    await p.configure!(config);
    expect(await p.create({ a: 1 })).toEqual({ id: "x", outs: { a: 1, created: true } });
    expect(await p.diff!("x", {}, {})).toEqual({ changes: false });
    await p.delete!("x", {});
    expect(takeCalls()).toEqual([["configure", "h"], ["create", { a: 1 }], ["delete", "x"]]);
  });

  it("falls back to Pulumi's defaults for check and read", async () => {
    const p = shim("schema");
    await p.configure!(config);
    expect(await p.check!({}, { n: 2 })).toEqual({ inputs: { n: 2 } });
    expect(await p.read!("x", { n: 2 })).toEqual({ id: "x", props: { n: 2 } });
  });

  it("has its methods before configure settles: the plugin caches the provider and may call it meanwhile", async () => {
    const p = shim("schema");
    const configuring = p.configure!(config);
    expect(await p.check!({}, { n: 6 })).toEqual({ inputs: { n: 6 } });
    await configuring;
  });

  it("explains how to fix a missing handler, in configure and in every call after it", async () => {
    // A kind that exists nowhere: the library is found, its handler is not.
    const p = shim("notAKind");
    await expect(p.configure!(config)).rejects.toThrow(/cannot find the notAKind resource handler[\s\S]*npm run build/);
    // The plugin caches the provider before configure settles: later calls must not fall back to Pulumi's defaults.
    await expect(p.create({})).rejects.toThrow(/cannot find the notAKind resource handler[\s\S]*npm run build/);
    await expect(p.check!({}, {})).rejects.toThrow(/cannot find the notAKind resource handler/);
  });

  it("explains how to fix a library it cannot load, and never yields a provider with Pulumi's defaults (a delete that does nothing)", () => {
    process.env.PULUMI_UC_CLONE_ROOT = empty;
    // The plugin builds the provider inside every call and caches it only once built: each call fails with the fix.
    for (let i = 0; i < 2; i++) {
      expect(() => shim("schema")).toThrow(
        /^cannot load pulumi-uc-clone \(Cannot find module 'pulumi-uc-clone\/shim'\): npm run build in its checkout, npm i it in the project, or set PULUMI_UC_CLONE_ROOT$/,
      );
    }
    expect(takeCalls()).toEqual([]);
  });

  it("without PULUMI_UC_CLONE_ROOT, finds this checkout's library from a directory inside it (package self-reference)", async () => {
    delete process.env.PULUMI_UC_CLONE_ROOT;
    const p = shim("catalog");
    await p.configure!(config);
    // The real catalog handler: its check parses the inputs with the catalog's schema.
    expect(await p.check!({}, { owner: "a/b", name: "x" })).toEqual({ inputs: { owner: "a/b", name: "x" } });
    expect(((await p.check!({}, {})) as { failures?: unknown[] }).failures?.length).toBeGreaterThan(0);
  });
});

describe("the shim's text", () => {
  it("is the same short text every time, with no absolute path and no secret", () => {
    const text = shimProviderText("table");
    expect(text).toContain("shim('table')");
    expect(text.length).toBeLessThan(BUDGET);
    expect(shimProviderText("table")).toBe(text);
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(os.tmpdir());
  });

  it("state written by the previous shim still runs: its text loads the same handler entry point", async () => {
    // The previous shim's `__provider` for the schema kind, as `pulumi.dynamic.Resource` serialized it.
    const previous = fs.readFileSync(path.join(__dirname, "fixtures/previousShimProvider.schema.txt"), "utf8");
    expect(previous).toContain("dist/provider/resources/${kind}/handler.js");
    const p = rehydrate(previous);
    await p.configure!(config);
    expect(await p.check!({}, { n: 4 })).toEqual({ inputs: { n: 4 } });
    expect(await p.diff!("z", {}, {})).toEqual({ changes: false });
    expect(await p.read!("z", { n: 4 })).toEqual({ id: "z", props: { n: 4 } });
    await p.delete!("z", {});
    expect(takeCalls()).toEqual([["configure", "h"], ["delete", "z"]]);
  });

  // Texts of later shims, each as it sits in state for the schema kind, and the line that shows how it loads the library.
  it.each([
    ["the `{ kind, configure }` shim that searched directories (serialized by Pulumi)", "kindConfigureShimProvider", "dist/provider/resources/${this.kind}/handler.js"],
    ["the hand-written `{ kind, configure }` shim that calls the bootstrap's install", "handWrittenConfigureShimProvider", ".install(this, q)"],
    ["the indented hand-written shim that finds the bootstrap by its file path", "bootstrapShimProvider", "f = 'dist/provider/resources/shimBootstrap.js'"],
    ["the one-line shim with the longer message", "exportShimProvider", "('pulumi-uc-clone/shim').shim('schema')"],
  ])("state written by %s still runs", async (_, fixture, loads) => {
    const text = fs.readFileSync(path.join(__dirname, `fixtures/${fixture}.schema.txt`), "utf8");
    expect(text).toContain(loads);
    const p = rehydrate(text);
    await p.configure!(config);
    expect(await p.check!({}, { n: 5 })).toEqual({ inputs: { n: 5 } });
    await p.delete!("w", {});
    expect(takeCalls()).toEqual([["configure", "h"], ["delete", "w"]]);
  });

  it.each(["catalog", "schema", "table", "validationGate"])("keeps the %s handler entry point that every shim loads", (kind) => {
    // Older state holds the previous shim's text, which loads exactly `dist/provider/resources/<kind>/handler.js`.
    expect(fs.existsSync(path.join(ROOT, `provider/resources/${kind}/handler.ts`))).toBe(true);
  });
});
