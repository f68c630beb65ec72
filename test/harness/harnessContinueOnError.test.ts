/**
 * issue 8 §6: `--continue-on-error` as `pulumi up --continue-on-error` behaves (pulumi/pulumi
 * pkg/resource/deploy: step_executor.go cancelDueToError, deployment_executor.go handleSingleEvent and
 * performPostSteps): a resource whose create/update/delete fails does not stop the update; what depends
 * on it is skipped (its old state kept); the rest runs, deletes included, except what a failed resource
 * still depends on; the update fails. Without the flag a failure stops scheduling new steps.
 */
import * as path from "path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CloneFixture, ROOT, cloneConfig } from "../e2e/catalogCloneFixture";
import { harnessCli } from "./childHarness";
import { FileSpec, FilesFixture, SeededFiles } from "./filesFixture";
import { HarnessStack, Summary } from "./harnessStack";

let fx: FilesFixture | undefined;
let clone: CloneFixture | undefined;
afterEach(async () => {
  fx?.cleanup();
  await clone?.cleanup();
  fx = clone = undefined;
});

/** File `gone` after one up, which the next up no longer declares: where two tests start, paid once. */
const gone = new SeededFiles(async (seed) => {
  const up = await seed.stack([{ name: "gone" }]).up();
  if (up.failed || seed.file("gone") !== "gone") throw new Error(`the seed up failed: ${up.errors.join("\n")}`);
});
afterAll(() => gone.cleanup());

const stepOf = (s: Summary, name: string) => s.steps.find((x) => x.name === name && x.type.includes("File"));

