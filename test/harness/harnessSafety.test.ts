import * as fs from "fs";
import { afterEach, describe, expect, it } from "vitest";
import { FilesFixture } from "./filesFixture";

const fileType = "pulumi-nodejs:dynamic/files:File";

let fx: FilesFixture;
afterEach(() => fx?.cleanup());

describe("harness safety semantics", () => {
  it("protect blocks destroy before any provider delete runs", async () => {
    fx = new FilesFixture();
    const decl = [{ name: "a" }, { name: "b", protect: true }];
    await fx.stack(decl).up();
    const destroy = await fx.stack(decl).destroy();
    expect(destroy.failed).toBe(true);
    expect(destroy.errors.join("\n")).toContain("cannot be deleted because it is protected");
    expect(destroy.errors.join("\n")).toContain("::b");
    // Nothing was deleted, not even the unprotected resource.
    expect(fx.events().filter((e) => e.startsWith("delete"))).toEqual([]);
    expect(fx.file("a")).toBe("a");
    expect(fx.stack(decl).state()!.resources.map((r) => r.name)).toEqual(expect.arrayContaining(["a", "b"]));

    // Removing a protected resource from the program fails the same way.
    const up = await fx.stack([{ name: "a" }]).up();
    expect(up.failed).toBe(true);
    expect(fx.file("b")).toBe("b");

    // Unprotect with an up, then destroy works.
    await fx.stack([{ name: "a" }, { name: "b", protect: false }]).up();
    const ok = await fx.stack(decl).destroy();
    expect(ok.errors).toEqual([]);
    expect(fx.file("b")).toBeUndefined();
  });

  it("retainOnDelete drops the resource from state without calling delete", async () => {
    fx = new FilesFixture();
    await fx.stack([{ name: "a" }, { name: "kept", retainOnDelete: true }]).up();
    const up = await fx.stack([{ name: "a" }]).up();
    expect(up.errors).toEqual([]);
    expect(up.steps.find((s) => s.name === "kept")!.op).toBe("delete");
    expect(fx.file("kept")).toBe("kept");
    expect(fx.events()).not.toContain("delete kept");
    expect(fx.stack([]).state()!.resources.map((r) => r.name)).not.toContain("kept");
  });

  it("keeps partial state (ErrorResourceInitFailed) and updates it on the next up", async () => {
    fx = new FilesFixture();
    const decl = [{ name: "ok" }, { name: "half", failCreate: true, dependsOn: ["ok"] }];
    const first = await fx.stack(decl).up();
    expect(first.failed).toBe(true);
    expect(first.errors.join("\n")).toContain("file written but not initialized");
    const half = fx.stack(decl).state()!.resources.find((r) => r.name === "half")!;
    expect(half).toMatchObject({ id: "half", initErrors: ["init step failed"], outputs: { initialized: false } });
    expect(fx.stack(decl).state()!.resources.find((r) => r.name === "ok")!.id).toBe("ok");

    const second = await fx.stack(decl).up();
    expect(second.errors).toEqual([]);
    expect(second.steps.find((s) => s.name === "half")!.op).toBe("update");
    expect(second.steps.find((s) => s.name === "ok")!.op).toBe("same");
    const healed = fx.stack(decl).state()!.resources.find((r) => r.name === "half")!;
    expect(healed.initErrors).toBeUndefined();
    expect(healed.outputs.initialized).toBe(true);
    expect(fx.events()).toEqual(["create ok", "create half", "update half"]);
  });

  it("refresh drops a vanished resource and takes read outputs and inputs", async () => {
    fx = new FilesFixture();
    const decl = [{ name: "gone" }, { name: "edited", content: "v1" }, { name: "same" }];
    await fx.stack(decl).up();
    fs.unlinkSync(`${fx.dir}/gone`);
    fs.writeFileSync(`${fx.dir}/edited`, "changed out of band");
    const refresh = await fx.stack(decl).refresh();
    expect(refresh.errors).toEqual([]);
    expect(refresh.steps.find((s) => s.name === "gone")!.op).toBe("delete");
    expect(refresh.steps.find((s) => s.name === "edited")).toMatchObject({ op: "update", changedKeys: ["content", "size"] });
    expect(refresh.steps.find((s) => s.name === "same")!.op).toBe("same");
    const state = fx.stack(decl).state()!;
    expect(state.resources.map((r) => r.name)).not.toContain("gone");
    expect(state.resources.find((r) => r.name === "edited")!.inputs.content).toBe("changed out of band");

    // The next up re-creates the vanished one and puts the edited one back.
    const up = await fx.stack(decl).up();
    expect(up.steps.filter((s) => s.type === fileType).map((s) => [s.name, s.op])).toEqual([
      ["gone", "create"],
      ["edited", "update"],
      ["same", "same"],
    ]);
    expect(fx.file("edited")).toBe("v1");
  });

  it("never writes a secret config value to state in plaintext", async () => {
    fx = new FilesFixture();
    const token = "dapi-SECRET-7f3c9a1e";
    const up = await fx.stack([{ name: "a" }], { secretConfig: { token } }).up();
    expect(up.errors).toEqual([]);
    expect(fx.file("secretive")).toBe(token); // the provider got the plaintext
    expect(up.outputs.token).toBe("[secret]");
    const text = fs.readFileSync(fx.statePath, "utf8");
    expect(text).not.toContain(token);
    const secretive = fx.stack([]).state()!.resources.find((r) => r.name === "secretive")!;
    expect(JSON.stringify(secretive.inputs.content)).toContain("ciphertext");
    expect(JSON.stringify(secretive.outputs.content)).toContain("ciphertext");
    // Decryptable with the passphrase: a no-op second up and the outputs accessor see the value.
    expect(fx.stack([{ name: "a" }], { secretConfig: { token } }).outputs().token).toBe(token);
    const decrypted = fx.stack([{ name: "a" }]).resources().find((r) => r.name === "secretive")!;
    expect(decrypted.outputs.content).toBe(token);
    const again = await fx.stack([{ name: "a" }], { secretConfig: { token } }).up();
    expect(again.counts).toMatchObject({ create: 0, update: 0, same: 4 });
    expect(fs.readFileSync(fx.statePath, "utf8")).not.toContain(token);
  });

  it("encrypts the provider text when the provider captured a secret", async () => {
    fx = new FilesFixture();
    const token = "captured-SECRET-51d2";
    const up = await fx.stack([], { secretConfig: { token }, captureToken: true }).up();
    expect(up.errors).toEqual([]);
    expect(fx.file("captured")).toBe(token); // the rehydrated provider saw the captured value
    expect(fs.readFileSync(fx.statePath, "utf8")).not.toContain(token);
    const captor = fx.stack([]).state()!.resources.find((r) => r.name === "captor")!;
    expect(JSON.stringify(captor.provider)).toContain("ciphertext");
    // Still usable: destroy deletes through the decrypted provider text.
    const destroy = await fx.stack([], { secretConfig: { token } }).destroy();
    expect(destroy.errors).toEqual([]);
    expect(fx.events()).toContain("delete captured");
  });

  it("runs at most `parallel` resource operations at once", async () => {
    fx = new FilesFixture();
    const decl = ["p1", "p2", "p3", "p4", "p5", "p6"].map((name) => ({ name, sleepMs: 300 }));
    const up = await fx.stack(decl, { parallel: 2 }).up();
    expect(up.errors).toEqual([]);
    expect(up.counts.create).toBe(8);
    expect(Number(fx.file("max-active"))).toBe(2);
  });
});
