import { describe, expect, it } from "vitest";
import { canonicalSparkType, duckToSparkType, sparkToDuckType } from "../duck/sparkTypes";

describe("Spark ↔ DuckDB types", () => {
  it("canonicalises spellings the way Databricks prints types", () => {
    expect(canonicalSparkType("STRING")).toBe("string");
    expect(canonicalSparkType("Integer")).toBe("int");
    expect(canonicalSparkType("LONG")).toBe("bigint");
    expect(canonicalSparkType("DECIMAL ( 10 , 2 )")).toBe("decimal(10,2)");
    expect(canonicalSparkType("decimal")).toBe("decimal(10,0)");
    expect(canonicalSparkType("VARCHAR(20)")).toBe("string");
    expect(canonicalSparkType("ARRAY < STRING >")).toBe("array<string>");
    expect(canonicalSparkType("MAP<STRING, ARRAY<INT> >")).toBe("map<string,array<int>>");
    expect(canonicalSparkType("STRUCT<a: INT, b STRING>")).toBe("struct<a:int,b:string>");
  });

  it("maps Spark types to DuckDB types and back", () => {
    const cases: [string, string][] = [
      ["string", "VARCHAR"], ["int", "INTEGER"], ["bigint", "BIGINT"], ["decimal(10,2)", "DECIMAL(10,2)"],
      ["array<string>", "VARCHAR[]"], ["map<string,bigint>", "MAP(VARCHAR, BIGINT)"], ["timestamp", "TIMESTAMP"],
      ["binary", "BLOB"], ["date", "DATE"], ["boolean", "BOOLEAN"],
    ];
    for (const [spark, duck] of cases) {
      expect(sparkToDuckType(spark)).toBe(duck);
      expect(duckToSparkType(duck)).toBe(spark);
    }
    expect(sparkToDuckType("struct<a:int,b:string>")).toBe('STRUCT("a" INTEGER, "b" VARCHAR)');
    expect(duckToSparkType('STRUCT("a b" INTEGER, c VARCHAR[])')).toBe("struct<a b:int,c:array<string>>");
  });

  it("rejects unknown types with UNSUPPORTED_DATATYPE", () => {
    expect(() => canonicalSparkType("geometry")).toThrow(/UNSUPPORTED_DATATYPE/);
  });
});
