/**
 * Stack config fails closed (issue 8 §3, DESIGN §4.7), through the harness with the root program: a
 * `protect` that is not exactly true/false, a misspelt key, or a structured value that is not a mapping
 * stops `up` naming the key and the fix, before any SQL runs (not even discovery).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

/** Runs `up` of a prod_dr stack with `more` config and expects it to fail before any statement. */
async function upFailsBeforeSql(more: Record<string, unknown>): Promise<string> {
  fx = new CloneFixture();
  await fx.seedProd();
  const from = fx.statementCount();
  const up = await fx.stack("prod_dr", cloneConfig("prod_dr", "DEEP", more)).up();
  expect(up.failed).toBe(true);
  expect(fx.statementsSince(from)).toEqual([]);
  expect(await fx.catalogs()).not.toContain("prod_dr");
  return up.errors.join("\n");
}

describe("stack config fails closed", () => {
  // The harness hands the program config exactly as the Pulumi CLI does: the text written in the stack
  // file (YAML `True` → "True", `1` → "1"); booleans are the words true and false only.
  it.each([["yes"], ["True"], [1]])("catalog-clone:protect: %j is refused, naming the key and the fix", async (value) => {
    const errors = await upFailsBeforeSql({ "catalog-clone:protect": value });
    expect(errors).toContain("catalog-clone:protect: must be true or false");
    expect(errors).toContain("`catalog-clone:protect: true`");
  });

  it.each([
    ["catalog-clone:protected", true, "Did you mean catalog-clone:protect?"],
    ["catalog-clone:validation", { rowCounts: true, checksums: true }, "Did you mean catalog-clone:validate?"],
    ["catalog_clone:protect", true, "did you mean catalog-clone:protect?"],
  ])("a misspelt key %s is refused with a did-you-mean", async (key, value, hint) => {
    const errors = await upFailsBeforeSql({ "catalog-clone:protect": true, [key]: value });
    expect(errors).toContain(`${key}: `);
    expect(errors).toContain(hint);
  });

  it("a structured key whose value is not JSON is refused naming the key", async () => {
    const errors = await upFailsBeforeSql({ "catalog-clone:validate": "rowCounts: true" });
    expect(errors).toContain("catalog-clone:validate: must be a mapping, and its value is not JSON");
  });

  it("a protect of true still protects the stack, and a false one does not", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const config = cloneConfig("prod_dr", "DEEP", { "catalog-clone:protect": "true" });
    expect((await fx.stack("prod_dr", config).up()).errors).toEqual([]);
    const destroy = await fx.stack("prod_dr", config).destroy();
    expect(destroy.failed).toBe(true);
    expect(await fx.tablesOf("prod_dr")).toHaveLength(3);
    const unprotected = cloneConfig("prod_dr", "DEEP", { "catalog-clone:protect": false });
    expect((await fx.stack("prod_dr", unprotected).up()).errors).toEqual([]);
    expect((await fx.stack("prod_dr", unprotected).destroy()).errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("prod_dr");
  });
});
