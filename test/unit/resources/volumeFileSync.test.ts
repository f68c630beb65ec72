/** The file sync decision of managed volumes (provider/resources/volume/fileSync.ts): pure. */
import { describe, expect, it } from "vitest";
import { filesFingerprint, filesOutOfDate, planFileSync } from "../../../provider/resources/volume/fileSync";

const f = (path: string, size: number, modifiedMs: number) => ({ path, size, modifiedMs });

describe("planFileSync", () => {
  it("copies new files, skips files in sync (same size, destination not older)", () => {
    const plan = planFileSync([f("a", 3, 100), f("d/b", 5, 100)], [f("a", 3, 150)], new Set());
    expect(plan.copy.map((x) => x.path)).toEqual(["d/b"]);
    expect(plan).toMatchObject({ inSync: 1, conflicts: [], remove: [] });
  });

  it("re-copies a file this stack wrote when the source changed (newer or another size)", () => {
    const plan = planFileSync([f("a", 3, 200), f("b", 9, 100)], [f("a", 3, 150), f("b", 4, 150)], new Set(["a", "b"]));
    expect(plan.copy.map((x) => x.path)).toEqual(["a", "b"]);
  });

  it("never overwrites a differing file it did not write: a conflict, left alone (adopted volumes keep their files)", () => {
    const plan = planFileSync([f("a", 3, 200)], [f("a", 7, 50)], new Set());
    expect(plan).toMatchObject({ copy: [], conflicts: ["a"], inSync: 0 });
  });

  it("removes only its own copies of files gone from the source", () => {
    const plan = planFileSync([], [f("mine", 1, 1), f("theirs", 1, 1)], new Set(["mine"]));
    expect(plan.remove).toEqual(["mine"]);
  });

  it("filesOutOfDate counts what discovery can see without state; conflicts stay counted after a sync", () => {
    expect(filesOutOfDate([f("a", 3, 100), f("b", 3, 100)], [f("a", 3, 100)])).toBe(1);
    expect(filesOutOfDate([f("a", 3, 200)], [f("a", 3, 100)])).toBe(1);
    expect(filesOutOfDate([f("a", 3, 100)], [f("a", 3, 300)])).toBe(0);
  });

  it("the fingerprint changes with any path, size or modification time, not with listing order", () => {
    const base = filesFingerprint([f("a", 1, 1), f("b", 2, 2)]);
    expect(filesFingerprint([f("b", 2, 2), f("a", 1, 1)])).toEqual(base);
    expect(base).toMatchObject({ files: 2, bytes: 3 });
    for (const changed of [[f("a", 1, 1), f("b", 2, 3)], [f("a", 1, 1), f("b", 5, 2)], [f("a", 1, 1), f("c", 2, 2)], [f("a", 1, 1)]]) {
      expect(filesFingerprint(changed).digest).not.toBe(base.digest);
    }
  });
});
