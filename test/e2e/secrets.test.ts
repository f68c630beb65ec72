/**
 * A token set as SECRET stack config (`pulumi config set --secret databricks:token`) reaches the
 * provider through `configure` only: it appears in no state file, no log line and no error message,
 * on success and on failure.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

const TOKEN = "dapi-secret-e2e-7f3c9a1b5d2e4f60";
let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

function everythingWritten(f: CloneFixture): string {
  const states = fs
    .readdirSync(f.dir)
    .filter((n) => n.endsWith(".json"))
    .map((n) => fs.readFileSync(path.join(f.dir, n), "utf8"));
  return [...states, ...f.logs].join("\n");
}

describe("secrets", () => {
  it("a secret token appears in no state, log or error, on success and on failure", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    const secretConfig = { "databricks:token": TOKEN, "databricks:clientSecret": `${TOKEN}-oauth` };

    const up = await fx.stack("qa", cloneConfig("qa", "DEEP"), { secretConfig }).up();
    expect(up.errors).toEqual([]);
    expect((await fx.tablesOf("qa")).length).toBe(3);

    // A failing run: the source catalog does not exist.
    const bad = await fx.stack("bad", cloneConfig("qa2", "DEEP", { "catalog-clone:sourceCatalog": "nope" }), { secretConfig }).up();
    expect(bad.failed).toBe(true);
    expect(bad.errors.join("\n")).toContain('source.catalog "nope" does not exist');

    // A failing run against a Databricks warehouse that cannot be reached: the token is in play but never printed.
    const remote = await fx
      .stack(
        "remote",
        cloneConfig("qa3", "DEEP", {
          "catalog-clone:warehouse": "databricks",
          "databricks:host": "127.0.0.1",
          "catalog-clone:warehouseId": "abc123",
          "catalog-clone:maxConcurrency": 1,
        }),
        { secretConfig },
      )
      .up();
    expect(remote.failed).toBe(true);
    expect(remote.errors.join("\n")).toContain('CatalogClone "remote"');

    const destroy = await fx.stack("qa", cloneConfig("qa", "DEEP"), { secretConfig }).destroy();
    expect(destroy.errors).toEqual([]);

    const text = [everythingWritten(fx), ...up.errors, ...bad.errors, ...remote.errors, JSON.stringify([up, bad, remote, destroy])].join("\n");
    expect(text).not.toContain(TOKEN);
    expect(text.length).toBeGreaterThan(1000); // we did look at real output
  }, 180_000);
});
