/**
 * Rewrites a Databricks (Spark SQL) query into DuckDB SQL over the token stream: table references
 * become subqueries over the snapshot's Parquet files (with time travel), views expand, backticks
 * become double quotes, Spark literals become DuckDB literals, and Spark functions map to DuckDB
 * ones. Name resolution is delegated to a resolver so the rewriter stays pure.
 */
import type { Token } from "./lexer";
import { errors } from "../errors/coreErrors";

/** Time travel on a table reference. */
export type Temporal = { kind: "version"; version: number } | { kind: "timestamp"; timestamp: string };

export interface RelationResolver {
  /** DuckDB SQL (a parenthesised query) for a table/view reference. */
  relation(parts: string[], temporal: Temporal | undefined): string;
  /** DuckDB SQL for `(DESCRIBE HISTORY name [LIMIT n])` used as a relation. */
  describeHistory(parts: string[], limit: number | undefined): string;
  /** DuckDB SQL for `(DESCRIBE DETAIL name)` used as a relation. */
  describeDetail(parts: string[]): string;
  /** Literal SQL for `current_user()` and friends. */
  constant(fn: "CURRENT_USER" | "CURRENT_METASTORE" | "CURRENT_CATALOG" | "CURRENT_SCHEMA"): string;
}

/** Keywords that end a table reference (so the next word is not taken for an alias). */
const NOT_ALIAS = new Set([
  "WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "ON", "USING", "GROUP", "ORDER", "LIMIT",
  "UNION", "EXCEPT", "INTERSECT", "MINUS", "HAVING", "WINDOW", "NATURAL", "LATERAL", "SEMI", "ANTI", "QUALIFY",
  "PIVOT", "UNPIVOT", "TABLESAMPLE", "OFFSET", "WHEN", "SET", "VERSION", "TIMESTAMP", "FOR", "CLUSTER",
  "DISTRIBUTE", "SORT", "SELECT", "VALUES", "THEN", "AND", "OR",
]);

/** Keywords after which the FROM-list of the current level has ended. */
const END_FROM = new Set(["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY", "SELECT", "OFFSET", "WHEN", "SET"]);

/** Keywords that end a SELECT list. */
const SELECT_END = new Set(["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY", "OFFSET", "CLUSTER", "DISTRIBUTE", "SORT", "LATERAL"]);

