/**
 * The `npm run sql` shell over a local warehouse: argument parsing, statement splitting, table
 * formatting, and a run in both modes (statements on the command line, interactive input).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatTable, isCompleteInput, parseShellArgs, runShell, splitStatements } from "../shell";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uc-shell-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io(input = "") {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  stdin.end(input);
  return { streams: { stdin, stdout, stderr, interactive: false }, out: () => out, err: () => err };
}

describe("sql shell", () => {
  test("--warehouse / UC_LOCAL_WAREHOUSE / default .warehouse/default choose the workspace", () => {
    expect(parseShellArgs(["--warehouse", "/x", "SELECT", "1"], {})).toEqual({ warehouse: "/x", statements: "SELECT 1", help: false });
    expect(parseShellArgs([], { UC_LOCAL_WAREHOUSE: "/env" }).warehouse).toBe("/env");
    expect(parseShellArgs([], {})).toEqual({ warehouse: join(".warehouse", "default"), statements: undefined, help: false });
  });

  test("statements split at top-level semicolons only; input is complete once it ends with one", () => {
    expect(splitStatements("SELECT ';' AS a; SELECT `x;y` FROM t;")).toEqual(["SELECT ';' AS a", "SELECT `x;y` FROM t"]);
    expect(isCompleteInput("SELECT 'a;")).toBe(false);
    expect(isCompleteInput("SELECT 1;")).toBe(true);
  });

  test("rows print as an aligned table with numbers right-aligned and NULLs spelled out", () => {
    expect(formatTable([{ id: 1, name: "ann" }, { id: 22, name: null }])).toBe("id | name\n---+-----\n 1 | ann\n22 | NULL\n(2 rows)");
  });

  test("statements on the command line run in order; a failure exits 1 with the Databricks error text", async () => {
    const s = io();
    const code = await runShell(["-w", join(dir, "ws"), "CREATE TABLE main.default.t (id INT); INSERT INTO main.default.t VALUES (7); SELECT id FROM main.default.t; SELECT * FROM main.default.nope"], s.streams);
    expect(code).toBe(1);
    expect(s.out()).toContain("id\n--\n 7\n(1 row)");
    expect(s.err()).toMatch(/^\[TABLE_OR_VIEW_NOT_FOUND\]/);
  });

  test("without statements it reads ';'-terminated statements from the prompt until exit", async () => {
    const s = io("SELECT 40 +\n 2 AS answer;\nexit\n");
    expect(await runShell(["--warehouse", join(dir, "ws")], s.streams)).toBe(0);
    expect(s.out()).toContain("answer\n------\n    42\n(1 row)");
  });
});
