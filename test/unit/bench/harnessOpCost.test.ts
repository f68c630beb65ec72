/** The harness-op bench's CPU reading: cutime + cstime of /proc/<pid>/stat, whatever the command name holds. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { describe, expect, it } from "vitest";
import { reapedChildrenCpuMs } from "../../bench/harnessOpCost";

const statLine = (comm: string, cutime: number, cstime: number) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 900 12 0 0 35 7 ${cutime} ${cstime} 20 0 1 0 1384819 3133440 383 18446744073709551615 0 0 0\n`;

describe("reapedChildrenCpuMs", () => {
  it("reads cutime + cstime in 10 ms ticks, after a command name holding spaces and parentheses", () => {
    expect(reapedChildrenCpuMs(statLine("node", 123, 45))).toBe(1680);
    expect(reapedChildrenCpuMs(statLine("a (b) c) d", 1, 2))).toBe(30);
  });

  it("refuses a line that is not a stat line", () => {
    expect(() => reapedChildrenCpuMs("hello (world)")).toThrow(/not a \/proc stat line/);
  });

  it("counts the CPU of a child once it has been reaped", () => {
    const before = reapedChildrenCpuMs(fs.readFileSync("/proc/self/stat", "utf8"));
    // The child spins until it has used 300 ms of CPU itself; spawnSync reaps it.
    spawnSync(process.execPath, ["-e", "const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) < 300000);"]);
    const after = reapedChildrenCpuMs(fs.readFileSync("/proc/self/stat", "utf8"));
    expect(after - before).toBeGreaterThanOrEqual(290);
  });
});
