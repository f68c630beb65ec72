/**
 * issue 13: harness costs that grew with the stack. State is written only when a step changed it
 * (a no-drift up or refresh writes nothing), compactly (one JSON line per resource), atomically
 * (temp file + rename: a changed state is a new file), and the harness CLI's output survives a pipe
 * whatever its size. (That a killed run keeps every completed step: harnessKill.test.ts.)
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { harnessCliPiped } from "./childHarness";
import { FilesFixture } from "./filesFixture";

let fx: FilesFixture;
afterEach(() => fx?.cleanup());

describe("harness state writes and output", () => {
  it("a no-drift up or refresh does not rewrite state; a change does, one compact line per resource", async () => {
    fx = new FilesFixture();
    const token = "no-drift-secret-1";
    const decl = ["a", "b", "c", "d", "e"].map((name) => ({ name }));
    const first = await fx.stack(decl, { secretConfig: { token } }).up();
    expect(first.errors).toEqual([]);
    const written = fs.statSync(fx.statePath);
    const text = fs.readFileSync(fx.statePath, "utf8");

    // Compact: the header and each resource on one line, no indentation; secrets still encrypted.
    const lines = text.trimEnd().split("\n");
    const resources = fx.stack([]).state()!.resources;
    expect(lines).toHaveLength(resources.length + 2);
    expect(text).not.toMatch(/\n\s/);
    expect(text).not.toContain(token);
    expect(text).toContain("ciphertext");

    const again = await fx.stack(decl, { secretConfig: { token } }).up();
    expect(again.errors).toEqual([]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    const refresh = await fx.stack(decl, { secretConfig: { token } }).refresh();
    expect(refresh.errors).toEqual([]);
    // Every save renames a new file over the state: same file (inode, modification time) = never written.
    const now = fs.statSync(fx.statePath);
    expect([now.ino, now.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(fs.readFileSync(fx.statePath, "utf8")).toBe(text);

    const decl2 = decl.map((r) => (r.name === "c" ? { ...r, content: "c2" } : r));
    const changed = await fx.stack(decl2, { secretConfig: { token } }).up();
    expect(changed.counts.update).toBe(1);
    expect(fs.statSync(fx.statePath).mtimeMs).toBeGreaterThan(written.mtimeMs);
    const after = fs.readFileSync(fx.statePath, "utf8");
    // Only the changed entry differs; unchanged entries (their secrets' ciphertext too) are kept as they were.
    // Resource lines (the header, line 1, names the journal generation, new with every full write); the separator ends all but the last.
    const entries = (t: string) => t.trimEnd().split("\n").slice(1, -1).map((l) => l.replace(/,$/, ""));
    const differing = entries(after).filter((l) => !entries(text).includes(l));
    // The changed file, and the stack whose outputs list its size.
    expect(differing.map((l) => JSON.parse(l).name).sort(), differing.join("\n\n")).toEqual(["c", "files-test"]);
    expect(fx.stack([]).resources().find((r) => r.name === "secretive")!.outputs.content).toBe(token);
    expect(fs.readdirSync(path.dirname(fx.statePath)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // New inputs the provider's diff calls no change: a same step, whose record is written at the end.
    const same = await fx.stack(decl2.map((r) => (r.name === "d" ? { ...r, sleepMs: 1 } : r)), { secretConfig: { token } }).up();
    expect(same.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(fx.stack([]).state()!.resources.find((r) => r.name === "d")!.inputs.sleepMs).toBe(1);
  }, 180_000);

  it("the CLI's output reaches a pipe whole (more than the 64 KB a pipe holds)", async () => {
    fx = new FilesFixture();
    const project = fx.cliProject([{ name: "a" }], { bigOutput: 200_000 });
    const run = harnessCliPiped(["up", "--stack", "test", "--cwd", project]);
    await run.exited;
    const out = run.stdout();
    expect(run.lines).toContain("exit=0");
    expect(out.length).toBeGreaterThan(200_000);
    expect(out).toContain(`big: "${"x".repeat(200_000)}"`);
    expect(out.trimEnd().endsWith("2 unchanged") || /\+ \d+ created$/.test(out.trimEnd())).toBe(true);
  }, 180_000);
});
