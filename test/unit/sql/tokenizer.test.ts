import { describe, expect, it } from "vitest";
import { SqlTextError, significantTokens, tokenizeSql } from "../../../provider/sql/tokenizer";

const kinds = (sql: string) => significantTokens(tokenizeSql(sql)).map((t) => [t.kind, t.value]);

describe("tokenizeSql", () => {
  it("is lossless: token texts concatenate to the input", () => {
    const sql = "SELECT `a``b`, 'it\\'s', r'C:\\x' -- c\n/* x /* nested */ y */ FROM t;\tSELECT 1.5e3, 10L, 2BD";
    expect(tokenizeSql(sql).map((t) => t.text).join("")).toBe(sql);
  });

  it("decodes backslash escapes and leaves raw strings alone", () => {
    expect(kinds(String.raw`'a\'b' "q\"x" 'n\nl' r'C:\new' R"x\y" '\u00e9'`)).toEqual([
      ["string", "a'b"], ["string", 'q"x'], ["string", "n\nl"], ["string", "C:\\new"], ["string", "x\\y"], ["string", "é"],
    ]);
  });

  it("keeps the backslash of \\% and \\_ (Databricks SQL reference, STRING type, Literals: `\\%` -> `\\%`, `\\_` -> `\\_`)", () => {
    expect(kinds(String.raw`'100\% a\_b'`)).toEqual([["string", "100\\% a\\_b"]]);
  });

  it("treats '' as two adjacent literals, as Spark does", () => {
    expect(kinds("'a''b'")).toEqual([["string", "a"], ["string", "b"]]);
  });

  it("reads backtick identifiers with doubled backticks", () => {
    expect(kinds("`we``ird`.`a.b`")).toEqual([["ident", "we`ird"], ["punct", "."], ["ident", "a.b"]]);
  });

  it("recognises line, block and nested block comments", () => {
    const toks = tokenizeSql("a -- x; y\nb /* 1 /* 2 */ ; */ c");
    expect(toks.filter((t) => t.kind === "comment").map((t) => t.text)).toEqual(["-- x; y", "/* 1 /* 2 */ ; */"]);
    expect(toks.some((t) => t.kind === "separator")).toBe(false);
  });

  it("separates numbers, words starting with digits, punctuation and separators", () => {
    expect(kinds("1 1.5 .5 1e10 10L 2.5BD 2024_sales a<=>b x>=1;")).toEqual([
      ["number", "1"], ["number", "1.5"], ["number", ".5"], ["number", "1e10"], ["number", "10L"], ["number", "2.5BD"],
      ["word", "2024_sales"], ["word", "a"], ["punct", "<=>"], ["word", "b"], ["word", "x"], ["punct", ">="], ["number", "1"],
      ["separator", ";"],
    ]);
  });

  it("reads a dot before a digit-led name as a dot, as Spark does (a number glued to a name is no number)", () => {
    expect(kinds("prod.2024_sales.t1 t.1a x.5")).toEqual([
      ["word", "prod"], ["punct", "."], ["word", "2024_sales"], ["punct", "."], ["word", "t1"],
      ["word", "t"], ["punct", "."], ["word", "1a"], ["word", "x"], ["number", ".5"],
    ]);
  });

  it("reads $$-quoted bodies as raw strings", () => {
    expect(kinds("AS $$ return x.replace('\\', \"--\") $$;")).toEqual([
      ["word", "AS"], ["string", " return x.replace('\\', \"--\") "], ["separator", ";"],
    ]);
  });

  it("accepts unicode letters in unquoted words", () => {
    expect(kinds("données_é")).toEqual([["word", "données_é"]]);
  });

  it("does not end a string at a ; or a comment marker inside it", () => {
    expect(kinds("'a;b -- c /* d'")).toEqual([["string", "a;b -- c /* d"]]);
  });

  it.each([["'abc"], ["`abc"], ["/* abc"], ["/* a /* b */"], ["'ends with backslash\\"], ["$$ open"]])(
    "throws SqlTextError on unterminated %s",
    (sql) => {
      expect(() => tokenizeSql(sql)).toThrow(SqlTextError);
    },
  );
});
