import { describe, expect, it } from "vitest";
import { removeInReverseDependencyOrder } from "./deleteOrder";
import { ResourceState } from "./harnessState";
import { parallelLimit } from "./parallelLimit";
import { annotateSecrets, changedKeys, makeSecret, secretKeysOf, unwrapSecrets } from "./propertyValues";
import { SecretBox } from "./secretBox";

function res(urn: string, deps: string[] = [], parent?: string): ResourceState {
  return { urn, type: "t", name: urn, custom: true, inputs: {}, outputs: {}, dependencies: deps, propertyDependencies: {}, protect: false, retainOnDelete: false, parent };
}

describe("harness building blocks", () => {
  it("deletes dependents before their dependencies and children before parents", async () => {
    const order: string[] = [];
    const left = await removeInReverseDependencyOrder(
      [res("parent"), res("a", [], "parent"), res("b", ["a"], "parent"), res("c", ["b"])],
      parallelLimit(4),
      async (r) => {
        order.push(r.urn);
        return true;
      },
    );
    expect(left).toEqual([]);
    expect(order).toEqual(["c", "b", "a", "parent"]);
  });

  it("runs at most `parallel` tasks at once, the waiting ones in submission order", async () => {
    const limit = parallelLimit(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const all = [0, 1, 2, 3, 4].map((i) =>
      limit(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    while (finish.length > 0 || started.length < 5) {
      finish.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(() => parallelLimit(0)).toThrow(/positive integer/);
  });

  it("leaves what a failed delete depends on", async () => {
    const left = await removeInReverseDependencyOrder([res("a"), res("b", ["a"]), res("x")], parallelLimit(2), async (r) => r.urn !== "b");
    expect(left.map((r) => r.urn).sort()).toEqual(["a", "b"]);
  });

  it("names changed keys and carries secretness from inputs to outputs", () => {
    expect(changedKeys({ a: 1, b: { x: [1, 2] }, c: "k" }, { a: 1, b: { x: [1, 3] }, d: true })).toEqual(["b", "c", "d"]);
    const inputs = { token: makeSecret("t0p"), nested: { deep: makeSecret(1) }, plain: "p" };
    const keys = secretKeysOf(inputs);
    expect([...keys].sort()).toEqual(["nested", "token"]);
    const outs = annotateSecrets({ token: "t0p", plain: "p", extra: 2 }, keys);
    expect(outs.token).toEqual(makeSecret("t0p"));
    expect(outs.plain).toBe("p");
    expect(unwrapSecrets(inputs)).toEqual({ token: "t0p", nested: { deep: 1 }, plain: "p" });
  });

  it("encrypts secrets with the passphrase and refuses a wrong one", () => {
    const salt = SecretBox.newSalt();
    const ciphertext = new SecretBox("right", salt).encrypt({ v: "s3cret" });
    expect(ciphertext).not.toContain("s3cret");
    expect(new SecretBox("right", salt).decrypt(ciphertext)).toEqual({ v: "s3cret" });
    expect(() => new SecretBox("wrong", salt).decrypt(ciphertext)).toThrow(/passphrase/);
  });
});
