/**
 * The in-process DuckDB that executes rewritten queries. One in-memory instance per warehouse
 * object; statements borrow a connection from a small pool so concurrent statements of one
 * warehouse run in parallel. Spark functions DuckDB lacks are defined as macros once per instance.
 * Results are converted to the value conventions the library documents for every driver (integers as
 * numbers, TIMESTAMP as Date, MAP and STRUCT as objects: provider/warehouse/warehouse.ts).
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Row } from "../row";
import { EngineError } from "../errors/engineError";
import { engineError, errors } from "../errors/coreErrors";
import { FILTER_GUARD_PREFIX, HASH_GUARD_PREFIX } from "../frontEnd/queryRewriter";
import { duckToSparkType } from "./sparkTypes";

/** Spark functions DuckDB lacks. Hash values differ from Spark's; they are only compared within this engine. */
function sparkMacros(): string[] {
  const arities = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const args = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(", ");
  const overloads = (body: (a: string, n: number) => string) => arities.map((n) => `(${args(n)}) AS ${body(args(n), n)}`).join(", ");
  const concat = (n: number) => Array.from({ length: n }, (_, i) => `CAST(a${i} AS VARCHAR)`).join(" || ");
  return [
    `CREATE OR REPLACE MACRO spark_hash ${overloads((a) => `CAST(CAST(hash(${a}) % 4294967296 AS BIGINT) - 2147483648 AS INTEGER)`)}`,
    `CREATE OR REPLACE MACRO spark_xxhash64 ${overloads((a) => `CAST(CAST(hash(${a}) AS HUGEINT) - 9223372036854775808 AS BIGINT)`)}`,
    `CREATE OR REPLACE MACRO spark_concat ${overloads((_a, n) => concat(n))}`,
    // GUESS-free approximation: CRC32 is not built into DuckDB; a 32-bit hash keeps equality semantics.
    `CREATE OR REPLACE MACRO spark_crc32(x) AS CAST(hash(x) % 4294967296 AS BIGINT)`,
    `CREATE OR REPLACE MACRO spark_sha2(x, n) AS CASE WHEN n IN (0, 256) THEN sha256(CAST(x AS VARCHAR)) WHEN n = 224 THEN left(sha256(CAST(x AS VARCHAR)), 56) WHEN n = 384 THEN left(sha256(CAST(x AS VARCHAR)) || sha256('384' || CAST(x AS VARCHAR)), 96) WHEN n = 512 THEN sha256(CAST(x AS VARCHAR)) || sha256('512' || CAST(x AS VARCHAR)) ELSE NULL END`,
    `CREATE OR REPLACE MACRO spark_md5(x) AS md5(CAST(x AS VARCHAR))`,
    `CREATE OR REPLACE MACRO spark_sha1(x) AS sha1(CAST(x AS VARCHAR))`,
    `CREATE OR REPLACE MACRO spark_true(x) AS true`,
    `CREATE OR REPLACE MACRO spark_map ${[0, 2, 4, 6, 8, 10].map((n) => {
      const ks = Array.from({ length: n / 2 }, (_, i) => `a${2 * i}`).join(", ");
      const vs = Array.from({ length: n / 2 }, (_, i) => `a${2 * i + 1}`).join(", ");
      return n === 0 ? "() AS map()" : `(${args(n)}) AS map([${ks}], [${vs}])`;
    }).join(", ")}`,
    `CREATE OR REPLACE MACRO spark_nvl(a, b) AS coalesce(a, b)`,
    `CREATE OR REPLACE MACRO spark_to_date(x) AS CAST(x AS DATE)`,
    // Spark's to_json returns STRING; DuckDB's returns JSON, which the engine reads as VARIANT.
    `CREATE OR REPLACE MACRO spark_to_json (x) AS CAST(to_json(x) AS VARCHAR), (x, options) AS CAST(to_json(x) AS VARCHAR)`,
  ];
}

function toJs(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (type === "DATE" && v instanceof Date) return v.toISOString().slice(0, 10);
  if (type.startsWith("MAP(") && Array.isArray(v)) {
    const o: Record<string, unknown> = {};
    for (const e of v as { key: unknown; value: unknown }[]) o[String(toJs(e.key, ""))] = toJs(e.value, "");
    return o;
  }
  if (Array.isArray(v)) return v.map((x) => toJs(x, type.endsWith("[]") ? type.slice(0, -2) : ""));
  if (v instanceof Date || v instanceof Uint8Array) return v;
  if (typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = toJs(x, "");
    return o;
  }
  return v;
}

