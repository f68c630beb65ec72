import { describe, expect, it } from "vitest";
import { tokenize } from "../frontEnd/lexer";
import { QueryRewriter, duckIdent, duckLiteral, sparkColumnName, type RelationResolver, type Temporal } from "../frontEnd/queryRewriter";
import { EngineError } from "../errors/engineError";

function rewrite(sql: string): { sql: string; refs: { parts: string[]; temporal?: Temporal }[] } {
  const refs: { parts: string[]; temporal?: Temporal }[] = [];
  const resolver: RelationResolver = {
    relation: (parts, temporal) => {
      refs.push({ parts, temporal });
      return `(REL ${parts.join(".")})`;
    },
    describeHistory: (parts, limit) => `(HIST ${parts.join(".")} ${limit ?? ""})`,
    describeDetail: (parts) => `(DETAIL ${parts.join(".")})`,
    constant: (fn) => `'${fn.toLowerCase()}'`,
  };
  return { sql: QueryRewriter.rewrite(tokenize(sql), resolver), refs };
}

describe("Spark SQL → DuckDB rewriting", () => {
  it("resolves table references after FROM, JOIN and commas, aliasing them by table name", () => {
    const r = rewrite("SELECT * FROM a.b.c x JOIN d ON x.id = d.id, e");
    expect(r.refs.map((x) => x.parts)).toEqual([["a", "b", "c"], ["d"], ["e"]]);
    expect(r.sql).toContain('(REL d) AS "d"');
    expect(r.sql).toContain("(REL a.b.c) x");
  });

  it("does not resolve CTE names or table functions", () => {
    const r = rewrite("WITH t AS (SELECT 1 AS x) SELECT * FROM t, range(3)");
    expect(r.refs).toEqual([]);
  });

  it("parses every time-travel form", () => {
    expect(rewrite("SELECT * FROM t VERSION AS OF 3").refs[0].temporal).toEqual({ kind: "version", version: 3 });
    expect(rewrite("SELECT * FROM t@v7").refs[0].temporal).toEqual({ kind: "version", version: 7 });
    expect(rewrite("SELECT * FROM t TIMESTAMP AS OF '2024-01-01'").refs[0].temporal).toEqual({ kind: "timestamp", timestamp: "2024-01-01" });
    expect(rewrite("SELECT * FROM t@20240102030405006").refs[0].temporal).toEqual({ kind: "timestamp", timestamp: "2024-01-02 03:04:05.006" });
  });

  it("turns backticks into double quotes and Spark strings into DuckDB literals", () => {
    const r = rewrite("SELECT `a``b`, 'it\\'s', \"dq\" FROM t");
    expect(r.sql).toContain('"a`b"');
    expect(r.sql).toContain("'it''s'");
    expect(r.sql).toContain("'dq'");
  });

  it("maps Spark functions and constants", () => {
    const r = rewrite("SELECT xxhash64(a), sha2(a, 256), current_user(), is_account_group_member('g') FROM t");
    expect(r.sql).toContain("spark_xxhash64 (");
    expect(r.sql).toContain("spark_sha2 (");
    expect(r.sql).toContain("'current_user'");
    expect(r.sql).toContain("spark_true (");
  });

  it("turns (DESCRIBE HISTORY t LIMIT 1) into a relation", () => {
    expect(rewrite("SELECT max(version) FROM (DESCRIBE HISTORY a.b.t LIMIT 1)").sql).toContain("(HIST a.b.t 1)");
  });

  it("gives LIKE and ILIKE patterns Spark's backslash escape, unless the query names its own", () => {
    expect(rewrite("SELECT * FROM t WHERE name LIKE 'a\\_b%'").sql).toContain("LIKE 'a\\_b%' ESCAPE '\\'");
    expect(rewrite("SELECT * FROM t WHERE name NOT ILIKE 'x'").sql).toContain("ILIKE 'x' ESCAPE '\\'");
    expect(rewrite("SELECT * FROM t WHERE name LIKE 'a!_b' ESCAPE '!'").sql).not.toContain("'\\'");
  });

  it("rewrites a [NOT] RLIKE b into regexp_matches", () => {
    expect(rewrite("SELECT * FROM t WHERE t.name RLIKE '^a'").sql).toContain("regexp_matches(t . name, '^a')");
    expect(rewrite("SELECT * FROM t WHERE lower(name) NOT RLIKE 'x'").sql).toContain("NOT regexp_matches(lower ( name ), 'x')");
  });

  it("names unaliased select items the way Spark does", () => {
    const name = (sql: string) => sparkColumnName(tokenize(sql));
    expect(name("COUNT(*)")).toBe("count(1)");
    expect(name("MAX(version)")).toBe("max(version)");
    expect(name("concat_ws('|', a, `b c`)")).toBe("concat_ws(|, a, b c)");
    expect(name("CAST(id AS STRING)")).toBe("cast(id AS STRING)");
    expect(name("t.id + 1")).toBe("t.id + 1");
    const r = rewrite("SELECT count(*), max(v) m, a.b, x AS y, upper(n), * FROM t");
    expect(r.sql).toContain('count ( * ) AS "count(1)"');
    expect(r.sql).toContain("max ( v ) m ,");
    expect(r.sql).toContain('upper ( n ) AS "upper(n)"');
    expect(r.sql).not.toContain('AS "max(v)"');
  });

  it("spells U+0000 in a string as chr(0), since DuckDB's parser stops at the character; other control characters stay quoted", () => {
    expect(duckLiteral("a\0b")).toBe("('a' || chr(0) || 'b')");
    expect(duckLiteral("\0it's\0")).toBe("('' || chr(0) || 'it''s' || chr(0) || '')");
    expect(duckLiteral("a\u0001\u001f\u007f\n")).toBe("'a\u0001\u001f\u007f\n'");
    const r = rewrite("SELECT 'a\\0b' AS s FROM t WHERE x LIKE 'p\\0%'");
    expect(r.sql).not.toContain("\0");
    expect(r.sql).toContain("SELECT ('a' || chr(0) || 'b') AS s");
    expect(r.sql).toContain("LIKE ('p' || chr(0) || '%') ESCAPE");
  });

  it("leaves a generated name holding U+0000 to DuckDB, and refuses a name holding it that the query wrote", () => {
    expect(rewrite("SELECT 'a\\0b' || 'c'").sql).toBe("SELECT ('a' || chr(0) || 'b') || 'c'");
    expect(() => duckIdent("a\0b")).toThrow(EngineError);
    expect(() => duckIdent("a\0b")).toThrow(/UNSUPPORTED_FEATURE\.LOCAL_ENGINE/);
  });

  it("strips Spark numeric suffixes", () => {
    expect(rewrite("SELECT 10L, 1.5D").sql).toBe("SELECT 10 , 1.5");
  });
});
