/** Mapping external volume locations (components/catalogClone/externalLocation.ts): pure. */
import { describe, expect, it } from "vitest";
import { externalLocationMapSchema, mapExternalLocation, overlaps } from "../../../components/catalogClone/externalLocation";

describe("mapExternalLocation", () => {
  const map = { "s3://prod/vol": "s3://qa/vol", "s3://prod/vol/special": "s3://qa-special/x/" };

  it("replaces the longest prefix on a path boundary", () => {
    expect(mapExternalLocation("s3://prod/vol/a/b", map)).toEqual({ location: "s3://qa/vol/a/b" });
    expect(mapExternalLocation("s3://prod/vol/special/c", map)).toEqual({ location: "s3://qa-special/x/c" });
    expect(mapExternalLocation("s3://prod/vol/", map)).toEqual({ location: "s3://qa/vol" });
  });

  it("without a covering prefix (or a prefix that only shares characters) it is a skip naming the overlap", () => {
    for (const loc of ["s3://prod/volumes/a", "s3://other/vol/a"]) {
      const r = mapExternalLocation(loc, map);
      expect(r).toEqual({ skip: expect.stringMatching(/no externalLocationMap prefix covers .*overlap the source's location/) });
    }
    expect(mapExternalLocation("s3://prod/vol/a", undefined)).toHaveProperty("skip");
  });

  it("a mapping that lands inside the source location is a skip", () => {
    expect(mapExternalLocation("s3://p/a", { "s3://p": "s3://p/a/copy" })).toEqual({ skip: expect.stringMatching(/overlaps the source's location/) });
  });

  it("overlaps works on path segments", () => {
    expect(overlaps("s3://b/p", "s3://b/p/q")).toBe(true);
    expect(overlaps("s3://b/p", "s3://b/pp")).toBe(false);
  });

  it("the argument schema refuses a non-location and a prefix mapped into itself, naming the key", () => {
    expect(externalLocationMapSchema.safeParse({ "s3://a/b": "s3://c/d" }).success).toBe(true);
    const bad = externalLocationMapSchema.safeParse({ "prod-bucket": "s3://c/d" });
    expect(bad.error?.issues[0].message).toMatch(/storage URI/);
    const inside = externalLocationMapSchema.safeParse({ "s3://a/b": "s3://a/b/c" });
    expect(inside.error?.issues[0]).toMatchObject({ path: ["s3://a/b"], message: expect.stringMatching(/overlaps it/) });
  });
});
