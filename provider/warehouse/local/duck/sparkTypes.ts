/**
 * Spark SQL data types ↔ DuckDB types. Table schemas are stored with Spark type names, lower-case,
 * as Databricks prints them (`string`, `bigint`, `decimal(10,2)`, `array<string>`, `struct<a:int>`),
 * and translated to DuckDB when data is read or written.
 */
import type { EngineError } from "../errors/engineError";
import { engineError } from "../errors/coreErrors";

const SIMPLE_TO_DUCK: Record<string, string> = {
  string: "VARCHAR",
  varchar: "VARCHAR",
  char: "VARCHAR",
  int: "INTEGER",
  integer: "INTEGER",
  bigint: "BIGINT",
  long: "BIGINT",
  smallint: "SMALLINT",
  short: "SMALLINT",
  tinyint: "TINYINT",
  byte: "TINYINT",
  double: "DOUBLE",
  float: "FLOAT",
  real: "FLOAT",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
  timestamp_ntz: "TIMESTAMP",
  timestamp_ltz: "TIMESTAMP",
  binary: "BLOB",
  decimal: "DECIMAL(10,0)",
  dec: "DECIMAL(10,0)",
  numeric: "DECIMAL(10,0)",
  void: "INTEGER",
  variant: "JSON",
  interval: "INTERVAL",
};

const SIMPLE_CANONICAL: Record<string, string> = {
  integer: "int",
  long: "bigint",
  short: "smallint",
  byte: "tinyint",
  real: "float",
  dec: "decimal",
  numeric: "decimal",
  varchar: "string",
  char: "string",
  timestamp_ltz: "timestamp",
};

function unsupportedType(t: string): EngineError {
  return engineError("UNSUPPORTED_DATATYPE", `Unsupported data type "${t}".`, "0A000");
}

/** Splits `a:int, b:array<string>` at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "<" || ch === "(") depth++;
    if (ch === ">" || ch === ")") depth--;
    if (ch === "," && depth === 0) { out.push(cur.trim()); cur = ""; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Normalises a Spark type as written (`STRING`, `Decimal(10, 2)`, `ARRAY<INT>`) to Databricks' printed form. */
export function canonicalSparkType(t: string): string {
  const s = t.trim();
  const lower = s.toLowerCase();
  const generic = /^(array|map|struct)\s*<(.*)>$/is.exec(s);
  if (generic) {
    const kind = generic[1].toLowerCase();
    const inner = generic[2];
    if (kind === "array") return `array<${canonicalSparkType(inner)}>`;
    if (kind === "map") {
      const [k, v] = splitTop(inner);
      return `map<${canonicalSparkType(k)},${canonicalSparkType(v)}>`;
    }
    const fields = splitTop(inner).map((f) => {
      const m = /^`?([^`:\s]+)`?\s*:?\s*(.+)$/s.exec(f);
      if (!m) throw unsupportedType(t);
      return `${m[1]}:${canonicalSparkType(m[2])}`;
    });
    return `struct<${fields.join(",")}>`;
  }
  const dec = /^(decimal|dec|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/i.exec(s);
  if (dec) return `decimal(${dec[2]},${dec[3] ?? "0"})`;
  const vc = /^(varchar|char)\s*\(\s*\d+\s*\)$/i.exec(s);
  if (vc) return "string";
  if (lower in SIMPLE_TO_DUCK) {
    const c = SIMPLE_CANONICAL[lower] ?? lower;
    return c === "decimal" ? "decimal(10,0)" : c;
  }
  throw unsupportedType(t);
}

/** Spark type (any spelling) → DuckDB type. */
export function sparkToDuckType(t: string): string {
  const c = canonicalSparkType(t);
  const generic = /^(array|map|struct)<(.*)>$/s.exec(c);
  if (generic) {
    if (generic[1] === "array") return `${sparkToDuckType(generic[2])}[]`;
    if (generic[1] === "map") {
      const [k, v] = splitTop(generic[2]);
      return `MAP(${sparkToDuckType(k)}, ${sparkToDuckType(v)})`;
    }
    const fields = splitTop(generic[2]).map((f) => {
      const i = f.indexOf(":");
      return `"${f.slice(0, i).replace(/"/g, '""')}" ${sparkToDuckType(f.slice(i + 1))}`;
    });
    return `STRUCT(${fields.join(", ")})`;
  }
  const dec = /^decimal\((\d+),(\d+)\)$/.exec(c);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  return SIMPLE_TO_DUCK[c];
}

/** Splits DuckDB's `STRUCT(a INTEGER, "b c" VARCHAR)` / `MAP(K, V)` argument lists at top-level commas. */
function splitDuckTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inQuote = false;
  let cur = "";
  for (const ch of s) {
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && ch === "(") depth++;
    if (!inQuote && ch === ")") depth--;
    if (!inQuote && ch === "," && depth === 0) { out.push(cur.trim()); cur = ""; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** DuckDB type (as `DESCRIBE` prints it) → Spark type as Databricks prints it. */
export function duckToSparkType(t: string): string {
  const s = t.trim();
  if (s.endsWith("[]")) return `array<${duckToSparkType(s.slice(0, -2))}>`;
  const map = /^MAP\((.*)\)$/s.exec(s);
  if (map) {
    const [k, v] = splitDuckTop(map[1]);
    return `map<${duckToSparkType(k)},${duckToSparkType(v)}>`;
  }
  const struct = /^STRUCT\((.*)\)$/s.exec(s);
  if (struct) {
    const fields = splitDuckTop(struct[1]).map((f) => {
      const m = /^("(?:[^"]|"")*"|\S+)\s+(.*)$/s.exec(f)!;
      const name = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
      return `${name}:${duckToSparkType(m[2])}`;
    });
    return `struct<${fields.join(",")}>`;
  }
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(s);
  if (dec) return `decimal(${dec[1]},${dec[2]})`;
  switch (s) {
    case "VARCHAR": return "string";
    case "INTEGER": return "int";
    case "BIGINT": return "bigint";
    case "HUGEINT": return "bigint"; // Spark sums integers into bigint; DuckDB widens to HUGEINT
    case "UBIGINT": return "decimal(20,0)";
    case "UINTEGER": return "bigint";
    case "USMALLINT": return "int";
    case "UTINYINT": return "smallint";
    case "SMALLINT": return "smallint";
    case "TINYINT": return "tinyint";
    case "DOUBLE": return "double";
    case "FLOAT": return "float";
    case "BOOLEAN": return "boolean";
    case "DATE": return "date";
    case "TIMESTAMP":
    case "TIMESTAMP WITH TIME ZONE":
    case "TIMESTAMP_NS":
    case "TIMESTAMP_MS":
    case "TIMESTAMP_S": return "timestamp";
    case "BLOB": return "binary";
    case "INTERVAL": return "interval";
    case "JSON": return "variant";
    case "UUID": return "string";
    case '"NULL"':
    case "NULL": return "void";
    default: return "string";
  }
}
