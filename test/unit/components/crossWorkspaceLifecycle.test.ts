/**
 * CrossWorkspaceClone's share lifecycle and policy options, before any SQL: `teardown` refuses what it
 * cannot serve (shared_catalog, asOf), `policyTables: "view"` fails closed naming the field and why; and
 * the sync record the teardown leaves (provider/resources/shareTeardown/syncRecord.ts) changes exactly when
 * a shared table's copy or source changes.
 */
import { describe, expect, it } from "vitest";
import { CrossWorkspaceClone } from "../../../components/CrossWorkspaceClone";
import { SharingArgsError } from "../../../components/crossWorkspace/componentArgs";
import { formatSyncRecord, parseSyncRecord, syncIdOf, tablesDigest } from "../../../provider/resources/shareTeardown/syncRecord";

const refused = (args: Record<string, unknown>) => {
  try {
    new CrossWorkspaceClone("dr", { source: { catalog: "prod" }, target: { catalog: "prod_dr" }, ...args });
  } catch (err) {
    expect(err).toBeInstanceOf(SharingArgsError);
    return (err as SharingArgsError).problems;
  }
  throw new Error("expected the arguments to be refused");
};

describe("arguments", () => {
  it('policyTables "view" fails closed: the policy would be evaluated as the provider-side identity', () => {
    const [p] = refused({ policyTables: "view" });
    expect(p.field).toBe("policyTables");
    expect(p.message).toMatch(/"view" is not supported: .*provider-side identity.*Use "skip"/);
  });

  it("teardown refuses dataSync shared_catalog and clone.asOf, naming each field and the fix", () => {
    expect(refused({ shareLifecycle: "teardown", dataSync: "shared_catalog" }).map((p) => p.field)).toEqual(["shareLifecycle"]);
    const [asOf] = refused({ shareLifecycle: "teardown", clone: { asOf: { version: 3 } } });
    expect(asOf.field).toBe("clone.asOf");
    expect(asOf.message).toMatch(/shareLifecycle: keepShare/);
  });

  it("teardown does not lift the shaping refusal: the raw shared catalog is mounted for every sync", () => {
    const [p] = refused({ shareLifecycle: "teardown", clone: { masking: { "crm.customers": { email: "email" } } } });
    expect(p.field).toBe("clone.masking");
    expect(p.message).toMatch(/with shareLifecycle teardown too, for each sync and after a failed one/);
  });

  it("an unknown shareLifecycle names the field and the values", () => {
    expect(() => new CrossWorkspaceClone("dr", { source: { catalog: "prod" }, target: { catalog: "prod_dr" }, shareLifecycle: "sometimes" as never })).toThrow(
      /shareLifecycle: shareLifecycle must be "keepShare" or "teardown"/,
    );
  });
});

describe("sync record", () => {
  const t = (name: string, lastAltered: string | null) => ({ schema: "s", name, lastAltered });
  const names = ["s.a", "s.b"];

  it("the digest ignores order, precision of the same instant, and tables not shared", () => {
    const d = tablesDigest([t("a", "2026-01-01T00:00:00Z"), t("b", "2026-01-02T00:00:00Z")], names);
    expect(tablesDigest([t("b", "2026-01-02T00:00:00.000Z"), t("a", "2026-01-01T00:00:00Z"), t("other", "2027-01-01T00:00:00Z")], names)).toBe(d);
  });

  it("the digest changes when a copy moves or disappears", () => {
    const d = tablesDigest([t("a", "2026-01-01T00:00:00Z"), t("b", "2026-01-02T00:00:00Z")], names);
    expect(tablesDigest([t("a", "2026-01-01T00:00:01Z"), t("b", "2026-01-02T00:00:00Z")], names)).not.toBe(d);
    expect(tablesDigest([t("a", "2026-01-01T00:00:00Z")], names)).not.toBe(d);
  });

  it("the source key covers the clone arguments; the record reads back, anything else reads as none", () => {
    expect(syncIdOf("x", { sync: "mirror" })).not.toBe(syncIdOf("x", { sync: "full" }));
    const r = formatSyncRecord(syncIdOf("a", 1), syncIdOf("b", 2), syncIdOf("c", 3));
    expect(parseSyncRecord(r)).toEqual({ syncId: syncIdOf("a", 1), sourceKey: syncIdOf("b", 2), destinationDigest: syncIdOf("c", 3) });
    expect(parseSyncRecord("by hand")).toBeUndefined();
    expect(parseSyncRecord(undefined)).toBeUndefined();
  });
});
