import * as path from "path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FilesFixture, SeededFiles } from "./filesFixture";
import type { Summary } from "./harnessStack";

const fileType = "pulumi-nodejs:dynamic/files:File";

let fx: FilesFixture;
afterEach(() => fx?.cleanup());

/** Files `a` and `b` (each holding its name) after one up: where several tests start, paid once. */
const ab = new SeededFiles(async (seed) => {
  const up = await seed.stack([{ name: "a" }, { name: "b" }]).up();
  if (up.failed || seed.events().join() !== "create a,create b") throw new Error(`the seed up failed: ${up.errors.join("\n")}`);
});
afterAll(() => ab.cleanup());

function stepOf(summary: Summary, name: string) {
  return summary.steps.find((s) => s.type === fileType && s.name === name);
}

describe("harness lifecycle through the real dynamic-provider plugin", () => {
  it("previews, creates, then a second up is a no-op", async () => {
    fx = new FilesFixture();
    const decl = [{ name: "a", content: "alpha" }, { name: "b", content: "beta" }];
    const preview = await fx.stack(decl).preview();
    expect(preview.failed).toBe(false);
    expect(preview.counts.create).toBe(4); // stack, component, a, b
    expect(fx.file("a")).toBeUndefined(); // preview does not create
    expect(fx.stack(decl).state()).toBeUndefined();

    const up = await fx.stack(decl).up();
    expect(up.errors).toEqual([]);
    expect(up.counts).toMatchObject({ create: 4, update: 0, delete: 0 });
    expect(fx.file("a")).toBe("alpha");
    expect(up.outputs).toEqual({ names: ["a", "b"], sizes: { a: 5, b: 4 } });
    const state = fx.stack(decl).state()!;
    const a = state.resources.find((r) => r.name === "a")!;
    expect(a).toMatchObject({ custom: true, id: "a", inputs: { content: "alpha", fileName: "a" }, outputs: { size: 5, initialized: true } });
    expect(a.parent).toContain("files:index:Group::group");
    expect(typeof a.provider).toBe("string");
    expect(a.inputs).not.toHaveProperty("__provider");
    expect(state.resources.find((r) => r.type === "files:index:Group")!.outputs).toEqual({ count: 2 });

    const again = await fx.stack(decl).up();
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0, same: 4 });
    expect(fx.events()).toEqual(["create a", "create b"]);
  });

  it("updates a changed input and names the changed key in preview and up", async () => {
    fx = await ab.fixture();
    const changed = [{ name: "a", content: "two" }, { name: "b" }];
    const preview = await fx.stack(changed).preview();
    expect(stepOf(preview, "a")).toMatchObject({ op: "update", changedKeys: ["content"] });
    expect(stepOf(preview, "b")!.op).toBe("same");
    expect(fx.file("a")).toBe("a");

    const up = await fx.stack(changed).up();
    expect(stepOf(up, "a")).toMatchObject({ op: "update", changedKeys: ["content"] });
    expect(fx.file("a")).toBe("two");
    expect(fx.stack(changed).state()!.resources.find((r) => r.name === "a")!.outputs.size).toBe(3);
    expect(fx.events()).toEqual(["create a", "create b", "update a"]);
  });

  it("replaces create-before-delete by default and delete-before-replace when the provider asks", async () => {
    fx = new FilesFixture();
    await fx.stack([{ name: "a", fileName: "a1" }]).up();
    const up = await fx.stack([{ name: "a", fileName: "a2" }]).up();
    expect(stepOf(up, "a")).toMatchObject({ op: "replace", replaceKeys: ["fileName"] });
    expect(fx.events()).toEqual(["create a1", "create a2", "delete a1"]);
    expect(fx.file("a1")).toBeUndefined();
    const state = fx.stack([]).state()!;
    expect(state.resources.filter((r) => r.name === "a").map((r) => r.id)).toEqual(["a2"]);

    await fx.stack([{ name: "a", fileName: "a3", deleteBeforeReplace: true }]).up();
    expect(fx.events().slice(3)).toEqual(["delete a2", "create a3"]);
  });

  it("delete-before-replace first deletes what depends on the replaced resource, then re-creates it", async () => {
    fx = new FilesFixture();
    const decl = (fileName: string) => [
      { name: "a", fileName, deleteBeforeReplace: true },
      { name: "b", dependsOn: ["a"] },
      { name: "c" },
    ];
    await fx.stack(decl("a1")).up();
    const preview = await fx.stack(decl("a2")).preview();
    expect([stepOf(preview, "a")!.op, stepOf(preview, "b")!.op, stepOf(preview, "c")!.op]).toEqual(["replace", "replace", "same"]);
    expect(preview.counts.delete).toBe(0);
    const up = await fx.stack(decl("a2")).up();
    expect(up.errors).toEqual([]);
    expect(fx.events().slice(3)).toEqual(["delete b", "delete a1", "create a2", "create b"]);
    expect(fx.stack([]).state()!.resources.filter((r) => r.custom).map((r) => r.id).sort()).toEqual(["a2", "b", "c"]);
  });

  it("deletes a resource the program no longer declares", async () => {
    fx = await ab.fixture();
    const preview = await fx.stack([{ name: "a" }]).preview();
    expect(stepOf(preview, "b")!.op).toBe("delete");
    expect(fx.file("b")).toBe("b");
    const up = await fx.stack([{ name: "a" }]).up();
    expect(up.counts.delete).toBe(1);
    expect(fx.file("b")).toBeUndefined();
    expect(fx.stack([]).state()!.resources.map((r) => r.name)).not.toContain("b");
  });

  it("orders by dependency: B depending on A is created after it and deleted before it", async () => {
    fx = new FilesFixture();
    // Declared in reverse so that only the dependency, not program order, explains the result.
    const decl = [{ name: "a" }, { name: "b", dependsOn: ["a"] }, { name: "c", dependsOn: ["b"] }];
    await fx.stack(decl).up();
    expect(fx.events()).toEqual(["create a", "create b", "create c"]);
    const b = fx.stack(decl).state()!.resources.find((r) => r.name === "b")!;
    expect(b.dependencies.some((u) => u.endsWith("::a"))).toBe(true);
    const destroy = await fx.stack(decl).destroy();
    expect(destroy.errors).toEqual([]);
    expect(fx.events().slice(3)).toEqual(["delete c", "delete b", "delete a"]);
    expect(fx.stack(decl).state()!.resources).toEqual([]);
  });

  it("fails Check failures without creating anything", async () => {
    fx = new FilesFixture();
    const up = await fx.stack([{ name: "a", content: "invalid" }]).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("content: must not be 'invalid'");
    expect(fx.events()).toEqual([]);
  });
});

