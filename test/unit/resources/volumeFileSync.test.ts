/** The file sync decision of managed volumes (provider/resources/volume/fileSync.ts): pure. */
import { describe, expect, it } from "vitest";
import { filesFingerprint, filesOutOfDate, planFileSync, recordCopied, stillWrittenByStack } from "../../../provider/resources/volume/fileSync";

const f = (path: string, size: number, modifiedMs: number) => ({ path, size, modifiedMs });
/** Records of files this stack wrote: stamped (size, time) or, with a bare path, unconfirmed. */
const rec = (...files: ({ path: string; size: number; modifiedMs: number } | string)[]) => files.map((x) => (typeof x === "string" ? { path: x } : x));

describe("planFileSync", () => {
  it("copies new files, skips files in sync (same size, destination not older)", () => {
    const plan = planFileSync([f("a", 3, 100), f("d/b", 5, 100)], [f("a", 3, 150)], []);
    expect(plan.copy.map((x) => x.path)).toEqual(["d/b"]);
    expect(plan).toMatchObject({ inSync: 1, conflicts: [], remove: [] });
  });

  it("re-copies a file this stack wrote when the source changed (newer or another size)", () => {
    const plan = planFileSync([f("a", 3, 200), f("b", 9, 100)], [f("a", 3, 150), f("b", 4, 150)], rec(f("a", 3, 150), "b"));
    expect(plan.copy.map((x) => x.path)).toEqual(["a", "b"]);
  });

  it("never overwrites a differing file it did not write: a conflict, left alone (adopted volumes keep their files)", () => {
    const plan = planFileSync([f("a", 3, 200)], [f("a", 7, 50)], []);
    expect(plan).toMatchObject({ copy: [], conflicts: ["a"], outOfDate: 1, inSync: 0 });
  });

  it("removes only its own copies of files gone from the source", () => {
    const plan = planFileSync([], [f("mine", 1, 1), f("theirs", 1, 1)], rec(f("mine", 1, 1)));
    expect(plan.remove).toEqual(["mine"]);
  });

  it("a copy someone changed since the stack wrote it (size or time differ from the record) is a conflict: never overwritten nor removed", () => {
    const written = rec(f("a", 3, 150), f("b", 3, 150), f("gone", 2, 150), f("same", 3, 150));
    expect(stillWrittenByStack(f("a", 3, 150), written[0])).toBe(true);
    expect(stillWrittenByStack(f("a", 4, 150), written[0])).toBe(false);
    expect(stillWrittenByStack(f("a", 3, 151), written[0])).toBe(false);
    expect(stillWrittenByStack(f("a", 9, 9), { path: "a" })).toBe(true); // unconfirmed record: trusted by path
    expect(stillWrittenByStack(f("a", 3, 150), undefined)).toBe(false);
    // Source changed (a, b); a user edited b, gone and same (same size, newer) in the destination.
    const plan = planFileSync(
      [f("a", 3, 200), f("b", 3, 200), f("same", 3, 100)],
      [f("a", 3, 150), f("b", 5, 170), f("gone", 2, 160), f("same", 3, 180)],
      written,
    );
    expect(plan).toMatchObject({ copy: [f("a", 3, 200)], remove: [], conflicts: ["b", "gone", "same"], outOfDate: 1, inSync: 1 });
  });

  it("recordCopied stamps what was written (and unconfirmed records) from the listing, drops removed ones, keeps a changed file's old stamp", () => {
    const before = rec(f("changed", 1, 10), "lost", f("old", 1, 10));
    const after = recordCopied(before, ["new"], ["old"], [f("changed", 2, 20), f("lost", 4, 40), f("new", 5, 50)]);
    expect(after).toEqual([f("changed", 1, 10), f("lost", 4, 40), f("new", 5, 50)]);
    // The listing failed: what was written stays unconfirmed.
    expect(recordCopied([], ["new"], [], undefined)).toEqual([{ path: "new" }]);
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
