/**
 * How result values read in case files: one text form per value the Warehouse interface returns, the
 * column-type letters that check the value's kind, and the `<REGEX>:` cell patterns.
 */
import type { Row } from "../../provider/warehouse/warehouse";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A timestamp as Spark prints one in the session zone the warehouse convention fixes (UTC), with milliseconds. */
function timestampText(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** JSON with object keys sorted (MAP and STRUCT compare regardless of key order) and timestamps as text. */
function canonicalJson(v: unknown): unknown {
  if (v instanceof Date) return timestampText(v);
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonicalJson((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/**
 * The text of one value: NULL, (empty) for '', strings with \\, \n and \t escaped (so a cell stays on
 * one line), numbers and booleans as JavaScript prints them, timestamps as `YYYY-MM-DD HH:MM:SS.mmm`,
 * MAP/STRUCT/ARRAY as JSON with sorted keys.
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "string") return v === "" ? "(empty)" : v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  if (v instanceof Date) return timestampText(v);
  if (typeof v === "object") return JSON.stringify(canonicalJson(v));
  return String(v);
}

/** Whether `v` is of the kind the column-type letter names (NULL is of every kind). */
export function hasColumnType(v: unknown, letter: string): boolean {
  if (v === null || v === undefined || letter === "?") return true;
  switch (letter) {
    case "I":
      // BIGINT beyond 2^53 arrives as a string of digits (warehouse.ts value conventions).
      return (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^-?\d+$/.test(v));
    case "R":
      return typeof v === "number";
    case "T":
      return typeof v === "string";
    case "B":
      return typeof v === "boolean";
    case "D":
      return v instanceof Date;
    case "J":
      return typeof v === "object" && !(v instanceof Date);
    default:
      return false;
  }
}

/** Whether the actual cell text matches the expected cell: literally, or by a full-match `<REGEX>:` / `<!REGEX>:` pattern. */
export function cellMatches(expected: string, actual: string): boolean {
  if (expected.startsWith("<REGEX>:")) return new RegExp(`^(?:${expected.slice(8)})$`, "s").test(actual);
  if (expected.startsWith("<!REGEX>:")) return !new RegExp(`^(?:${expected.slice(9)})$`, "s").test(actual);
  return expected === actual;
}

/** Whether the message satisfies one expected message line: a substring, or a (not) matching `<REGEX>:` pattern (searched, not anchored). */
export function messageMatches(expected: string, message: string): boolean {
  if (expected.startsWith("<REGEX>:")) return new RegExp(expected.slice(8), "s").test(message);
  if (expected.startsWith("<!REGEX>:")) return !new RegExp(expected.slice(9), "s").test(message);
  return message.includes(expected);
}

const MISSING = Symbol("missing");

/** The value of `column` in `row`: the column itself, else a dotted path into a MAP/STRUCT column (`operationMetrics.numFiles`). */
export function columnValue(row: Row, column: string): unknown {
  if (Object.prototype.hasOwnProperty.call(row, column)) return row[column];
  const [head, ...path] = column.split(".");
  let v: unknown = Object.prototype.hasOwnProperty.call(row, head) ? row[head] : MISSING;
  for (const key of path) {
    if (v === MISSING || v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, key)) return MISSING;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function isMissing(v: unknown): boolean {
  return v === MISSING;
}
