/**
 * What `pulumi-uc-clone-reap` may remove (components/reap/expiredClones.ts, reapRoute.ts): its two tags
 * can be set by anyone with APPLY TAG and a removal destroys a whole stack, so only PR preview stacks'
 * derived catalogs are reaped, and never a stack whose state shows protected resources.
 */
import { describe, expect, it } from "vitest";
import { expiryListing } from "../../../components/reap/expiredClones";
import { protectedResources, reapRoute } from "../../../components/reap/reapRoute";
import { isPrStack, prDestinationCatalog } from "../../../examples/platform/prStack";
import * as shared from "../../../components/prStackName";

const tag = (catalog: string, tag_name: string, tag_value: string) => ({ catalog_name: catalog, tag_name, tag_value });
const owned = (catalog: string, owner: string, expiry?: string) => [tag(catalog, "catalog_clone_owner", owner), ...(expiry ? [tag(catalog, "catalog_clone_expires_at", expiry)] : [])];
const NOW = new Date("2026-03-01T00:00:00Z");
const PAST = "2020-01-01T00:00:00Z";

describe("reap selection", () => {
  it("the program and reap share one PR stack rule", () => {
    expect(isPrStack).toBe(shared.isPrStack);
    expect(prDestinationCatalog).toBe(shared.prDestinationCatalog);
  });

  it("reaps only the derived catalog of an expired PR stack; qa and prod_dr carrying both tags are kept, with the reason", () => {
    const rows = [
      ...owned("pr_1", "catalog-clone/pr-1", PAST),
      ...owned("pr_2", "catalog-clone/pr-2", "2026-03-09T00:00:00Z"),
      ...owned("qa", "catalog-clone/qa", PAST),
      ...owned("prod_dr", "catalog-clone/prod_dr", PAST),
      ...owned("dev_sandbox", "catalog-clone/dev_sandbox"), // an environment without ttl: not listed at all
      ...owned("prod_copy", "catalog-clone/pr-3", PAST), // a PR stack's tags on a catalog that is not its own
      ...owned("garbled", "catalog-clone/pr-4", "soon"),
      ...owned("bad_owner", "qa", PAST),
      tag("released", "catalog_clone_expires_at", PAST),
    ];
    const l = expiryListing(rows, NOW, "catalog-clone");
    expect(l.expired.map((c) => [c.catalog, c.stack])).toEqual([["pr_1", "pr-1"]]);
    expect(l.notExpired.map((c) => c.catalog)).toEqual(["pr_2"]);
    expect(l.kept).toEqual([
      { catalog: "bad_owner", reason: expect.stringMatching(/is not <project>\/<stack>; not removed/) },
      { catalog: "garbled", reason: expect.stringMatching(/not the catalog derived from stack pr-4 \(pr_4\)/) },
      { catalog: "prod_copy", reason: expect.stringMatching(/^not the catalog derived from stack pr-3 \(pr_3\); reap removes only a PR stack's derived catalog/) },
      { catalog: "prod_dr", reason: expect.stringMatching(/^its stack prod_dr is not a PR preview stack \(pr-<n>\); reap removes only PR stacks' clones/) },
      { catalog: "qa", reason: "its stack qa is not a PR preview stack (pr-<n>); reap removes only PR stacks' clones, whatever their catalog_clone_expires_at tag says" },
    ]);
    // Another project's PR clone: left out with --project, reaped without it.
    const other = [...rows, ...owned("pr_1_x", "other-project/pr-1-x", PAST)];
    expect(expiryListing(other, NOW, "catalog-clone").expired.map((c) => c.catalog)).toEqual(["pr_1"]);
    expect(expiryListing(other, NOW).expired.map((c) => c.catalog)).toEqual(["pr_1", "pr_1_x"]);
  });

  it("uses the preset's destinationPrefix (--pr-prefix) to derive the catalog", () => {
    const rows = [...owned("preview_5", "catalog-clone/pr-5", PAST), ...owned("pr_6", "catalog-clone/pr-6", PAST)];
    const l = expiryListing(rows, NOW, undefined, "preview_");
    expect(l.expired.map((c) => c.catalog)).toEqual(["preview_5"]);
    expect(l.kept.map((k) => k.catalog)).toEqual(["pr_6"]);
  });
});

describe("reap route: through the stack, by markers, or nothing", () => {
  const resource = (name: string, protect: boolean) => ({ urn: `urn:pulumi:pr-1::catalog-clone::catalog-clone:Table::${name}`, custom: true, protect });

  it("destroys through the stack, or by markers, only when the state shows no protected resource", () => {
    const state = { resources: [resource("a", false)] };
    expect(reapRoute("p/pr-1", true, { state })).toEqual({ via: "stack" });
    expect(reapRoute("p/pr-1", false, { state })).toEqual({ via: "markers" });
    expect(reapRoute("p/pr-1", false, undefined)).toEqual({ via: "markers" });
    expect(reapRoute("p/pr-1", true, { state: {} })).toEqual({ via: "stack" }); // an empty stack
  });

  it("keeps everything of a stack whose state (harness file or pulumi stack export) has protected resources", () => {
    for (const state of [{ resources: [resource("a", false), resource("b", true)] }, { deployment: { resources: [resource("b", true)] } }]) {
      expect(protectedResources(state)).toEqual([resource("b", true).urn]);
      for (const canDestroy of [true, false]) {
        const r = reapRoute("p/pr-1", canDestroy, { state });
        expect(r).toEqual({ via: "keep", reason: expect.stringMatching(/^stack p\/pr-1 has protected resources \(b\); reap never destroys or drops what a stack protects/) });
      }
    }
  });

  it("keeps the clone when its state exists but cannot be read", () => {
    expect(reapRoute("p/pr-1", true, { unreadable: "x.json: Unexpected token" })).toMatchObject({ via: "keep", reason: expect.stringMatching(/cannot be read/) });
    expect(reapRoute("p/pr-1", true, { state: { resources: "?" } })).toMatchObject({ via: "keep", reason: expect.stringMatching(/resources are not a list/) });
  });
});
