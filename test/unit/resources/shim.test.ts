/**
 * The provider shim: resolves the handler module at call time (PULUMI_UC_CLONE_ROOT first), forwards
 * every method, and falls back to Pulumi's defaults for methods a handler does not export.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeShimProvider } from "../../../provider/resources/shim";

let root: string;
const saved = process.env.PULUMI_UC_CLONE_ROOT;

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
});

afterAll(() => {
  if (saved === undefined) delete process.env.PULUMI_UC_CLONE_ROOT;
  else process.env.PULUMI_UC_CLONE_ROOT = saved;
  fs.rmSync(root, { recursive: true, force: true });
});

describe("makeShimProvider", () => {
  it("forwards to the handler found under PULUMI_UC_CLONE_ROOT", async () => {
    const p = makeShimProvider("schema");
    await p.configure!({ config: { get: (k: string) => (k === "databricks:host" ? "h" : undefined), require: () => "" } } as never);
    expect(await p.create({ a: 1 })).toEqual({ id: "x", outs: { a: 1, created: true } });
    expect(await p.diff!("x", {}, {})).toEqual({ changes: false });
    await p.delete!("x", {});
    const handler = require(path.join(root, "dist/provider/resources/schema/handler.js"));
    expect(handler.calls).toEqual([["configure", "h"], ["create", { a: 1 }], ["delete", "x"]]);
  });

  it("falls back to Pulumi's defaults for check and read", async () => {
    const p = makeShimProvider("schema");
    expect(await p.check!({}, { n: 2 })).toEqual({ inputs: { n: 2 } });
    expect(await p.read!("x", { n: 2 })).toEqual({ id: "x", props: { n: 2 } });
  });

  it("explains how to fix a missing handler", async () => {
    // A kind that exists nowhere: not under the root, not in the package, not in this checkout.
    const p = makeShimProvider("volume" as never);
    await expect(p.create({})).rejects.toThrow(/cannot find the volume resource handler[\s\S]*npm run build/);
  });
});