describe("harness program-level behaviour", () => {
  it("follows an alias: a renamed resource is the same resource", async () => {
    fx = new FilesFixture();
    await fx.stack([{ name: "old", fileName: "f", content: "c" }]).up();
    const up = await fx.stack([{ name: "new", fileName: "f", content: "c", aliases: ["old"] }]).up();
    expect(up.errors).toEqual([]);
    expect(stepOf(up, "new")!.op).toBe("same");
    expect(up.counts.delete).toBe(0);
    expect(fx.events()).toEqual(["create f"]);
    expect(fx.stack([]).state()!.resources.map((r) => r.name)).toEqual(expect.arrayContaining(["new"]));
    expect(fx.stack([]).state()!.resources.map((r) => r.name)).not.toContain("old");
  });

  it("a program that throws fails the update and deletes nothing", async () => {
    fx = await ab.fixture();
    const up = await fx.stack([{ name: "a" }], { throwError: "boom from the program" }).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("boom from the program");
    expect(fx.file("b")).toBe("b");
    expect(fx.stack([]).state()!.resources.map((r) => r.name)).toContain("b");
  });
});

describe("harness program timeout", () => {
  it("kills a program that never exits and deletes nothing", async () => {
    fx = await ab.fixture();
    const up = await fx.stack([{ name: "a" }], { hang: true, programTimeoutMs: 4000 }).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("did not exit within 4000 ms");
    expect(fx.file("b")).toBe("b");
  });
});

describe("harness program entries", () => {
  it("runs a TypeScript entry through the ts-node @pulumi/pulumi vendors, type-checked", async () => {
    fx = new FilesFixture();
    const { HarnessStack } = await import("./harnessStack");
    const stack = new HarnessStack({
      entry: path.join(__dirname, "fixtures", "typescript", "index.ts"),
      project: "notes",
      stack: "test",
      config: { text: "from config" },
      statePath: path.join(fx.dir, "ts.json"),
      log: () => undefined,
    });
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(up.outputs).toEqual({ length: 11 });
    expect(stack.state()!.resources.find((r) => r.name === "hello")!.id).toBe("note-11");
  });

  it("refuses a non-dynamic custom resource with a clear message", async () => {
    fx = new FilesFixture();
    const { HarnessStack } = await import("./harnessStack");
    const stack = new HarnessStack({
      entry: path.join(__dirname, "fixtures", "nondynamic", "index.js"),
      project: "nondynamic",
      stack: "test",
      statePath: path.join(fx.dir, "nd.json"),
      log: () => undefined,
    });
    const up = await stack.up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("random:index/randomId:RandomId needs the Pulumi CLI");
  });
});
