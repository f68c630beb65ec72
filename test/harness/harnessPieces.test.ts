import { describe, expect, it } from "vitest";
import { Semaphore } from "../../provider/warehouse/concurrencyLimit";
import { removeInReverseDependencyOrder } from "./deleteOrder";
import { ResourceState } from "./harnessState";
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
      new Semaphore(4),
      async (r) => {
        order.push(r.urn);
        return true;
      },
    );
    expect(left).toEqual([]);
    expect(order).toEqual(["c", "b", "a", "parent"]);
  });

  it("leaves what a failed delete depends on", async () => {
    const left = await removeInReverseDependencyOrder([res("a"), res("b", ["a"]), res("x")], new Semaphore(2), async (r) => r.urn !== "b");
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
