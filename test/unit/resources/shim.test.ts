/**
 * The provider shim: serialized it is `{ kind, configure }`; configure resolves the handler module
 * (PULUMI_UC_CLONE_ROOT first) and installs methods that forward to it, falling back to Pulumi's
 * defaults for methods a handler does not export. The text as shipped stays under a size budget, and
 * the previous shim's text (still in older state) keeps working against the same handler entry points.
 */
import * as fs from "fs";
import Module from "module";
import * as os from "os";
import * as path from "path";
import ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeShimProvider } from "../../../provider/resources/shim";

const ROOT = path.resolve(__dirname, "../../..");
/**
 * Budget for one copy of the serialized shim, in characters. A Pulumi checkpoint stores it twice per
 * resource (inputs and outputs), so every 1,000 characters here are 4 MB of state for 2,000 tables. The
 * shim is ~1,560 characters: the handler lookup DESIGN §5 requires (environment root, else the package
 * as Node resolves it from the project: installed, or this checkout by self-reference) with its error
 * message, the forwarding of six methods, and ~430 characters of Pulumi's own wrapping. The shims before
 * it were ~4,500 and ~2,270 characters.
 */
const BUDGET = 1_700;
const config = { config: { get: (k: string) => (k === "databricks:host" ? "h" : undefined), require: () => "" } } as never;

let root: string;
let handler: { calls: unknown[][] };
const saved = process.env.PULUMI_UC_CLONE_ROOT;

/** The calls the fake handler recorded since the last time they were taken. */
function takeCalls(): unknown[][] {
  return handler.calls.splice(0);
}

/** shim.ts as shipped (tsc's emit with the project's options), serialized the way `pulumi.dynamic.Resource` does. */
async function shippedText(kind: string): Promise<string> {
  const file = path.join(ROOT, "provider/resources/shim.ts");
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: parsed!.options, fileName: file }).outputText;
  const m = new Module(file);
  (m as unknown as { _compile(code: string, file: string): void })._compile(js, file);
  const provider = m.exports.makeShimProvider(kind);
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** Loads provider text as the dynamic-provider plugin does (require-from-string, then `.handler()`). */
function rehydrate(text: string): pulumi.dynamic.ResourceProvider {
  const m = new Module("");
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
  (m as unknown as { _compile(code: string, file: string): void })._compile(text, "");
  return m.exports.handler();
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-shim-"));
  const dir = path.join(root, "dist/provider/resources/schema");
  fs.mkdirSync(dir, { recursive: true });
  // A handler with only some methods, recording what it was called with.
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
  takeCalls();
});

afterAll(() => {
  if (saved === undefined) delete process.env.PULUMI_UC_CLONE_ROOT;
  else process.env.PULUMI_UC_CLONE_ROOT = saved;
  fs.rmSync(root, { recursive: true, force: true });
});

describe("makeShimProvider", () => {
  it("forwards to the handler found under PULUMI_UC_CLONE_ROOT", async () => {
    const p = makeShimProvider("schema");
    await p.configure!(config);
    expect(await p.create({ a: 1 })).toEqual({ id: "x", outs: { a: 1, created: true } });
    expect(await p.diff!("x", {}, {})).toEqual({ changes: false });
    await p.delete!("x", {});
    expect(takeCalls()).toEqual([["configure", "h"], ["create", { a: 1 }], ["delete", "x"]]);
  });

  it("falls back to Pulumi's defaults for check and read", async () => {
    const p = makeShimProvider("schema");
    await p.configure!(config);
    expect(await p.check!({}, { n: 2 })).toEqual({ inputs: { n: 2 } });
    expect(await p.read!("x", { n: 2 })).toEqual({ id: "x", props: { n: 2 } });
  });

  it("explains how to fix a missing handler, in configure and in every call after it", async () => {
    // A kind that exists nowhere: not under the root, not in the package, not in this checkout.
    const p = makeShimProvider("notAKind" as never);
    await expect(p.configure!(config)).rejects.toThrow(/cannot find the notAKind resource handler[\s\S]*npm run build/);
    // The plugin caches the provider before configure settles: later calls must not fall back to Pulumi's defaults.
    await expect(p.create({})).rejects.toThrow(/cannot find the notAKind resource handler[\s\S]*npm run build/);
    await expect(p.check!({}, {})).rejects.toThrow(/cannot find the notAKind resource handler/);
  });
});

describe("the serialized shim", () => {
  it("is its kind and configure only, within the size budget, and the same text every time", async () => {
    const text = await shippedText("table");
    expect(text).toContain('var __provider = {kind: "table", configure: __configure};');
    expect(text.length).toBeLessThan(BUDGET);
    expect(await shippedText("table")).toBe(text);
  });

  it("rehydrated, gets its methods from configure and forwards them to the handler", async () => {
    const p = rehydrate(await shippedText("schema"));
    expect(Object.keys(p).sort()).toEqual(["configure", "kind"]);
    await p.configure!(config);
    expect(await p.create({ b: 2 })).toEqual({ id: "x", outs: { b: 2, created: true } });
    expect(await p.check!({}, { n: 3 })).toEqual({ inputs: { n: 3 } });
    await p.delete!("y", {});
    expect(takeCalls()).toEqual([["configure", "h"], ["create", { b: 2 }], ["delete", "y"]]);
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

  it("state written by the `{ kind, configure }` shim that searched directories still runs", async () => {
    // That shim's `__provider` for the schema kind (the serialized text before the lookup became a package resolution).
    const searching = fs.readFileSync(path.join(__dirname, "fixtures/kindConfigureShimProvider.schema.txt"), "utf8");
    expect(searching).toContain("dist/provider/resources/${this.kind}/handler.js");
    const p = rehydrate(searching);
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
