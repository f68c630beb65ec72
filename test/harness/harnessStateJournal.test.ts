/**
 * issue 13: the state store's journal. A save appends what changed (one line) instead of rewriting the
 * whole file, so an operation on N resources writes O(N) bytes, not O(N²); what a save covered is on
 * disk when it resolves (a crash right after loses nothing); the end of an operation folds the journal
 * into the file; a torn last line and a stale journal are ignored. (Through real runs: harnessKill reads
 * a killed run's state through the journal, harnessStateWrites checks the files of completed runs.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { HarnessState, ResourceState, StateStore, journalPathOf, readStoredState } from "./harnessState";
import { makeSecret } from "./propertyValues";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function entry(name: string, extra: Partial<ResourceState> = {}): ResourceState {
  return {
    urn: `urn:pulumi:s::p::t::${name}`,
    type: "t",
    name,
    custom: true,
    id: name,
    inputs: { content: "x".repeat(500) },
    outputs: { token: makeSecret(`secret-${name}`) },
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    ...extra,
  };
}

/** A stand-in for the deployment: a live set, and the entries touched since the last save. */
class Live {
  readonly live = new Set<ResourceState>();
  touched = new Set<ResourceState>();
  constructor(private readonly head: HarnessState) {
    for (const r of head.resources) this.live.add(r);
  }
  add(r: ResourceState): void {
    this.live.add(r);
    this.touched.add(r);
  }
  remove(r: ResourceState): void {
    this.live.delete(r);
    this.touched.add(r);
  }
  save(store: StateStore, final = false): Promise<void> {
    const touched = this.touched;
    this.touched = new Set();
    return store.save(() => ({ ...this.head, resources: [...this.live] }), { touched, isLive: (r) => this.live.has(r) }, final);
  }
}

const names = (s: HarnessState | undefined) => s!.resources.map((r) => r.name).sort();

describe("harness state journal", () => {
  it("appends each save, keeps it readable at once, folds it in at the end, ignores torn and stale lines", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-journal-"));
    const statePath = path.join(dir, "stack.json");
    const journal = journalPathOf(statePath);
    const inode = () => fs.statSync(statePath).ino;

    // 300 creates, one save each (as 300 create steps): the file is written whole once at the start and
    // once at the end; in between each save is a journal line, and each is in the state when it resolves.
    let store = new StateStore(statePath, "pw");
    let live = new Live(store.load("p", "s"));
    const inodes = new Set<number>();
    for (let i = 0; i < 300; i++) {
      live.add(entry(`r${i}`));
      await live.save(store);
      inodes.add(inode());
      if (i % 50 === 0) expect(names(readStoredState(statePath))).toHaveLength(i + 1);
    }
    expect(inodes.size).toBe(1);
    expect(fs.readFileSync(journal, "utf8").trimEnd().split("\n")).toHaveLength(299);
    expect(fs.readFileSync(journal, "utf8")).not.toContain("secret-r1");
    await live.save(store, true);
    expect(fs.existsSync(journal)).toBe(false);
    expect(names(readStoredState(statePath))).toHaveLength(300);
    const folded = fs.readFileSync(statePath, "utf8");
    expect(folded).not.toContain("secret-r");

    // A later operation: removes and replacements land in the journal; a fresh load (a crash, then the
    // next run) sees them, secrets decrypted; the file itself is untouched until the fold.
    store = new StateStore(statePath, "pw");
    const loaded = store.load("p", "s");
    live = new Live(loaded);
    const byName = new Map(loaded.resources.map((r) => [r.name, r]));
    live.remove(byName.get("r0")!);
    live.remove(byName.get("r1")!);
    live.add(entry("r1", { id: "r1-v2" }));
    await live.save(store);
    expect(fs.readFileSync(statePath, "utf8")).toBe(folded);
    const afterCrash = new StateStore(statePath, "pw").load("p", "s");
    expect(afterCrash.resources).toHaveLength(299);
    expect(afterCrash.resources.find((r) => r.name === "r1")!.id).toBe("r1-v2");
    expect(afterCrash.resources.find((r) => r.name === "r2")!.outputs.token).toEqual(makeSecret("secret-r2"));

    // A crash mid-append leaves a torn last line: that save never returned, so it is not in the state.
    fs.appendFileSync(journal, '{"g":"x","del":[5],"add":[[900,{"urn":');
    expect(names(readStoredState(statePath))).toEqual(names({ resources: afterCrash.resources } as HarnessState));

    // The next run folds the journal into the file on its first save, and a journal of an older
    // generation (a crash between the file's rename and the journal's removal) is then ignored.
    const oldJournal = fs.readFileSync(journal, "utf8");
    store = new StateStore(statePath, "pw");
    live = new Live(store.load("p", "s"));
    await live.save(store);
    expect(fs.existsSync(journal)).toBe(false);
    fs.writeFileSync(journal, oldJournal);
    expect(names(readStoredState(statePath))).toHaveLength(299);
    expect(readStoredState(statePath)!.resources.find((r) => r.name === "r0")).toBeUndefined();
  });
});
