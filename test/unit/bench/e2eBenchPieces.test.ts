/**
 * The e2e bench's measuring pieces (test/bench/e2e.ts): which process a command line is, the peak
 * resident set read from /proc/<pid>/status, and the table counts it runs. The bench itself runs the
 * harness CLI for minutes (`npm run bench`), so it is not run here.
 */
import * as fs from "fs";
import { describe, expect, it } from "vitest";
import { e2eSizes, processRole, vmHwmMb } from "../../bench/e2e";

describe("e2e bench pieces", () => {
  it("tells the program (cmd/run) and the plugin (cmd/dynamic-provider) from other processes by their command line", () => {
    const nul = "\0";
    expect(processRole(["/usr/bin/node", "--require", "/r/exitWithParent.js", "/p/node_modules/@pulumi/pulumi/cmd/run/index.js", "--monitor", "x"].join(nul))).toBe("program");
    expect(processRole(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "0"].join(nul))).toBe("plugin");
    expect(processRole(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "0"].join(nul))).toBe("plugin");
    expect(processRole(["node", "/r/test/harness/dist/cli.js", "up", "--stack", "bench"].join(nul))).toBe("other");
    expect(processRole(["node", "/r/cmd/running.js"].join(nul))).toBe("other");
  });

  it("reads the peak resident set (VmHWM) in MB, and none from a status without it", () => {
    expect(vmHwmMb("Name:\tnode\nVmPeak:\t 2000000 kB\nVmHWM:\t  409600 kB\nVmRSS:\t  300000 kB\n")).toBe(400);
    expect(vmHwmMb("Name:\tkthreadd\nState:\tS (sleeping)\n")).toBeNull();
    // This process's own status has one (Linux).
    if (fs.existsSync("/proc/self/status")) expect(vmHwmMb(fs.readFileSync("/proc/self/status", "utf8"))).toBeGreaterThan(0);
  });

  it("runs 200 and 2,000 tables, 10 and 40 in quick mode, or the counts given, smallest first; refuses nonsense", () => {
    expect(e2eSizes({})).toEqual([200, 2000]);
    expect(e2eSizes({ BENCH_QUICK: "1" })).toEqual([10, 40]);
    expect(e2eSizes({ BENCH_E2E_TABLES: "2000, 500" })).toEqual([500, 2000]);
    expect(() => e2eSizes({ BENCH_E2E_TABLES: "2k" })).toThrow(/BENCH_E2E_TABLES/);
  });
});
