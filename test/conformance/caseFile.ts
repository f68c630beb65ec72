/**
 * Parser for conformance case files (`cases/*.slt`): the sqllogictest-style format documented in
 * ./README.md. Pure: text in, records out; running them is caseRunner.ts's job.
 */

/** Where a record or case may run: everywhere, only on the embedded engine, or only on a live warehouse. */
export type Target = "local" | "live";

/** `skipif <target> <reason>` / `onlyif <target> <reason>`: the reason is required and printed. */
export interface Condition {
  kind: "skipif" | "onlyif";
  target: Target;
  reason: string;
}

interface RecordBase {
  /** 1-based line of the record's directive, for error messages. */
  line: number;
  conditions: Condition[];
}

export interface StatementRecord extends RecordBase {
  type: "statement";
  sql: string;
  /** Absent: the statement must succeed. */
  error?: ExpectedError;
}

export interface ExpectedError {
  /** Accepted classes (`A|B`); `X.*` accepts X and its subclasses X.SUB. */
  classes: string[];
  sqlState?: string;
  /** Lines after `----`: each is a substring of the message, or a `<REGEX>:` / `<!REGEX>:` pattern. */
  message: string[];
}

export type Ordering = "nosort" | "rowsort";

export interface QueryRecord extends RecordBase {
  type: "query";
  sql: string;
  /** One letter per expected column: I integer, R number, T text, B boolean, D timestamp, J object/array, ? anything. */
  types: string;
  ordering: Ordering;
  /** `contains`: every expected row is among the result; `excludes`: none is. Default: the rows are exactly these. */
  match: "rows" | "contains" | "excludes";
  /** Column names (or dotted paths into MAP/STRUCT values) the expected rows list. */
  columns: string[];
  /** True when the header ends with `...`: other result columns are not compared. */
  someColumns: boolean;
  /** Expected cells, row by row. */
  rows: string[][];
}

/** `let <variable> <column>`: the first row's `<column>` of the statement, as text, becomes `${variable}`. */
export interface LetRecord extends RecordBase {
  type: "let";
  variable: string;
  column: string;
  sql: string;
}

/** `workspace <name>`: later records run in this workspace of the same account (local only beyond the first). */
export interface WorkspaceRecord extends RecordBase {
  type: "workspace";
  name: string;
}

/** `sleep <n> ms`: lets the clock move between commits whose timestamps a case compares. */
export interface SleepRecord extends RecordBase {
  type: "sleep";
  ms: number;
}

export type CaseRecord = StatementRecord | QueryRecord | LetRecord | WorkspaceRecord | SleepRecord;

export interface Case {
  title: string;
  line: number;
  conditions: Condition[];
  records: CaseRecord[];
}

export interface CaseFile {
  /** Records before the first `case`: run at the start of every case. */
  setup: CaseRecord[];
  cases: Case[];
}

export const COLUMN_TYPES = "IRTBDJ?";

export class CaseFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "CaseFileError";
  }
}

