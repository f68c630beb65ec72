import { describe, expect, it } from "vitest";
import { tokenize } from "../frontEnd/lexer";
import { QueryRewriter, sparkColumnName, type RelationResolver, type Temporal } from "../frontEnd/queryRewriter";

function rewrite(sql: string): { sql: string; refs: { parts: string[]; temporal?: Temporal }[] } {
  const refs: { parts: string[]; temporal?: Temporal }[] = [];
  const resolver: RelationResolver = {
    relation: (parts, temporal) => {
      refs.push({ parts, temporal });
      return `(REL ${parts.join(".")})`;
    },
    describeHistory: (parts, limit) => `(HIST ${parts.join(".")} ${limit ?? ""})`,
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

  it("strips Spark numeric suffixes", () => {
    expect(rewrite("SELECT 10L, 1.5D").sql).toBe("SELECT 10 , 1.5");
  });
});
