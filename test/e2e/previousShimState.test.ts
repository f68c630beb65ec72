/**
 * State written before the serialized provider became `{ kind, configure }` holds the previous shim's
 * text as every resource's `__provider`, and the plugin reads (refresh) and deletes (destroy) with the
 * text stored in state, not the program's. A stack whose state holds that text refreshes and destroys
 * through the real plugin and the library's handlers.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import type { HarnessState } from "../harness/harnessState";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";

const fx = new CloneFixture();
afterAll(() => fx.cleanup());

/** The previous shim's `__provider` for `kind` (the fixture is the schema kind's; kinds differ only in that name). */
function previousShimText(kind: string): string {
  const schema = fs.readFileSync(path.join(__dirname, "../unit/resources/fixtures/previousShimProvider.schema.txt"), "utf8");
  return schema.replaceAll('kind: "schema"', `kind: "${kind}"`);
}

/** The kinds that existed when the previous shim wrote state. */
const PREVIOUS_SHIM_KINDS = ["Catalog", "Schema", "Table", "ValidationGate"];

describe("state written by the previous shim", () => {
  it("refreshes and destroys with the __provider text it holds", async () => {
    await fx.seedProd();
    const stack = fx.stack("qa", cloneConfig("qa", "DEEP"));
    expect((await stack.up()).errors).toEqual([]);

    // The state as the previous shim left it: the provider text of every resource of a kind that shim had
    // (later kinds, such as the seed's view, were never written by it) replaced by its text.
    const statePath = path.join(fx.dir, "qa.state.json");
    const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as HarnessState;
    const kinds = new Set<string>();
    for (const r of state.resources.filter((r) => r.provider !== undefined)) {
      const type = r.type.split(":").pop()!;
      if (!PREVIOUS_SHIM_KINDS.includes(type)) continue;
      kinds.add(type);
      r.provider = previousShimText(type[0].toLowerCase() + type.slice(1));
    }
    expect([...kinds].sort()).toEqual(["Catalog", "Schema", "Table"]);
    fs.writeFileSync(statePath, JSON.stringify(state));

    const refresh = await stack.refresh();
    expect(refresh.errors).toEqual([]);
    const previous = stack.state()!.resources.filter((r) => r.provider !== undefined && PREVIOUS_SHIM_KINDS.includes(r.type.split(":").pop()!));
    expect(previous.every((r) => String(r.provider).includes("__loadHandler"))).toBe(true);
    expect(await fx.tablesOf("qa")).toEqual(await fx.tablesOf("prod").then((t) => t.filter((x) => x.type === "MANAGED")));

    const destroy = await stack.destroy();
    expect(destroy.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  });
});