/** Words that end an expression without being an alias (`x IS NULL`, `CASE ... END`, `INTERVAL 1 DAY`). */
const NOT_IMPLICIT_ALIAS = new Set(["END", "NULL", "TRUE", "FALSE", "YEAR", "YEARS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS", "ROW", "ROWS", "FOLLOWING", "PRECEDING", "CURRENT_DATE", "CURRENT_TIMESTAMP"]);
/** Words after which the next word is an operand, not an alias. */
const OPERATOR_WORDS = new Set(["AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "ELSE", "THEN", "WHEN", "CASE", "DISTINCT", "INTERVAL", "AS", "DIV", "SELECT", "ALL"]);

interface Frame {
  /** Inside a FROM list (a comma starts another table reference). */
  from: boolean;
  /** Inside a SELECT list; `itemTok` is where the current item starts. */
  select: boolean;
  itemTok: number;
  /** Inside a WHERE condition of this level: where it starts in `out` and in the tokens (filterGuard). */
  whereOut?: number;
  whereTok?: number;
}

/** Whether a select item needs a generated name (no alias, not a plain column or star). */
function needsAlias(item: readonly Token[]): boolean {
  if (item.length <= 1) return false;
  let depth = 0;
  for (const t of item) {
    if (t.value === "(") depth++;
    else if (t.value === ")") depth--;
    else if (depth === 0 && t.value === "*") return false;
  }
  if (item.every((t, k) => (k % 2 === 0 ? t.kind === "word" || t.kind === "ident" : t.value === "."))) return false;
  const last = item[item.length - 1];
  const prev = item[item.length - 2];
  if (prev.kind === "word" && prev.value === "AS") return false;
  const lastIsName = last.kind === "ident" || (last.kind === "word" && !NOT_IMPLICIT_ALIAS.has(last.value));
  const prevEndsOperand = prev.value === ")" || prev.kind === "ident" || prev.kind === "number" || prev.kind === "string" || (prev.kind === "word" && !OPERATOR_WORDS.has(prev.value));
  if (lastIsName && prevEndsOperand) return false; // implicit alias: `count(*) n`
  return true;
}

/** Spark-like generated column name: lower-case function names, literals unquoted, `count(*)` → `count(1)`. */
export function sparkColumnName(item: readonly Token[]): string {
  type Piece = { text: string; kind: "open" | "close" | "comma" | "dot" | "fn" | "other" };
  const pieces: Piece[] = [];
  for (let k = 0; k < item.length; k++) {
    const t = item[k];
    const next = item[k + 1];
    if (t.kind === "word" && t.value === "COUNT" && next?.value === "(" && item[k + 2]?.value === "*" && item[k + 3]?.value === ")") {
      pieces.push({ text: "count(1)", kind: "other" });
      k += 3;
      continue;
    }
    if (t.kind === "punct") {
      const kind = t.value === "(" ? "open" : t.value === ")" ? "close" : t.value === "," ? "comma" : t.value === "." ? "dot" : "other";
      pieces.push({ text: t.value === "==" ? "=" : t.value, kind });
    } else if (t.kind === "word") pieces.push(next?.value === "(" ? { text: t.text.toLowerCase(), kind: "fn" } : { text: t.text, kind: "other" });
    else if (t.kind === "ident") pieces.push({ text: t.value, kind: "other" });
    else if (t.kind === "string") pieces.push({ text: t.value, kind: "other" });
    else pieces.push({ text: t.value.replace(/(BD|[LSYDF])$/i, ""), kind: "other" });
  }
  let out = "";
  pieces.forEach((p, k) => {
    const prev = pieces[k - 1];
    const glue = !prev || p.kind === "close" || p.kind === "comma" || p.kind === "dot" || prev.kind === "open" || prev.kind === "dot" || (p.kind === "open" && prev.kind === "fn");
    out += (glue ? "" : " ") + p.text;
  });
  return out;
}

/** Spark function → DuckDB function (or macro defined in duckEngine.ts). */
const FUNCTIONS: Record<string, string> = {
  HASH: "spark_hash",
  XXHASH64: "spark_xxhash64",
  CRC32: "spark_crc32",
  SHA2: "spark_sha2",
  SHA: "spark_sha1",
  SHA1: "spark_sha1",
  MD5: "spark_md5",
  CONCAT: "spark_concat",
  NVL: "spark_nvl",
  IS_ACCOUNT_GROUP_MEMBER: "spark_true",
  IS_MEMBER: "spark_true",
  CURRENT_DATABASE: "CURRENT_SCHEMA",
  NOW: "now",
  CURRENT_TIMESTAMP: "now",
  SIZE: "len",
  ARRAY: "list_value",
  ARRAY_CONTAINS: "list_contains",
  PERCENTILE_APPROX: "approx_quantile",
  APPROX_PERCENTILE: "approx_quantile",
  TO_DATE: "spark_to_date",
  TO_JSON: "spark_to_json",
  MAP: "spark_map",
  COLLECT_LIST: "list",
  APPROX_COUNT_DISTINCT: "approx_count_distinct",
  STD: "stddev",
  CHAR_LENGTH: "length",
  UCASE: "upper",
  LCASE: "lower",
};

/**
 * Spark's hash expressions (Murmur3Hash `hash`, XxHash64 `xxhash64`) refuse, at analysis time, any
 * argument whose type holds a MAP at any depth (DATATYPE_MISMATCH.HASH_MAP_TYPE: "same maps may have
 * different hashcode") or a VARIANT (HASH_VARIANT_TYPE). DuckDB hashes both, so every argument is
 * wrapped in a guard that fails to BIND (so also on an empty table, like Spark's analyzer) when its
 * DuckDB type holds a MAP or JSON (the engine's VARIANT): `typeof()` is folded to a constant at bind
 * time, and struct_extract binds its key, so an unknown key carrying the verdict is a binder error
 * that translateDuckError turns into the Databricks class (hashTypeMismatch).
 */
const HASH_FUNCTIONS = new Set(["HASH", "XXHASH64"]);
/** Prefix of the struct key that reports a refused hash argument: `<prefix><MAP|VARIANT>:<fn>:<hex of the call's Spark text>`. */
export const HASH_GUARD_PREFIX = "__spark_hash_refused__:";
// DuckDB type names: MAP(...) and JSON, not inside a quoted struct field name.
const DUCK_MAP_TYPE_RE = `(^|[^"A-Za-z0-9_])MAP\\(`;
const DUCK_JSON_TYPE_RE = `(^|[^"A-Za-z0-9_])JSON($|[\\[),])`;

function hashGuard(argSql: string, fn: string, callSql: string): string {
  // hex: DuckDB prints struct keys lower-cased in its error
  const key = (kind: string) => duckLiteral(`${HASH_GUARD_PREFIX}${kind}:${fn}:${Buffer.from(callSql).toString("hex")}`);
  const typeOf = `typeof((${argSql}))`;
  return (
    `struct_extract({'v': (${argSql})}, CASE WHEN regexp_matches(${typeOf}, ${duckLiteral(DUCK_MAP_TYPE_RE)}) THEN ${key("MAP")} ` +
    `WHEN regexp_matches(${typeOf}, ${duckLiteral(DUCK_JSON_TYPE_RE)}) THEN ${key("VARIANT")} ELSE 'v' END)`
  );
}

/**
 * Spark refuses, at analysis time, a WHERE condition that is not BOOLEAN (CheckAnalysis on Filter:
 * DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN, SQLSTATE 42K09; GUESS: class, state and text from Spark's error
 * conditions, not confirmed on a workspace). DuckDB casts it instead (`WHERE id` keeps the rows whose id
 * is not 0), so a `where` subset the product writes could pass here and fail on Databricks. The
 * condition is wrapped in the same bind-time guard as hash arguments: a non-BOOLEAN type (NULL aside)
 * is a binder error carrying its type, which translateDuckError turns into the Databricks class.
 */
export const FILTER_GUARD_PREFIX = "__spark_filter_not_boolean__:";
/** Words that end a WHERE condition at its own parenthesis level (with the word that must follow, if any). */
const WHERE_END: Record<string, string | null> = {
  GROUP: "BY", ORDER: "BY", CLUSTER: "BY", DISTRIBUTE: "BY", SORT: "BY", HAVING: null, WINDOW: null, QUALIFY: null,
  LIMIT: null, OFFSET: null, UNION: null, INTERSECT: null, EXCEPT: null, MINUS: null, SELECT: null,
};

function filterGuard(condSql: string, sparkText: string): string {
  const typeOf = `typeof((${condSql}))`;
  const key = `${duckLiteral(`${FILTER_GUARD_PREFIX}${Buffer.from(sparkText).toString("hex")}:`)} || ${typeOf}`;
  return `struct_extract({'v': (${condSql})}, CASE WHEN ${typeOf} IN ('BOOLEAN', '"NULL"') THEN 'v' ELSE ${key} END)`;
}

/** An open `hash(`/`xxhash64(` call whose arguments are being rewritten. */
interface HashCall {
  fn: string;
  /** Token index of the function name. */
  startTok: number;
  /** frames.length inside the call's parentheses (0 until its "(" is seen). */
  depth: number;
  /** Index in `out` where the current argument starts. */
  argStart: number;
}

const CONSTANT_FUNCS = new Set(["CURRENT_USER", "CURRENT_METASTORE", "CURRENT_CATALOG", "CURRENT_SCHEMA", "CURRENT_DATABASE", "USER", "SESSION_USER"]);

/**
 * A DuckDB string expression holding exactly `s`. DuckDB's parser reads SQL text up to the first U+0000,
 * while its VARCHAR (and Parquet) keep the character, so each U+0000 is spliced in as `chr(0)`; every other
 * character, control characters included, is safe inside the quotes.
 */
export function duckLiteral(s: string): string {
  const quoted = (part: string) => "'" + part.replace(/'/g, "''") + "'";
  return s.includes("\0") ? "(" + s.split("\0").map(quoted).join(" || chr(0) || ") + ")" : quoted(s);
}

/** DuckDB double-quoted identifier. A name holding U+0000 has no spelling in DuckDB SQL text (see duckLiteral). */
export function duckIdent(s: string): string {
  if (s.includes("\0")) throw errors.unsupported("a name holding the character U+0000");
  return '"' + s.replace(/"/g, '""') + '"';
}

/**
 * A bare word as DuckDB reads it. A word that starts with a digit is a Spark name (`1a`, `2024_sales`:
 * the lexer made it a word, so it is no number), which DuckDB would read as a number and an alias.
 */
function duckWord(t: Token): string {
  return /^[0-9]/.test(t.text) ? duckIdent(t.text) : t.text;
}

function isNamePart(t: Token | undefined): boolean {
  return !!t && (t.kind === "word" || t.kind === "ident");
}

function partValue(t: Token): string {
  return (t.kind === "word" ? t.text : t.value).toLowerCase();
}

/** Collects CTE names so references to them are not resolved as tables. */
function cteNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let k = 1; k + 2 < tokens.length; k++) {
    const t = tokens[k];
    if (!isNamePart(t)) continue;
    const prev = tokens[k - 1];
    const afterWith = prev.kind === "word" && (prev.value === "WITH" || prev.value === "RECURSIVE");
    const afterComma = prev.value === "," && tokens[k - 2]?.value === ")";
    if (!afterWith && !afterComma) continue;
    let j = k + 1;
    if (tokens[j]?.value === "(") {
      let depth = 0;
      for (; j < tokens.length; j++) {
        if (tokens[j].value === "(") depth++;
        if (tokens[j].value === ")" && --depth === 0) { j++; break; }
      }
    }
    if (tokens[j]?.kind === "word" && tokens[j].value === "AS" && tokens[j + 1]?.value === "(") names.add(partValue(t));
  }
  return names;
}

export class QueryRewriter {
  private readonly out: string[] = [];
  private i = 0;
  private readonly ctes: Set<string>;
  /** One frame per open parenthesis: whether that level is inside a FROM list. */
  private readonly frames: Frame[] = [{ from: false, select: false, itemTok: 0 }];
  /** Open hash()/xxhash64() calls, innermost last. */
  private readonly hashCalls: HashCall[] = [];

  constructor(private readonly tokens: readonly Token[], private readonly resolver: RelationResolver) {
    this.ctes = cteNames(tokens);
  }

  /** Rewrites tokens[from, to) to DuckDB SQL. */
  static rewrite(tokens: readonly Token[], resolver: RelationResolver): string {
    return new QueryRewriter(tokens, resolver).run();
  }

  private run(): string {
    while (this.i < this.tokens.length) this.step();
    this.endWhere();
    if (this.frames.length === 1 && this.frame().select) this.endItem();
    return this.out.join(" ");
  }

  /** Closes the select item tokens[itemTok, i): names it the way Spark would when it has no alias. */
  private endItem(): void {
    const item = this.tokens.slice(this.frame().itemTok, this.i);
    const name = needsAlias(item) ? sparkColumnName(item) : undefined;
    // Spark names the column after the literal's text; DuckDB cannot spell U+0000 in a name, so it keeps its own.
    if (name !== undefined && !name.includes("\0")) this.emit(`AS ${duckIdent(name)}`);
  }

  /** Closes the WHERE condition of this level (tokens up to this.i) with its BOOLEAN check (filterGuard). */
  private endWhere(): void {
    const f = this.frame();
    if (f.whereOut === undefined) return;
    const pieces = this.out.splice(f.whereOut);
    const text = this.tokens.slice(f.whereTok, this.i).map((t) => t.text).join(" ");
    f.whereOut = f.whereTok = undefined;
    if (pieces.length === 0) return; // `WHERE` with no condition: DuckDB reports the syntax error
    this.emit(filterGuard(pieces.join(" "), text));
  }

  private frame() {
    return this.frames[this.frames.length - 1];
  }

  private emit(s: string) {
    this.out.push(s);
  }

  private step(): void {
    const t = this.tokens[this.i];
    if (t.kind === "word") {
      const v = t.value;
      if (this.frame().whereOut !== undefined && v in WHERE_END && this.tokens[this.i - 1]?.value !== ".") {
        const next = WHERE_END[v];
        if (next === null || (this.tokens[this.i + 1]?.kind === "word" && this.tokens[this.i + 1].value === next)) this.endWhere();
      }
      if (v === "EXCEPT" && this.tokens[this.i - 1]?.value === "*" && this.tokens[this.i + 1]?.value === "(") {
        this.emit("EXCLUDE");
        this.i++;
        return;
      }
      if (this.frame().select && (SELECT_END.has(v) || v === "FROM")) {
        this.endItem();
        this.frame().select = false;
      }
      if (this.frame().select && this.i === this.frame().itemTok && (v === "DISTINCT" || v === "ALL")) {
        this.frame().itemTok = this.i + 1;
      }
      if (v === "FROM" || v === "JOIN") {
        this.emit(t.text);
        this.i++;
        if (v === "FROM") this.frame().from = true;
        this.frame().select = false;
        this.tableReference();
        return;
      }
      if (END_FROM.has(v)) this.frame().from = false;
      if (v === "WHERE" && this.tokens[this.i - 1]?.value !== ".") {
        this.emit(t.text);
        this.i++;
        this.frame().whereOut = this.out.length;
        this.frame().whereTok = this.i;
        return;
      }
      if (v === "SELECT") {
        this.frame().select = true;
        this.frame().itemTok = this.i + 1;
      }
      const nextIsParen = this.tokens[this.i + 1]?.value === "(";
      const prevIsDot = this.tokens[this.i - 1]?.value === ".";
      if (!prevIsDot && CONSTANT_FUNCS.has(v) && (nextIsParen || v !== "USER")) {
        const fn = v === "CURRENT_DATABASE" ? "CURRENT_SCHEMA" : v === "USER" || v === "SESSION_USER" ? "CURRENT_USER" : v;
        this.emit(this.resolver.constant(fn as "CURRENT_USER"));
        this.i++;
        if (nextIsParen && this.tokens[this.i]?.value === "(" && this.tokens[this.i + 1]?.value === ")") this.i += 2;
        return;
      }
      if (nextIsParen && !prevIsDot && FUNCTIONS[v]) {
        if (HASH_FUNCTIONS.has(v)) this.hashCalls.push({ fn: v.toLowerCase(), startTok: this.i, depth: 0, argStart: -1 });
        this.emit(FUNCTIONS[v]);
        this.i++;
        return;
      }
      if ((v === "RLIKE" || v === "REGEXP") && this.out.length > 0) {
        this.regexMatch();
        return;
      }
      this.emit(duckWord(t));
      this.i++;
      return;
    }
    if (t.kind === "ident") {
      this.emit(duckIdent(t.value));
      this.i++;
      return;
    }
    if (t.kind === "string") {
      this.emit(duckLiteral(t.value));
      // Spark's LIKE escapes with a backslash unless told otherwise (`'a\_b'` matches `a_b` only);
      // DuckDB's LIKE has no escape character by default.
      const before = this.tokens[this.i - 1];
      const after = this.tokens[this.i + 1];
      const likePattern = before?.kind === "word" && (before.value === "LIKE" || before.value === "ILIKE");
      if (likePattern && !(after?.kind === "word" && after.value === "ESCAPE")) this.emit(`ESCAPE ${duckLiteral("\\")}`);
      this.i++;
      return;
    }
    if (t.kind === "number") {
      this.emit(t.value.replace(/(BD|[LSYDF])$/i, ""));
      this.i++;
      return;
    }
    if (t.kind === "param") throw errors.unsupported("parameter markers");
    // punctuation
    const call = this.hashCalls[this.hashCalls.length - 1];
    if (t.value === "(") {
      this.frames.push({ from: false, select: false, itemTok: 0 });
      if (call && call.depth === 0 && call.startTok === this.i - 1) {
        call.depth = this.frames.length;
        this.emit("(");
        this.i++;
        call.argStart = this.out.length;
        return;
      }
    }
    if (call && call.depth === this.frames.length && (t.value === "," || t.value === ")")) {
      this.guardHashArgument(call);
      if (t.value === ",") {
        this.emit(",");
        this.i++;
        call.argStart = this.out.length;
        return;
      }
      this.hashCalls.pop();
    }
    if (t.value === ")") {
      this.endWhere();
      if (this.frame().select) this.endItem();
      if (this.frames.length > 1) this.frames.pop();
    }
    if (t.value === "," && this.frame().select) {
      this.endItem();
      this.emit(",");
      this.i++;
      this.frame().itemTok = this.i;
      return;
    }
    if (t.value === "," && this.frame().from) {
      this.emit(",");
      this.i++;
      this.tableReference();
      return;
    }
    if (t.value === ";" && this.i === this.tokens.length - 1) {
      this.endWhere();
      this.i++;
      return;
    }
    this.emit(t.value === "==" ? "=" : t.value);
    this.i++;
  }

  /** Wraps the hash argument emitted since `call.argStart` (tokens up to this.i) in hashGuard. */
  private guardHashArgument(call: HashCall): void {
    const pieces = this.out.splice(call.argStart);
    const arg = pieces.join(" ");
    if (pieces.length === 0 || /^\*$|\.\s*\*$/.test(arg.trim())) {
      this.out.push(...pieces); // hash() / hash(*): nothing to guard
      return;
    }
    let close = this.i;
    for (let depth = 0, k = call.startTok + 1; k < this.tokens.length; k++) {
      if (this.tokens[k].value === "(") depth++;
      else if (this.tokens[k].value === ")" && --depth === 0) {
        close = k;
        break;
      }
    }
    this.emit(hashGuard(arg, call.fn, sparkColumnName(this.tokens.slice(call.startTok, close + 1))));
  }

  /** `a [NOT] RLIKE b` → `[NOT] regexp_matches(a, b)`; `a` is the operand just emitted (name or parenthesised). */
  private regexMatch(): void {
    let negate = false;
    if (this.out[this.out.length - 1]?.toUpperCase() === "NOT") {
      this.out.pop();
      negate = true;
    }
    const left: string[] = [];
    const take = () => {
      const piece = this.out.pop()!;
      left.unshift(piece);
      if (piece === ")") {
        let depth = 1;
        while (depth > 0 && this.out.length) {
          const p = this.out.pop()!;
          left.unshift(p);
          if (p === ")") depth++;
          if (p === "(") depth--;
        }
        // a function call: keep its name
        const prev = this.out[this.out.length - 1];
        if (prev && /^[A-Za-z_"]/.test(prev)) left.unshift(this.out.pop()!);
      }
    };
    take();
    while (this.out[this.out.length - 1] === ".") {
      left.unshift(this.out.pop()!);
      take();
    }
    this.i++;
    const right = this.tokens[this.i];
    if (!right || (right.kind !== "string" && right.kind !== "ident" && right.kind !== "word")) throw errors.syntax(`'${right?.text ?? "end of input"}'`);
    const rightSql = right.kind === "string" ? duckLiteral(right.value) : right.kind === "ident" ? duckIdent(right.value) : duckWord(right);
    this.i++;
    this.emit(`${negate ? "NOT " : ""}regexp_matches(${left.join(" ")}, ${rightSql})`);
  }

  /** At a table reference position: a name (with time travel), a subquery, or a table function. */
  private tableReference(): void {
    const t = this.tokens[this.i];
    if (!t) return;
    if (t.value === "(") {
      // (DESCRIBE HISTORY name [LIMIT n]) or (DESCRIBE DETAIL name) as a relation
      const a = this.tokens[this.i + 1];
      const b = this.tokens[this.i + 2];
      if (a?.kind === "word" && a.value === "DESCRIBE" && b?.kind === "word" && (b.value === "HISTORY" || b.value === "DETAIL")) {
        let j = this.i + 3;
        const parts: string[] = [];
        while (isNamePart(this.tokens[j])) {
          parts.push(partValue(this.tokens[j]));
          j++;
          if (this.tokens[j]?.value === "." && isNamePart(this.tokens[j + 1])) j++;
          else break;
        }
        let limit: number | undefined;
        if (b.value === "HISTORY" && this.tokens[j]?.kind === "word" && this.tokens[j].value === "LIMIT") {
          limit = Number(this.tokens[j + 1]?.value);
          j += 2;
        }
        if (this.tokens[j]?.value !== ")" || parts.length === 0) throw errors.syntax(`'${this.tokens[j]?.text ?? "end of input"}'`);
        this.emit(b.value === "HISTORY" ? this.resolver.describeHistory(parts, limit) : this.resolver.describeDetail(parts));
        this.i = j + 1;
        this.aliasIfMissing(parts[parts.length - 1]);
        return;
      }
      return; // an ordinary subquery: step() handles it
    }
    if (!isNamePart(t)) return;
    if (t.kind === "word" && (t.value === "VALUES" || t.value === "LATERAL" || t.value === "UNNEST")) return;
    // STREAM(name) in streaming-table definitions reads the table as a batch here.
    if (t.kind === "word" && t.value === "STREAM" && this.tokens[this.i + 1]?.value === "(") {
      this.i += 2;
      const parts = this.nameParts();
      if (this.tokens[this.i]?.value !== ")") throw errors.syntax(`'${this.tokens[this.i]?.text ?? "end of input"}'`);
      this.i++;
      this.emit(this.resolver.relation(parts, undefined));
      this.aliasIfMissing(parts[parts.length - 1]);
      return;
    }
    if (this.tokens[this.i + 1]?.value === "(") return; // table-valued function: leave as written
    const parts = this.nameParts();
    if (parts.length === 1 && this.ctes.has(parts[0])) {
      this.emit(duckIdent(parts[0]));
      return;
    }
    const temporal = this.temporal();
    this.emit(this.resolver.relation(parts, temporal));
    this.aliasIfMissing(parts[parts.length - 1]);
  }

  private nameParts(): string[] {
    const parts = [partValue(this.tokens[this.i])];
    this.i++;
    while (this.tokens[this.i]?.value === "." && isNamePart(this.tokens[this.i + 1])) {
      parts.push(partValue(this.tokens[this.i + 1]));
      this.i += 2;
    }
    return parts;
  }

  /** Parses `VERSION AS OF n`, `TIMESTAMP AS OF x`, `FOR SYSTEM_VERSION AS OF`, `@v12`, `@yyyyMMddHHmmssSSS`. */
  private temporal(): Temporal | undefined {
    const tk = (k: number) => this.tokens[this.i + k];
    const w = (k: number, ...vals: string[]) => tk(k)?.kind === "word" && vals.includes(tk(k).value);
    if (tk(0)?.value === "@") {
      const n = tk(1);
      if (n?.kind === "word" && /^V\d+$/.test(n.value)) {
        this.i += 2;
        return { kind: "version", version: Number(n.value.slice(1)) };
      }
      if (n?.kind === "number" && /^\d{17}$/.test(n.value)) {
        this.i += 2;
        const s = n.value;
        return { kind: "timestamp", timestamp: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}.${s.slice(14, 17)}` };
      }
      throw errors.syntax(`'@'`);
    }
    let k = 0;
    if (w(0, "FOR")) k = 1;
    if (w(k, "VERSION", "SYSTEM_VERSION") && w(k + 1, "AS") && w(k + 2, "OF")) {
      const n = tk(k + 3);
      if (n?.kind !== "number" && n?.kind !== "string") throw errors.syntax(`'${n?.text ?? "end of input"}'`);
      this.i += k + 4;
      return { kind: "version", version: Number(n.value.replace(/L$/i, "")) };
    }
    if (w(k, "TIMESTAMP", "SYSTEM_TIME") && w(k + 1, "AS") && w(k + 2, "OF")) {
      this.i += k + 3;
      // a literal, optionally wrapped: TIMESTAMP '...' / CAST('...' AS TIMESTAMP)
      if (w(0, "TIMESTAMP") && tk(1)?.kind === "string") this.i++;
      const n = tk(0);
      if (n?.kind === "string") {
        this.i++;
        return { kind: "timestamp", timestamp: n.value };
      }
      throw errors.unsupported("time travel by a timestamp expression other than a literal");
    }
    return undefined;
  }

  /** Names the subquery after the table unless the query gives an alias. */
  private aliasIfMissing(name: string): void {
    const t = this.tokens[this.i];
    if (t && t.kind === "word" && t.value === "AS") return;
    if (t && t.kind === "ident") return;
    if (t && t.kind === "word" && !NOT_ALIAS.has(t.value)) return;
    this.emit(`AS ${duckIdent(name)}`);
  }
}
