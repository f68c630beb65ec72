/**
 * Runs every case file in ./cases against the embedded engine, always, and against a live Databricks
 * SQL warehouse when DATABRICKS_* is set (see liveTarget.ts); otherwise the live run is reported as
 * skipped. A rehearsal runs the live selection with live-style names on the embedded engine, so case files
 * stay runnable on a shared warehouse. Cases a target cannot run say why (`skipif`/`onlyif`), and the
 * reason is in the test name.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import { parseCaseFile, skipReason, type Case, type CaseFile, type Target } from "./caseFile";
import { runCase, type CaseTarget } from "./caseRunner";
import { localCaseTarget } from "./localTarget";
import { dropLiveRunCatalogs, liveCaseTarget, liveConfigured } from "./liveTarget";

// Every case opens fresh sessions on a fresh directory; their DuckDB instances (empty between
// statements) are reused rather than started for each of the ~1500 sessions. As many as run at once.
beforeAll(() => LocalWarehouse.keepWarm(8));
afterAll(() => LocalWarehouse.keepWarm(0));

const CASES = path.join(__dirname, "cases");
const files = readdirSync(CASES)
  .filter((f) => f.endsWith(".slt"))
  .sort()
  .map((f) => ({ name: `cases/${f}`, parsed: parseCaseFile(readFileSync(path.join(CASES, f), "utf8"), `cases/${f}`) }));

/** The test title: the case's own, plus how many of its records this target skips. */
function title(parsed: CaseFile, c: Case, target: Target): string {
  const skipped = [...parsed.setup, ...c.records].filter((r) => skipReason(r.conditions, target) !== undefined).length;
  return skipped === 0 ? c.title : `${c.title} [${skipped} record(s) skipped on ${target}]`;
}

/**
 * `concurrent`: cases run side by side, each in its own account directory. Not on a live warehouse: its
 * pooled session is shared, and USE CATALOG / USE SCHEMA are session state.
 */
function suite(target: Target, open: (caseId: string) => CaseTarget & { cleanup(): Promise<void> }, concurrent: boolean): void {
  files.forEach(({ name, parsed }, f) => {
    (concurrent ? describe.concurrent : describe)(name, () => {
      parsed.cases.forEach((c, k) => {
        const reason = skipReason(c.conditions, target);
        if (reason !== undefined) {
          it.skip(`${c.title} (not on ${target}: ${reason})`, () => undefined);
          return;
        }
        it(title(parsed, c, target), async () => {
          const t = open(`f${f}c${k}`);
          try {
            await runCase(name, parsed, c, t);
          } finally {
            await t.cleanup();
          }
        });
      });
    });
  });
}

describe("conformance cases: embedded engine", () => {
  suite("local", () => localCaseTarget(), true);
});

describe("conformance cases: embedded engine, rehearsing a live run (its skips and names)", () => {
  suite("live", () => localCaseTarget({ rehearseLive: true }), true);
});

describe.skipIf(!liveConfigured())("conformance cases: live Databricks SQL warehouse", () => {
  afterAll(dropLiveRunCatalogs, 600_000);
  suite("live", liveCaseTarget, false);
});

describe("the case runner fails on a wrong expectation", () => {
  const wrong: Record<string, string> = {
    "a wrong value": "query I\nSELECT 1 AS one\n----\none\n2",
    "a wrong column name": "query I\nSELECT 1 AS one\n----\ntwo\n1",
    "a wrong column type": "query T\nSELECT 1 AS one\n----\none\n1",
    "a missing row": "query I\nSELECT 1 AS one\n----\none\n1\n1",
    "a row a contains-query does not find": "query I contains\nSELECT 1 AS one\n----\none\n2",
    "a row an excludes-query finds": "query I excludes\nSELECT 1 AS one\n----\none\n1",
    "a wrong error class": "statement error TABLE_OR_VIEW_NOT_FOUND\nSELECT * FROM\n",
    "a wrong SQLSTATE": "statement error PARSE_SYNTAX_ERROR 42P01\nSELECT * FROM\n",
    "a message it does not contain": "statement error PARSE_SYNTAX_ERROR\nSELECT * FROM\n----\nno such text",
    "a statement that succeeds where an error is expected": "statement error PARSE_SYNTAX_ERROR\nSELECT 1\n",
    "a statement that fails where it must succeed": "statement ok\nSELECT * FROM\n",
  };
  it("a second workspace on a target that has one", async () => {
    const parsed = parseCaseFile("case two\nworkspace a\n\nstatement ok\nSELECT 1\n\nworkspace b\n\nstatement ok\nSELECT 1\n");
    const t = localCaseTarget({ rehearseLive: true });
    try {
      await expect(runCase("inline", parsed, parsed.cases[0], t)).rejects.toThrow(/^inline:9: workspace b: this target has one workspace \(a\)/);
    } finally {
      await t.cleanup();
    }
  });

  it.each(Object.entries(wrong))("%s", async (_, body) => {
    const parsed = parseCaseFile(`case wrong\n${body}\n`);
    const t = localCaseTarget();
    try {
      await expect(runCase("inline", parsed, parsed.cases[0], t)).rejects.toThrow(/^inline:2: /);
    } finally {
      await t.cleanup();
    }
  });
});
