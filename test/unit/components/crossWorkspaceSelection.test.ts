/**
 * What a cross-workspace clone shares (pure): Delta tables only, protected tables refused or skipped but
 * never shared raw, everything left out listed with its reason; names derived from both identities.
 */
import { describe, expect, it } from "vitest";
import { selectShareable } from "../../../components/crossWorkspace/shareable";
import { recipientNameFor, shareNameFor, sharedCatalogNameFor } from "../../../components/crossWorkspace/names";
import type { DiscoveredTable } from "../../../components/catalogClone/discovery";

const t = (name: string, more: Partial<DiscoveredTable> = {}): DiscoveredTable => ({ schema: "s", name, tableType: "MANAGED", format: "DELTA", lastAltered: null, ...more });
const source = [
  t("plain"),
  t("filtered", { policies: { rowFilter: "prod.s.only_eu", maskedColumns: 0, maskFunction: null } }),
  t("masked", { policies: { rowFilter: null, maskedColumns: 1, maskFunction: "prod.s.hide" } }),
  t("v", { tableType: "VIEW", format: null }),
  t("pq", { format: "PARQUET" }),
];

describe("selectShareable", () => {
  it("refuses protected tables by default, naming them and the option", () => {
    const s = selectShareable("prod", source, "refuse");
    expect(s.problem).toMatch(/s\.filtered, s\.masked have a row filter or column mask.*policyTables: "skip"/);
  });

  it("with skip: shares only the plain Delta table and lists the rest with reasons", () => {
    const s = selectShareable("prod", source, "skip");
    expect(s.problem).toBeUndefined();
    expect(s.tables).toEqual([{ catalog: "prod", schema: "s", table: "plain" }]);
    expect(s.notShared.map((n) => n.name)).toEqual(["s.filtered", "s.masked", "s.v", "s.pq"]);
    expect(s.notShared.find((n) => n.name === "s.masked")?.reason).toMatch(/never shared raw/);
  });
});

describe("names", () => {
  it("are deterministic, differ per target, and are plain identifiers", () => {
    const one = shareNameFor("prod", "prod_dr", "aws:us-east-1:aaaa-1111", "aws:eu-west-1:bbbb-2222");
    expect(shareNameFor("prod", "prod_dr", "aaaa-1111", "BBBB-2222")).toBe(one); // compared on the metastore uuid
    expect(shareNameFor("prod", "prod_dr", "aaaa-1111", "cccc-3333")).not.toBe(one);
    expect(one).toMatch(/^xws_prod_to_prod_dr_[0-9a-f]{8}$/);
    expect(recipientNameFor("aws:eu-west-1:bbbb-2222")).toBe(recipientNameFor("bbbb-2222"));
    expect(sharedCatalogNameFor("prod_dr", "deep_clone")).toBe("prod_dr_via_share");
    expect(sharedCatalogNameFor("prod_dr", "shared_catalog")).toBe("prod_dr");
  });
});
