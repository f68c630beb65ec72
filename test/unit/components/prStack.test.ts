/**
 * PR preview stacks (examples/platform/prStack.ts) and expiry (provider/vocabulary/expiry.ts,
 * components/reap/expiredClones.ts): pure logic, with the project config of the repository's Pulumi.yaml.
 */
import { describe, expect, it } from "vitest";
import { cloneSettingsFromStackConfig, StackConfigError } from "../../../examples/platform/stackArgs";
import { isPrStack, prDestinationCatalog, withPrPreset } from "../../../examples/platform/prStack";
import { resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { expiryListing } from "../../../components/reap/expiredClones";
import { currentTime, expiryOf, expiryToRecord, ttlSchema } from "../../../provider/vocabulary/expiry";
import { readProjectFile } from "../../harness/projectFiles";
import { ROOT } from "../../e2e/catalogCloneFixture";

const projectConfig = readProjectFile(ROOT).configDefaults;
const problemsOf = (values: Record<string, unknown>, stack: string): string[] => {
  try {
    cloneSettingsFromStackConfig(values, { stack });
  } catch (e) {
    expect(e).toBeInstanceOf(StackConfigError);
    return (e as StackConfigError).problems.map((p) => `${p.key}: ${p.message}`);
  }
  throw new Error("expected a StackConfigError");
};

describe("PR stack names", () => {
  it.each([
    ["pr-123", "pr_123"],
    ["PR-7", "pr_7"],
    ["pr-42-login.fix", "pr_42_login_fix"],
    ["pr-9--x-", "pr_9_x"],
  ])("%s → %s", (stack, catalog) => {
    expect(isPrStack(stack)).toBe(true);
    expect(prDestinationCatalog(stack)).toBe(catalog);
    expect(resolveCatalogCloneArgs("t", { source: { catalog: "prod" }, destination: { catalog }, cloneType: "SHALLOW" }).destination.catalog).toBe(catalog);
  });
  it.each(["qa", "prod_dr", "pr-", "pr-abc", "pr123", "xpr-1"])("%s is not a PR stack", (stack) => expect(isPrStack(stack)).toBe(false));
});

describe("the prPreset of Pulumi.yaml", () => {
  it("gives a pr-<n> stack with no stack file the PR clone settings and a derived destination", () => {
    const { args } = cloneSettingsFromStackConfig(projectConfig, { stack: "pr-123" });
    const resolved = resolveCatalogCloneArgs("pr-123", args);
    expect(resolved).toMatchObject({ source: { catalog: "prod" }, destination: { catalog: "pr_123" }, cloneType: "SHALLOW", schemaOnly: true, ttl: "3d" });
    expect(resolved.scope).toEqual({ excludeTables: "_(tmp|backup)$" });
  });

  it("as the Pulumi CLI delivers it (JSON text), with the stack's own keys winning", () => {
    const values = {
      "catalog-clone:prPreset": JSON.stringify({ destinationPrefix: "preview_", sourceCatalog: "prod", cloneType: "SHALLOW", ttl: "12h" }),
      "catalog-clone:ttl": "1d",
    };
    const { args } = cloneSettingsFromStackConfig(values, { stack: "pr-5" });
    expect(args).toMatchObject({ destination: { catalog: "preview_5" }, ttl: "1d", cloneType: "SHALLOW" });
  });

  it("is ignored by other stacks (their destination still comes from their own file)", () => {
    const problems = problemsOf(projectConfig, "qa");
    expect(problems).toContain("catalog-clone:destinationCatalog: is not set; add it to Pulumi.qa.yaml (`pulumi config set catalog-clone:destinationCatalog <value>`).");
    expect(problems.filter((p) => p.includes("prPreset"))).toEqual([]);
    const { args } = cloneSettingsFromStackConfig({ ...projectConfig, "catalog-clone:sourceCatalog": "prod", "catalog-clone:destinationCatalog": "qa", "catalog-clone:cloneType": "DEEP" }, { stack: "qa" });
    expect(args).toEqual({ source: { catalog: "prod" }, destination: { catalog: "qa" }, cloneType: "DEEP" });
  });

  it("names the preset in its problems: a bad ttl, a bad prefix, a destination of its own", () => {
    const values = { "catalog-clone:prPreset": { destinationPrefix: "PR-", sourceCatalog: "prod", cloneType: "SHALLOW", ttl: "3 days", destinationCatalog: "x" } };
    expect(problemsOf(values, "pr-1")).toEqual([
      expect.stringMatching(/^catalog-clone:prPreset\.destinationCatalog: cannot be in the preset/),
      expect.stringMatching(/^catalog-clone:prPreset\.destinationPrefix: destinationPrefix must be lower-case/),
      'catalog-clone:prPreset.ttl: ttl must be a duration between 1m and 366d such as "3d", "12h", "90m" or "2w" (a whole number and one unit: m minutes, h hours, d days, w weeks); got "3 days".',
    ]);
    expect(withPrPreset({ "catalog-clone:prPreset": "not json" }, "qa", "catalog-clone").problems.map((p) => p.key)).toEqual(["catalog-clone:prPreset"]);
  });
});

describe("ttl and expiry", () => {
  it("parses whole durations and refuses the rest, naming the field", () => {
    expect(ttlSchema("ttl").parse("3d")).toBe("3d");
    expect(expiryOf("3d", new Date("2026-03-01T09:00:00.123Z"))).toBe("2026-03-04T09:00:00Z");
    expect(expiryOf("90m", new Date("2026-03-01T09:00:00Z"))).toBe("2026-03-01T10:30:00Z");
    for (const bad of ["0d", "3", "1y", "400d", "-1h", "1.5h"]) {
      expect(ttlSchema("ttl").safeParse(bad).error?.issues[0].message).toMatch(/^ttl must be a duration/);
    }
  });

  it("reads the clock from CATALOG_CLONE_NOW, refusing a timestamp it cannot read", () => {
    expect(currentTime({ CATALOG_CLONE_NOW: "2026-03-01T09:00:00Z" }).toISOString()).toBe("2026-03-01T09:00:00.000Z");
    expect(() => currentTime({ CATALOG_CLONE_NOW: "tomorrow" })).toThrow(/CATALOG_CLONE_NOW must be an ISO 8601 timestamp/);
    expect(() => currentTime({ CATALOG_CLONE_NOW: "2026-03-01T09:00:00" })).toThrow(/with a time zone/);
  });

  it("sets the expiry at creation or on a ttl change, and pushes it forward only once less than half the ttl remains", () => {
    const at = (iso: string) => new Date(iso);
    const created = expiryToRecord("3d", {}, at("2026-03-01T09:00:00Z"));
    expect(created).toBe("2026-03-04T09:00:00Z");
    const recorded = { ttl: "3d", expiresAt: created };
    // A no-drift up a day later, and just before half the ttl is used: the recorded expiry stands (no write).
    expect(expiryToRecord("3d", recorded, at("2026-03-02T09:00:00Z"))).toBe(created);
    expect(expiryToRecord("3d", recorded, at("2026-03-02T21:00:00Z"))).toBe(created);
    // Less than half (1.5d) left: extended from now.
    expect(expiryToRecord("3d", recorded, at("2026-03-02T21:00:01Z"))).toBe("2026-03-05T21:00:01Z");
    // Past its expiry (reap has not run yet): a new up revives it for a whole ttl.
    expect(expiryToRecord("3d", recorded, at("2026-03-05T00:00:00Z"))).toBe("2026-03-08T00:00:00Z");
    // The ttl changed (shorter or longer): now + the new ttl, at once.
    expect(expiryToRecord("12h", recorded, at("2026-03-01T10:00:00Z"))).toBe("2026-03-01T22:00:00Z");
    // No ttl: no expiry; an unreadable recorded one is replaced.
    expect(expiryToRecord(undefined, recorded, at("2026-03-02T09:00:00Z"))).toBeUndefined();
    expect(expiryToRecord("3d", { ttl: "3d", expiresAt: "soon" }, at("2026-03-02T09:00:00Z"))).toBe("2026-03-05T09:00:00Z");
  });
});
