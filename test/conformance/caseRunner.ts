/**
 * Runs one case of a case file against a target (the embedded engine or a live warehouse), reached
 * only through the library's Warehouse interface, so expected errors are the WarehouseError classes the
 * product sees. A failed expectation throws with the file line and the actual result in case-file form.
 */
import { WarehouseError, type Row, type Warehouse } from "../../provider/warehouse/warehouse";
import { skipReason, type Case, type CaseFile, type CaseRecord, type ExpectedError, type QueryRecord, type Target } from "./caseFile";
import { cellMatches, columnValue, hasColumnType, isMissing, messageMatches, valueText } from "./resultText";

/** What a case runs against: one target, fresh names and workspaces per case. */
export interface CaseTarget {
  target: Target;
  /** What `${name}` stands for when no `let` defined it: a name unique to this case on this run. */
  uniqueName(name: string): string;
  /** The warehouse of workspace `name` of the case's account, opened on first use. */
  workspace(name: string): Promise<Warehouse>;
  /** `one`: the target has a single workspace (a live warehouse); a case that names a second one fails. */
  workspaces: "one" | "many";
}

/** The workspace a case uses until a `workspace` record switches. */
export const DEFAULT_WORKSPACE = "ws";

export interface CaseOutcome {
  /** Records not run on this target, with the reason the file gives. */
  skipped: string[];
}

const PLACEHOLDER = /\$\{(\w+)\}/g;

/** A `let` value: as it goes into SQL and messages, and as it reads in an expected result cell. */
interface Variable {
  sql: string;
  cell: string;
}

export async function runCase(file: string, parsed: CaseFile, c: Case, target: CaseTarget): Promise<CaseOutcome> {
  const variables = new Map<string, Variable>();
  const expand = (form: keyof Variable) => (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => variables.get(name)?.[form] ?? target.uniqueName(name));
  const skipped: string[] = [];
  let first: string | undefined;
  /** The workspace's warehouse; the first name a case uses is the one workspace of a single-workspace target. */
  const open = (name: string): Promise<Warehouse> => {
    first ??= name;
    if (target.workspaces === "one" && name !== first) {
      throw new Error(`workspace ${name}: this target has one workspace (${first}); mark the case 'onlyif local <reason>'`);
    }
    return target.workspace(name);
  };
  let current = DEFAULT_WORKSPACE;

  for (const record of [...parsed.setup, ...c.records]) {
    const where = `${file}:${record.line}`;
    const reason = skipReason(record.conditions, target.target);
    if (reason !== undefined) {
      skipped.push(`${where}: ${reason}`);
      continue;
    }
    try {
      if (record.type === "workspace") current = record.name;
      else await runRecord(record, await open(current), variables, expand("sql"), expand("cell"));
    } catch (e) {
      const sql = "sql" in record ? `\n  ${expand("sql")(record.sql).replace(/\n/g, "\n  ")}` : "";
      throw new Error(`${where}: ${(e as Error).message}${sql}`, { cause: e });
    }
  }
  return { skipped };
}

async function runRecord(
  record: Exclude<CaseRecord, { type: "workspace" }>,
  warehouse: Warehouse,
  variables: Map<string, Variable>,
  expand: (text: string) => string,
  expandCell: (text: string) => string,
): Promise<void> {
  switch (record.type) {
    case "sleep":
      await new Promise((r) => setTimeout(r, record.ms));
      return;
    case "let": {
      const rows = await warehouse.execute(expand(record.sql));
      if (rows.length === 0) throw new Error(`let ${record.variable}: the statement returned no row`);
      const v = columnValue(rows[0], record.column);
      if (isMissing(v)) throw new Error(`let ${record.variable}: no column ${record.column} in ${Object.keys(rows[0]).join(", ")}`);
      // A string goes into SQL as it is; escaping is for one-line result cells only.
      variables.set(record.variable, { sql: typeof v === "string" ? v : valueText(v), cell: valueText(v) });
      return;
    }
    case "statement": {
      if (!record.error) {
        await warehouse.execute(expand(record.sql));
        return;
      }
      let rows: Row[];
      try {
        rows = await warehouse.execute(expand(record.sql));
      } catch (e) {
        checkError(record.error, e, expand);
        return;
      }
      throw new Error(`expected error ${record.error.classes.join("|")}, but the statement succeeded with ${rows.length} row(s)`);
    }
    case "query":
      checkRows(record, await warehouse.execute(expand(record.sql)), expandCell);
      return;
  }
}

function classMatches(expected: string, actual: string): boolean {
  if (expected.endsWith(".*")) {
    const base = expected.slice(0, -2);
    return actual === base || actual.startsWith(`${base}.`);
  }
  return actual === expected;
}

function checkError(expected: ExpectedError, e: unknown, expand: (text: string) => string): void {
  if (!(e instanceof WarehouseError)) throw new Error(`expected a WarehouseError, got ${String(e)}`, { cause: e });
  if (!expected.classes.some((c) => classMatches(c, e.errorClass))) {
    throw new Error(`expected error ${expected.classes.join("|")}, got ${e.errorClass}: ${e.message}`);
  }
  if (expected.sqlState !== undefined && e.sqlState !== expected.sqlState) {
    throw new Error(`expected SQLSTATE ${expected.sqlState}, got ${e.sqlState ?? "none"}: ${e.message}`);
  }
  for (const line of expected.message.map(expand)) {
    if (!messageMatches(line, e.message)) throw new Error(`error message does not match '${line}': ${e.message}`);
  }
}

const rowText = (cells: string[]) => cells.join("\t");

function checkRows(q: QueryRecord, rows: Row[], expand: (text: string) => string): void {
  if (!q.someColumns && rows.length > 0) {
    const names = Object.keys(rows[0]);
    if (rowText(names) !== rowText(q.columns)) {
      throw new Error(`expected columns ${q.columns.join(", ")}, got ${names.join(", ")} (end the header with ... to compare some columns)`);
    }
  }
  const actual = rows.map((row, r) =>
    q.columns.map((column, k) => {
      const v = columnValue(row, column);
      if (isMissing(v)) throw new Error(`no column ${column} in the result (columns: ${Object.keys(row).join(", ")})`);
      if (!hasColumnType(v, q.types[k])) throw new Error(`row ${r + 1}, column ${column}: ${valueText(v)} (${typeof v}) is not of type ${q.types[k]}`);
      return valueText(v);
    }),
  );
  const expected = q.rows.map((cells) => cells.map(expand));
  if (q.ordering === "rowsort") {
    const byText = (a: string[], b: string[]) => (rowText(a) < rowText(b) ? -1 : rowText(a) > rowText(b) ? 1 : 0);
    actual.sort(byText);
    expected.sort(byText);
  }
  const same = (e: string[], a: string[]) => e.every((cell, k) => cellMatches(cell, a[k]));
  let ok: boolean;
  if (q.match === "contains") ok = expected.every((e) => actual.some((a) => same(e, a)));
  else if (q.match === "excludes") ok = !expected.some((e) => actual.some((a) => same(e, a)));
  else ok = expected.length === actual.length && expected.every((e, r) => same(e, actual[r]));
  if (!ok) {
    const table = (cells: string[][]) => [rowText(q.columns), ...cells.map(rowText)].map((l) => `    ${l}`).join("\n");
    const what = q.match === "rows" ? "expected" : `expected the result to ${q.match === "contains" ? "contain" : "exclude"}`;
    throw new Error(`query result differs (${q.ordering})\n  ${what}:\n${table(expected)}\n  actual:\n${table(actual)}`);
  }
}