/** Splits `text` into cases; throws CaseFileError naming the file and line of anything it cannot read. */
export function parseCaseFile(text: string, file = "<case file>"): CaseFile {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new CaseFileError(file, line, message);
  };
  const setup: CaseRecord[] = [];
  const cases: Case[] = [];
  let pending: Condition[] = [];
  let i = 0;

  /** Lines from `i` up to the next blank line (or `----`, when `stopAtDashes`). */
  const block = (stopAtDashes: boolean): string[] => {
    const out: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && !(stopAtDashes && lines[i].trim() === "----")) out.push(lines[i++]);
    return out;
  };
  const body = (line: number): string => {
    const sql = block(true).join("\n");
    if (sql.trim() === "") fail(line, "the directive needs a SQL statement on the next line");
    return sql;
  };
  const afterDashes = (): string[] | undefined => {
    if (i >= lines.length || lines[i].trim() !== "----") return undefined;
    i++;
    return block(false);
  };
  /** An open `loop`: its records are collected, then repeated once per value at `endloop`. */
  let loop: { line: number; variable: string; from: number; to: number; records: CaseRecord[] } | undefined;
  const add = (record: CaseRecord): void => {
    if (loop) {
      loop.records.push(record);
      return;
    }
    const current = cases[cases.length - 1];
    (current ? current.records : setup).push(record);
  };

  while (i < lines.length) {
    const raw = lines[i];
    const text = raw.trim();
    const line = i + 1;
    i++;
    if (text === "" || text.startsWith("#")) continue;
    const [word, ...rest] = text.split(/\s+/);
    const conditions = pending;
    switch (word) {
      case "skipif":
      case "onlyif": {
        const [target, ...reason] = rest;
        if (target !== "local" && target !== "live") fail(line, `${word} needs 'local' or 'live', got '${target ?? ""}'`);
        if (reason.length === 0) fail(line, `${word} ${target} needs a reason`);
        pending = [...pending, { kind: word, target: target as Target, reason: reason.join(" ") }];
        continue;
      }
      case "case": {
        if (rest.length === 0) fail(line, "case needs a title");
        if (loop) fail(line, "a case cannot start inside a loop");
        cases.push({ title: rest.join(" "), line, conditions, records: [] });
        break;
      }
      case "statement": {
        const [mode, classes, sqlState, ...extra] = rest;
        if (mode === "ok" && rest.length === 1) {
          add({ type: "statement", line, conditions, sql: body(line) });
          if (afterDashes() !== undefined) fail(line, "statement ok takes no expected output; use query");
        } else if (mode === "error" && classes && extra.length === 0) {
          if (sqlState !== undefined && !/^[0-9A-Z]{5}$/.test(sqlState)) fail(line, `'${sqlState}' is not a SQLSTATE`);
          const sql = body(line);
          add({ type: "statement", line, conditions, sql, error: { classes: classes.split("|"), sqlState, message: afterDashes() ?? [] } });
        } else {
          fail(line, "expected 'statement ok' or 'statement error <CLASS>[|<CLASS>...] [<SQLSTATE>]'");
        }
        break;
      }
      case "query": {
        const [types, ...options] = rest;
        if (!types || [...types].some((t) => !COLUMN_TYPES.includes(t))) fail(line, `query needs column types from '${COLUMN_TYPES}', got '${types ?? ""}'`);
        let ordering: Ordering = "nosort";
        let match: QueryRecord["match"] = "rows";
        for (const o of options) {
          if (o === "nosort" || o === "rowsort") ordering = o;
          else if (o === "contains" || o === "excludes") match = o;
          else fail(line, `unknown query option '${o}' (nosort, rowsort, contains, excludes)`);
        }
        const sql = body(line);
        const expected = afterDashes();
        if (!expected || expected.length === 0) fail(line, "query needs '----' and a header line naming the columns");
        const header = expected![0].split("\t");
        const someColumns = header[header.length - 1] === "...";
        const columns = someColumns ? header.slice(0, -1) : header;
        if (columns.length !== types!.length) fail(line, `${types!.length} column types but ${columns.length} columns in the header`);
        const rows = expected!.slice(1).map((r, k) => {
          const cells = r.split("\t");
          if (cells.length !== columns.length) fail(line + k + 3, `${cells.length} values for ${columns.length} columns (values are tab-separated)`);
          return cells;
        });
        add({ type: "query", line, conditions, sql, types: types!, ordering, match, columns, someColumns, rows });
        break;
      }
      case "let": {
        const [variable, column, ...extra] = rest;
        if (!variable || !column || extra.length > 0 || !/^\w+$/.test(variable)) fail(line, "expected 'let <variable> <column>'");
        add({ type: "let", line, conditions, variable, column, sql: body(line) });
        break;
      }
      case "workspace": {
        if (rest.length !== 1) fail(line, "expected 'workspace <name>'");
        add({ type: "workspace", line, conditions, name: rest[0] });
        break;
      }
      case "loop": {
        const [variable, from, to, ...extra] = rest;
        if (loop) fail(line, "loops do not nest");
        if (!/^\w+$/.test(variable ?? "") || !/^\d+$/.test(from ?? "") || !/^\d+$/.test(to ?? "") || extra.length > 0) {
          fail(line, "expected 'loop <variable> <from> <to>' (to exclusive)");
        }
        if (conditions.length > 0) fail(line, "skipif/onlyif go on the records inside a loop");
        loop = { line, variable, from: Number(from), to: Number(to), records: [] };
        break;
      }
      case "endloop": {
        if (!loop) fail(line, "endloop without loop");
        const { variable, from, to, records } = loop!;
        loop = undefined;
        for (let n = from; n < to; n++) for (const r of records) add(withValue(r, variable, String(n)));
        break;
      }
      case "sleep": {
        const [n, unit] = rest;
        if (!/^\d+$/.test(n ?? "") || unit !== "ms") fail(line, "expected 'sleep <n> ms'");
        add({ type: "sleep", line, conditions, ms: Number(n) });
        break;
      }
      default:
        fail(line, `unknown directive '${word}'`);
    }
    pending = [];
  }
  if (pending.length > 0) fail(lines.length, "skipif/onlyif at the end of the file applies to nothing");
  if (loop) fail(loop.line, "loop without endloop");
  return { setup, cases };
}

/** `record` with `${variable}` replaced by `value` in its SQL and expected text. */
function withValue(record: CaseRecord, variable: string, value: string): CaseRecord {
  const put = (text: string) => text.split(`\${${variable}}`).join(value);
  switch (record.type) {
    case "statement":
      return { ...record, sql: put(record.sql), error: record.error && { ...record.error, message: record.error.message.map(put) } };
    case "query":
      return { ...record, sql: put(record.sql), rows: record.rows.map((r) => r.map(put)) };
    case "let":
      return { ...record, sql: put(record.sql) };
    default:
      return record;
  }
}

/** Whether something with these conditions runs on `target`; the reason it does not, otherwise. */
export function skipReason(conditions: Condition[], target: Target): string | undefined {
  for (const c of conditions) {
    if (c.kind === "skipif" && c.target === target) return c.reason;
    if (c.kind === "onlyif" && c.target !== target) return c.reason;
  }
  return undefined;
}
