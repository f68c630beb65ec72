/**
 * issue 8 §8: a per-stack lock as Pulumi backends hold one. Two concurrent `up`s of one stack used to
 * both run, both fail and lose state entries; now the second fails at once naming the stack and the
 * holder, the first completes with every entry. A lock whose holder is gone is broken; one held on
 * another host is not (it cannot be checked).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { harnessCli, waitFor } from "./childHarness";
import { FilesFixture } from "./filesFixture";
import type { LockHolder } from "./stackLock";

let fx: FilesFixture;
afterEach(() => fx?.cleanup());

const names = ["r1", "r2", "r3", "r4"];

function lockOf(project: string): string {
  return path.join(project, ".pulumi-harness", "test.json.lock");
}

/** A pid no process has: a child that already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

function staleLock(project: string, holder: Partial<LockHolder>): void {
  fs.mkdirSync(path.dirname(lockOf(project)), { recursive: true });
  const base: LockHolder = {
    stack: "files/test",
    operation: "up",
    pid: deadPid(),
    host: os.hostname(),
    user: "someone",
    startedAt: "2024-01-15T00:00:00.000Z",
    token: "stale",
  };
  fs.writeFileSync(lockOf(project), JSON.stringify({ ...base, ...holder }));
}

describe("per-stack lock", () => {
  it("a second concurrent up fails at once naming the stack and the holder; the first keeps every state entry", async () => {
    fx = new FilesFixture();
    const project = fx.cliProject(names.map((name) => ({ name, sleepMs: 1500 })));
    const first = harnessCli(["up", "--stack", "test", "--cwd", project, "--parallel", "2"]);
    expect(await waitFor(() => fs.existsSync(lockOf(project)), 60_000), first.lines.join("\n")).toBe(true);
    const holder = JSON.parse(fs.readFileSync(lockOf(project), "utf8")) as LockHolder;
    expect(holder).toMatchObject({ stack: "files/test", operation: "up", pid: first.child.pid, host: os.hostname() });

    const t0 = Date.now();
    const second = harnessCli(["up", "--stack", "test", "--cwd", project]);
    const secondExit = await second.exited;
    const secondMs = Date.now() - t0;
    expect(secondExit.code).toBe(1);
    const text = second.stdout();
    expect(text).toContain("the stack files/test is currently locked by another update");
    expect(text).toContain(`pid ${first.child.pid}`);
    expect(text).toContain(`on host ${os.hostname()}`);
    expect(text).toContain(`started ${holder.startedAt}`);
    // Failed fast: before the first one finished, without running the program.
    expect(first.child.exitCode).toBeNull();
    expect(second.lines.some((l) => l.startsWith("[program]"))).toBe(false);
    console.log(`second up refused in ${secondMs} ms`);

    expect((await first.exited).code, first.stdout()).toBe(0);
    expect(fs.existsSync(lockOf(project))).toBe(false);
    const state = JSON.parse(fs.readFileSync(path.join(project, ".pulumi-harness", "test.json"), "utf8")) as { resources: { name: string }[] };
    expect(state.resources.map((r) => r.name).sort()).toEqual(["files-test", "group", ...names].sort());
    expect(fx.events().sort()).toEqual(names.map((n) => `create ${n}`).sort());
  }, 180_000);

  it("breaks the lock of a holder that is gone (dead pid, or its pid reused), never one on another host", async () => {
    fx = new FilesFixture();
    const project = fx.cliProject([{ name: "a" }]);

    staleLock(project, {});
    const afterDeath = harnessCli(["up", "--stack", "test", "--cwd", project]);
    expect((await afterDeath.exited).code, afterDeath.stdout()).toBe(0);
    expect(afterDeath.lines.join("\n")).toMatch(/broke the stale lock of stack files\/test: up by pid \d+ on .*, started 2024-01-15T00:00:00.000Z, is no longer running/);
    expect(fs.existsSync(lockOf(project))).toBe(false);

    // The pid is alive (this test process) but started at another time than the holder did: reused.
    staleLock(project, { pid: process.pid, pidStart: "1" });
    const reused = harnessCli(["up", "--stack", "test", "--cwd", project]);
    expect((await reused.exited).code, reused.stdout()).toBe(0);
    expect(reused.lines.join("\n")).toContain("broke the stale lock");

    // A live holder on this host (this test process, its real start time): refused.
    const stat = fs.readFileSync(`/proc/${process.pid}/stat`, "utf8");
    staleLock(project, { pid: process.pid, pidStart: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] });
    const live = harnessCli(["destroy", "--stack", "test", "--cwd", project]);
    expect((await live.exited).code).toBe(1);
    expect(live.stdout()).toContain(`the stack files/test is currently locked by another update: up by pid ${process.pid}`);
    expect(fx.events()).not.toContain("delete a");

    // Another host: cannot be checked, so never broken; the message says how to clear it.
    staleLock(project, { host: "build-agent-7" });
    const remote = harnessCli(["up", "--stack", "test", "--cwd", project]);
    expect((await remote.exited).code).toBe(1);
    expect(remote.stdout()).toContain("on host build-agent-7");
    expect(remote.stdout()).toContain(`if it is gone, delete ${lockOf(project)}`);
    expect(fs.existsSync(lockOf(project))).toBe(true);

    // preview takes no lock (it writes nothing), as with the CLI's backends.
    const preview = harnessCli(["preview", "--stack", "test", "--cwd", project]);
    expect((await preview.exited).code, preview.stdout()).toBe(0);
  }, 180_000);
});
