/**
 * issue 8 §8, issue 13: a harness killed mid-`up` takes its program and dynamic-provider plugin down with
 * it (SIGKILL included: the children watch a pipe from the harness), so no statement runs after it
 * died; state on disk holds every step it reported complete. SIGTERM and SIGINT also release the lock.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, ROOT, cloneConfig } from "../e2e/catalogCloneFixture";
import { harnessCli, harnessInChild, killMarked, markedProcesses, sleep, waitFor } from "./childHarness";
import { FilesFixture } from "./filesFixture";
import { readStoredState } from "./harnessState";

let marker = "";
let clone: CloneFixture | undefined;
let files: FilesFixture | undefined;
afterEach(async () => {
  killMarked(marker); // only when a test failed: what the killed harness left running
  await clone?.cleanup();
  files?.cleanup();
  clone = files = undefined;
});

const TABLES = 40;
const table = (i: number) => `t${String(i).padStart(3, "0")}`;

describe("a killed harness leaves nothing running", () => {
  it("SIGKILL mid-up: program and plugin die with it, no statement starts after, state holds every completed step", async () => {
    clone = new CloneFixture();
    await clone.sql("CREATE CATALOG prod");
    for (const s of ["a", "b"]) await clone.sql(`CREATE SCHEMA prod.${s}`);
    for (let i = 0; i < TABLES; i++) await clone.sql(`CREATE TABLE prod.${i % 2 === 0 ? "a" : "b"}.${table(i)} AS SELECT ${i} AS id`);
    marker = crypto.randomBytes(8).toString("hex");
    const statePath = path.join(clone.dir, "qa.state.json");
    const from = clone.statementCount();

    const run = harnessInChild("up", {
      programDir: ROOT,
      stack: "qa",
      config: { "catalog-clone:localPath": clone.warehouseDir, ...cloneConfig("qa", "DEEP", { "catalog-clone:sync": "selective" }) },
      statePath,
      parallel: 4,
      env: { UC_LOCAL_LATENCY_MS: "100", HARNESS_TEST_MARKER: marker },
    });
    const harnessPid = run.child.pid!;
    const clones = () =>
      readStatementLog(clone!.warehouseDir)
        .slice(from)
        .filter((e) => /^CREATE TABLE .* CLONE/.test(e.statement) && e.errorClass === null);
    // Mid-run: a few tables cloned (and reported), most still to go.
    const midRun = await waitFor(() => clones().length >= 6, 240_000);
    expect(midRun, run.lines.slice(-20).join("\n")).toBe(true);
    const children = markedProcesses(marker);
    expect(children.some((p) => p.cmdline.includes("dynamic-provider")), JSON.stringify(children)).toBe(true);
    expect(children.some((p) => p.cmdline.includes("cmd/run")), JSON.stringify(children)).toBe(true);

    process.kill(harnessPid, "SIGKILL");
    const killedAt = Date.now();
    expect((await run.exited).signal).toBe("SIGKILL");
    const reported = run.lines.filter((l) => /^\[harness\] created /.test(l)).map((l) => l.split(" ").pop()!);

    // Grace: the children see their stdin close at once; give them a second, then nothing may start.
    await sleep(1000);
    const atGrace = readStatementLog(clone.warehouseDir).length;
    await sleep(3000);
    const survivors = markedProcesses(marker);
    expect(survivors, "processes still running after the harness was killed").toEqual([]);
    const late = readStatementLog(clone.warehouseDir)
      .slice(from)
      .filter((e) => Date.parse(e.time) > killedAt + 1000);
    expect(late.map((e) => `${e.pid} ${e.time} ${e.statement.slice(0, 80)}`)).toEqual([]);
    expect(readStatementLog(clone.warehouseDir).length).toBe(atGrace);
    expect(clones().length).toBeLessThan(TABLES); // it was killed mid-run

    // The state (file written atomically, plus the journal lines appended since) holds every step the harness reported done.
    const state = readStoredState(statePath)!;
    const inState = new Set(state.resources.map((r) => r.name));
    expect(reported.length).toBeGreaterThan(0);
    for (const name of reported) expect(inState.has(name), `${name} reported created but not in state`).toBe(true);
  }, 300_000);

  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${signal} mid-up: the CLI stops, its program and plugin die, the stack lock is released`, async () => {
      files = new FilesFixture();
      marker = crypto.randomBytes(8).toString("hex");
      const project = files.cliProject(["s1", "s2", "s3", "s4", "s5", "s6"].map((name) => ({ name, sleepMs: 1500 })));
      const run = harnessCli(["up", "--stack", "test", "--cwd", project, "--parallel", "2"], { ...process.env, HARNESS_TEST_MARKER: marker });
      // The CLI's own environment carries the marker too: its children are the processes without "cli.js".
      const children = () => markedProcesses(marker).filter((p) => !p.cmdline.includes("cli.js"));
      expect(await waitFor(() => files!.events().length >= 1, 60_000), run.lines.join("\n")).toBe(true);
      expect(children().length).toBe(2);
      const lockFile = path.join(project, ".pulumi-harness", "test.json.lock");
      expect(fs.existsSync(lockFile)).toBe(true);

      process.kill(run.child.pid!, signal);
      expect((await run.exited).code).toBe(code);
      expect(await waitFor(() => children().length === 0, 3000), JSON.stringify(children())).toBe(true);
      expect(fs.existsSync(lockFile)).toBe(false);
      const created = files.events().length;
      await sleep(2000); // the plugin's in-flight creates (1.5 s each) never finish
      expect(files.events().length).toBe(created);
      expect(created).toBeLessThan(6);
    }, 180_000);
  }
});
