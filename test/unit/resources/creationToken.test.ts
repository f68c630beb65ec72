/** The creation token a catalog's CREATE carries in its COMMENT (provider/resources/ownership.ts). */
import { describe, expect, it } from "vitest";
import { commentWithToken, commentWithoutToken, creationToken, creationTokenOwner, effectiveMarker } from "../../../provider/resources/ownership";

describe("creation token", () => {
  it("is appended to the comment (or is the whole comment), replacing an earlier one", () => {
    expect(creationToken("p/qa")).toBe("[catalog_clone_owner=p/qa]");
    expect(commentWithToken("Clone of prod", "p/qa")).toBe("Clone of prod [catalog_clone_owner=p/qa]");
    expect(commentWithToken(undefined, "p/qa")).toBe("[catalog_clone_owner=p/qa]");
    expect(commentWithToken("x [catalog_clone_owner=p/old]", "p/qa")).toBe("x [catalog_clone_owner=p/qa]");
  });

  it("only the exact token names an owner; free text does not", () => {
    expect(creationTokenOwner("Clone of prod [catalog_clone_owner=p/qa]")).toBe("p/qa");
    expect(creationTokenOwner("Clone of prod managed by Pulumi stack p/qa")).toBeUndefined();
    expect(creationTokenOwner("catalog_clone_owner=p/qa")).toBeUndefined();
    expect(creationTokenOwner(null)).toBeUndefined();
  });

  it("is removed when the stack lets the catalog go", () => {
    expect(commentWithoutToken("Clone of prod [catalog_clone_owner=p/qa]")).toBe("Clone of prod");
    expect(commentWithoutToken("[catalog_clone_owner=p/qa]")).toBeNull();
  });

  it("the tag decides when present; the creation marker only stands in for a missing tag", () => {
    expect(effectiveMarker("p/other", "p/qa")).toEqual({ marker: "p/other", tagMissing: false });
    expect(effectiveMarker(undefined, "p/qa")).toEqual({ marker: "p/qa", tagMissing: true });
    expect(effectiveMarker("", undefined)).toEqual({ marker: undefined, tagMissing: true });
  });
});
