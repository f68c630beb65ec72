#!/usr/bin/env node
/**
 * `npm run sql`: a SQL shell over a local warehouse directory.
 *
 *   npm run sql -- [--warehouse DIR] "SELECT ...; SHOW GRANTS ON ..."   runs the statements, prints tables
 *   npm run sql -- [--warehouse DIR]                                    interactive prompt (end statements with `;`)
 *
 * DIR defaults to $UC_LOCAL_WAREHOUSE, else `.warehouse/default` (the provider's default local
 * connection). Exit code 1 when a statement fails in non-interactive mode.
 */
import * as readline from "node:readline";
import * as path from "node:path";
import type { Readable, Writable } from "node:stream";
import type { Row } from "./row";
import { EngineError } from "./errors/engineError";
import { tokenize } from "./frontEnd/lexer";
import { LocalWarehouse } from "./localWarehouse";

/** Default workspace directory, relative to the working directory (same as connectionConfig's). */
export const DEFAULT_WAREHOUSE_DIR = path.join(".warehouse", "default");

export interface ShellArgs {
  warehouse: string;
  /** Statement text given on the command line; undefined → interactive. */
  statements: string | undefined;
  help: boolean;
}

const USAGE = `Usage: npm run sql -- [--warehouse DIR] ["SQL; ..."]
  --warehouse, -w DIR   local workspace directory (default: $UC_LOCAL_WAREHOUSE or ${DEFAULT_WAREHOUSE_DIR})
Without SQL, starts an interactive prompt; end each statement with ';', quit with 'exit' or Ctrl-D.`;

/** Parses the command line (after `node shell.js`). */
export function parseShellArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ShellArgs {
  let warehouse = env.UC_LOCAL_WAREHOUSE || DEFAULT_WAREHOUSE_DIR;
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--warehouse" || a === "-w") {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a directory.\n${USAGE}`);
      warehouse = v;
    } else if (a.startsWith("--warehouse=")) warehouse = a.slice("--warehouse=".length);
    else if (a === "--help" || a === "-h") help = true;
    else rest.push(a);
  }
  return { warehouse, statements: rest.length > 0 ? rest.join(" ") : undefined, help };
}

/** Splits text into statements at top-level `;` (strings, identifiers and comments respected). */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const t of tokenize(text)) {
    if (t.kind === "punct" && t.value === ";") {
      const s = text.slice(start, t.start).trim();
      if (s) out.push(s);
      start = t.end;
    }
  }
  const tail = text.slice(start).trim();
  if (tail && tokenize(tail).length > 0) out.push(tail);
  return out;
}

/** True when `buffer` holds at least one complete statement ending with `;` (an open string is incomplete). */
export function isCompleteInput(buffer: string): boolean {
  try {
    const toks = tokenize(buffer);
    const last = toks[toks.length - 1];
    return last !== undefined && last.kind === "punct" && last.value === ";";
  } catch {
    return false;
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Rows as an aligned text table (header, rule, rows, row count); numbers are right-aligned. */
export function formatTable(rows: readonly Row[]): string {
  if (rows.length === 0) return "OK (0 rows)";
  const columns = Object.keys(rows[0]);
  const cells = rows.map((r) => columns.map((c) => cell(r[c]).replace(/\n/g, "\\n")));
  const numeric = columns.map((c) => rows.every((r) => r[c] === null || typeof r[c] === "number" || typeof r[c] === "bigint"));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[], align: boolean) =>
    vals.map((v, i) => (align && numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(" | ").trimEnd();
  const out = [line(columns, false), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map((r) => line(r, true))];
  out.push(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
  return out.join("\n");
}

interface ShellIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Interactive prompt even when stdin is not a TTY (tests). */
  interactive?: boolean;
}

function describeError(e: unknown): string {
  if (e instanceof EngineError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

async function runAll(wh: LocalWarehouse, text: string, io: ShellIO): Promise<boolean> {
  let ok = true;
  let statements: string[];
  try {
    statements = splitStatements(text);
  } catch (e) {
    io.stderr.write(describeError(e) + "\n");
    return false;
  }
  for (const s of statements) {
    try {
      const rows = await wh.execute(s);
      io.stdout.write(formatTable(rows) + "\n");
    } catch (e) {
      io.stderr.write(describeError(e) + "\n");
      ok = false;
    }
  }
  return ok;
}

/** Runs the shell; resolves with the process exit code. */
export async function runShell(argv: readonly string[], io: ShellIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: ShellArgs;
  try {
    args = parseShellArgs(argv);
  } catch (e) {
    io.stderr.write(describeError(e) + "\n");
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE + "\n");
    return 0;
  }
  const wh = await LocalWarehouse.open(args.warehouse);
  try {
    if (args.statements !== undefined) return (await runAll(wh, args.statements, io)) ? 0 : 1;
    io.stdout.write(`Local Unity Catalog warehouse ${path.resolve(args.warehouse)} (metastore ${wh.metastoreId}). End statements with ';', 'exit' quits.\n`);
    const rl = readline.createInterface({ input: io.stdin, output: io.stdout, terminal: io.interactive ?? (io.stdin as NodeJS.ReadStream).isTTY === true });
    let buffer = "";
    const prompt = () => {
      rl.setPrompt(buffer ? "   -> " : "uc> ");
      rl.prompt();
    };
    prompt();
    for await (const line of rl) {
      if (!buffer && /^\s*(exit|quit|\\q)\s*;?\s*$/i.test(line)) break;
      buffer += (buffer ? "\n" : "") + line;
      if (isCompleteInput(buffer)) {
        const text = buffer;
        buffer = "";
        await runAll(wh, text, io);
      }
      prompt();
    }
    rl.close();
    if (buffer.trim()) await runAll(wh, buffer, io);
    return 0;
  } finally {
    await wh.close();
  }
}

if (require.main === module) {
  runShell(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(describeError(e) + "\n");
      process.exit(1);
    },
  );
}