/** Maps a DuckDB error to the Databricks class a user would see for the same mistake. */
export function translateDuckError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split("\n")[0];
  const refused = new RegExp(`Could not find key "${HASH_GUARD_PREFIX}(MAP|VARIANT):(\\w+):([0-9a-f]*)"`, "i").exec(msg);
  if (refused) return errors.hashTypeMismatch(refused[2].toLowerCase(), Buffer.from(refused[3], "hex").toString("utf8"), refused[1].toUpperCase() as "MAP" | "VARIANT");
  const notBoolean = new RegExp(`Could not find key "${FILTER_GUARD_PREFIX}([0-9a-f]*):([^"]*)"`, "i").exec(msg);
  if (notBoolean) return errors.filterNotBoolean(Buffer.from(notBoolean[1], "hex").toString("utf8"), duckToSparkType(notBoolean[2].toUpperCase()).toUpperCase());
  let m = /Referenced column "([^"]+)" not found/.exec(msg) ?? /column "?([^" ]+)"? (?:does not exist|not found)/i.exec(msg);
  if (m) return errors.unresolvedColumn("`" + m[1] + "`");
  m = /(?:Scalar|Aggregate|Table) Function with name "?([^" ]+?)"? does not exist/.exec(msg);
  if (m) return errors.unresolvedRoutine("`" + m[1] + "`");
  m = /column "([^"]+)" must appear in the GROUP BY clause/.exec(msg);
  if (m) return engineError("MISSING_AGGREGATION", `The non-aggregating expression "${m[1]}" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${m[1]})" if you do not care which of the values within a group is returned.`, "42803");
  if (/^Parser Error/.test(first)) {
    const near = /at or near "([^"]*)"/.exec(first)?.[1];
    return errors.syntax(near !== undefined ? `'${near}'` : "input");
  }
  if (/^Conversion Error/.test(first)) return errors.castInvalid(first.replace(/^Conversion Error:\s*/, ""));
  return errors.internal(first);
}

/** A closed engine's instance and connections, kept warm for the next create() (see keepWarm). */
interface WarmInstance {
  instance: DuckDBInstance;
  idle: DuckDBConnection[];
}
const warm: WarmInstance[] = [];
let warmLimit = 0;

export class DuckEngine {
  private idle: DuckDBConnection[] = [];
  private closed = false;
  /** Connections lent out by withConnection and not yet back. */
  private busy = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    idle: DuckDBConnection[] = [],
  ) {
    this.idle = idle;
  }

  /**
   * Keep up to `n` instances of closed engines for later create() calls in this process (default 0:
   * none), for tests that open hundreds of short sessions: starting DuckDB and defining the macros
   * costs ~60 ms of CPU per session. The engine keeps nothing in DuckDB between statements (tables
   * live in the workspace directory; what a statement loads it drops), and create() reuses an instance
   * only when none of its connections sees a table or view, so a session never sees an earlier one's.
   */
  static keepWarm(n: number): void {
    warmLimit = n;
    while (warm.length > n) closeWarm(warm.pop()!);
  }

  static async create(): Promise<DuckEngine> {
    for (let w = warm.pop(); w; w = warm.pop()) {
      if (await isEmpty(w)) return new DuckEngine(w.instance, w.idle);
      closeWarm(w);
    }
    const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
    const engine = new DuckEngine(instance);
    await engine.withConnection(async (c) => {
      await c.run("SET TimeZone = 'UTC'").catch(() => undefined);
      for (const m of sparkMacros()) await c.run(m);
    });
    return engine;
  }

  async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error("The local warehouse is closed.");
    const c = this.idle.pop() ?? (await this.instance.connect());
    this.busy++;
    try {
      return await fn(c);
    } finally {
      this.busy--;
      if (this.closed) c.closeSync();
      else this.idle.push(c);
    }
  }

  /** Runs DuckDB SQL and returns rows with warehouse value conventions; DuckDB errors become Databricks classes. */
  async query(sql: string): Promise<Row[]> {
    return this.withConnection((c) => this.queryOn(c, sql));
  }

  async queryOn(c: DuckDBConnection, sql: string): Promise<Row[]> {
    let reader;
    try {
      reader = await c.runAndReadAll(sql);
    } catch (e) {
      throw translateDuckError(e);
    }
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    const raw = reader.getRowsJS();
    return raw.map((r) => {
      const o: Row = {};
      names.forEach((n, i) => (o[n] = toJs(r[i], types[i])));
      return o;
    });
  }

  /** Column names and DuckDB types of a query's result, without running it fully. */
  async describe(sql: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.query(`DESCRIBE ${sql}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const idle = this.idle;
    this.idle = [];
    // Only an instance no statement is still using can serve another session.
    if (this.busy === 0 && warm.length < warmLimit) warm.push({ instance: this.instance, idle });
    else closeWarm({ instance: this.instance, idle });
  }
}

function closeWarm(w: WarmInstance): void {
  for (const c of w.idle) c.closeSync();
  w.instance.closeSync();
}

/** Whether no connection of `w` sees a table or view (temporary ones are per connection). */
async function isEmpty(w: WarmInstance): Promise<boolean> {
  if (w.idle.length === 0) return false;
  for (const c of w.idle) {
    const reader = await c.runAndReadAll(
      "SELECT (SELECT count(*) FROM duckdb_tables()) + (SELECT count(*) FROM duckdb_views() WHERE NOT internal) AS n",
    );
    if (Number(reader.getRowsJS()[0][0]) !== 0) return false;
  }
  return true;
}