describe("--continue-on-error", () => {
  // `slow` keeps `after` (which depends on it) from registering until `bad` has failed.
  const decl: FileSpec[] = [
    { name: "slow", sleepMs: 1500 },
    { name: "bad", failHard: true },
    { name: "dependent", dependsOn: ["bad"] },
    { name: "after", dependsOn: ["slow"] },
  ];

  it("without the flag a failure stops scheduling: later resources fail unrun, nothing is deleted", async () => {
    fx = await gone.fixture();
    const up = await fx.stack(decl).up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("create refused: bad");
    // `after` never runs: refused as "an earlier step of this update failed", or never registered (the
    // program stops once a registration fails, as it does under the CLI).
    const after = stepOf(up, "after");
    if (after) expect(after.error).toContain("an earlier step of this update failed");
    expect(fx.events()).toEqual(["create gone", "create slow"]);
    const names = fx.stack([]).state()!.resources.map((r) => r.name);
    expect(names).toContain("gone");
    expect(names).not.toContain("after");
  }, 180_000);

  it("with the flag the rest runs (deletes too), dependents of the failure are skipped, and the update fails", async () => {
    fx = await gone.fixture();
    const up = await fx.stack(decl, { continueOnError: true }).up();
    expect(up.failed).toBe(true);
    expect(up.errors).toHaveLength(1);
    expect(up.errors[0]).toContain("create refused: bad");
    expect(stepOf(up, "bad")!.error).toBeDefined();
    expect(stepOf(up, "dependent")).toMatchObject({ skipped: true });
    expect(stepOf(up, "dependent")!.error).toBeUndefined();
    expect(stepOf(up, "after")).toMatchObject({ op: "create" });
    expect(stepOf(up, "after")!.error).toBeUndefined();
    expect(up.skipped).toBe(1);
    expect(up.counts).toMatchObject({ create: 2, delete: 1 }); // slow, after; gone (bad failed, dependent skipped)
    expect(fx.events().sort()).toEqual(["create after", "create gone", "create slow", "delete gone"]);
    const names = fx.stack([]).state()!.resources.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["slow", "after"]));
    expect(names).not.toEqual(expect.arrayContaining(["bad"]));
    expect(names).not.toContain("dependent");
    expect(names).not.toContain("gone");

    // Fixed: the next up creates what failed and what was skipped, nothing else.
    const fixed = decl.map((r) => ({ ...r, failHard: undefined }));
    const next = await fx.stack(fixed, { continueOnError: true }).up();
    expect(next.errors).toEqual([]);
    expect(next.steps.filter((s) => s.op === "create").map((s) => s.name).sort()).toEqual(["bad", "dependent"]);
  }, 180_000);

  it("a failed update keeps its old state, its dependents' too, and what it still depends on is not deleted", async () => {
    fx = new FilesFixture();
    await fx.stack([{ name: "dep" }, { name: "base", dependsOn: ["dep"] }, { name: "kid", dependsOn: ["base"] }, { name: "other" }]).up();
    const before = fx.stack([]).state()!.resources;
    const up = await fx
      .stack([{ name: "base", content: "v2", failHard: true }, { name: "kid", dependsOn: ["base"] }, { name: "other", content: "v2" }], { continueOnError: true })
      .up();
    expect(up.failed).toBe(true);
    expect(up.errors.join("\n")).toContain("update refused: base");
    expect(stepOf(up, "kid")).toMatchObject({ skipped: true });
    expect(stepOf(up, "other")).toMatchObject({ op: "update" });
    expect(fx.file("other")).toBe("v2");
    expect(fx.file("dep")).toBe("dep"); // base (kept as it was) still depends on it
    expect(fx.logLines.join("\n")).toContain("not deleting pulumi-nodejs:dynamic/files:File dep");
    const after = fx.stack([]).state()!.resources;
    for (const name of ["dep", "base", "kid"]) {
      expect(after.find((r) => r.name === name), name).toEqual(before.find((r) => r.name === name));
    }
  }, 180_000);

  it("the harness CLI takes --continue-on-error, exits 1 and prints the failure and the skipped resource", async () => {
    fx = new FilesFixture();
    const project = fx.cliProject(decl);
    const run = harnessCli(["up", "--stack", "test", "--cwd", project, "--continue-on-error"]);
    const { code } = await run.exited;
    const text = run.stdout();
    expect(code).toBe(1);
    expect(text).toMatch(/bad\s+create\s+\*\*failed\*\*/);
    expect(text).toMatch(/dependent\s+create\s+\(skipped: depends on a failed resource\)/);
    expect(text).toContain("1 skipped");
    expect(text).toContain("error: up failed");
    expect(fx.events().sort()).toEqual(["create after", "create slow"]);
  }, 180_000);

  it("CatalogClone: one table's clone fails; the other tables are cloned only with the flag", async () => {
    clone = new CloneFixture();
    await clone.sql("CREATE CATALOG prod");
    await clone.sql("CREATE SCHEMA prod.s");
    const tables = ["t01", "t02", "t03", "t04", "t05", "t06"];
    for (const [i, t] of tables.entries()) await clone.sql(`CREATE TABLE prod.s.${t} AS SELECT ${i} AS id`);
    const env = {
      UC_LOCAL_FAULTS: JSON.stringify([
        {
          match: "^CREATE TABLE .*`t02`.* DEEP CLONE",
          errorClass: "INSUFFICIENT_PERMISSIONS",
          sqlState: "42501",
          message: "User does not have SELECT on the source table.",
          transient: false,
        },
      ]),
    };
    /** A stack of the root program on this warehouse (as CloneFixture.stack builds it), with or without the flag. */
    const stackOf = (name: string, continueOnError: boolean) =>
      new HarnessStack({
        programDir: ROOT,
        stack: name,
        config: { "catalog-clone:localPath": clone!.warehouseDir, ...cloneConfig(name, "DEEP") },
        statePath: path.join(clone!.dir, `${name}.state.json`),
        log: (l) => clone!.logs.push(l),
        parallel: 1, // tables run one after another in name order: t02 fails second
        env,
        continueOnError,
      });
    const tablesInState = (name: string) =>
      stackOf(name, false)
        .resources()
        .filter((r) => r.type.endsWith("catalog-clone:Table"))
        .map((r) => r.name.split(".").pop()!)
        .sort();

    const plain = await stackOf("qa_plain", false).up();
    expect(plain.failed).toBe(true);
    expect(plain.errors.join("\n")).toContain("INSUFFICIENT_PERMISSIONS");
    expect(tablesInState("qa_plain")).toEqual(["t01"]);

    const coe = await stackOf("qa_coe", true).up();
    expect(coe.failed).toBe(true);
    const failures = coe.steps.filter((s) => s.error);
    expect(failures.map((s) => s.name)).toEqual(["qa_coe/s.t02"]);
    expect(failures[0].error).toContain("INSUFFICIENT_PERMISSIONS");
    expect(tablesInState("qa_coe")).toEqual(tables.filter((t) => t !== "t02"));
    for (const t of tables.filter((x) => x !== "t02")) expect(await clone.rows(`qa_coe.s.${t}`)).toEqual(await clone.rows(`prod.s.${t}`));
  }, 300_000);
});
