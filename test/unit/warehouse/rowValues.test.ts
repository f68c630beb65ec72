import { describe, expect, it } from "vitest";
import { columnTypes, normalizeRow, normalizeValue, TYPE_ID } from "../../../provider/warehouse/databricks/rowValues";

describe("normalizeValue", () => {
  it("turns BIGINT into a number when safe and a string beyond 2^53", () => {
    expect(normalizeValue(BigInt(42))).toBe(42);
    expect(normalizeValue(BigInt("9007199254740993"))).toBe("9007199254740993");
    expect(normalizeValue("12", TYPE_ID.BIGINT)).toBe(12);
    expect(normalizeValue("-9223372036854775808", TYPE_ID.BIGINT)).toBe("-9223372036854775808");
  });

  it("turns DECIMAL strings into numbers only for DECIMAL columns", () => {
    expect(normalizeValue("12.50", TYPE_ID.DECIMAL)).toBe(12.5);
    expect(normalizeValue("12.50")).toBe("12.50");
  });

  it("renders DATE as YYYY-MM-DD and keeps TIMESTAMP as Date", () => {
    const d = new Date(Date.UTC(2024, 1, 29));
    expect(normalizeValue(d, TYPE_ID.DATE)).toBe("2024-02-29");
    expect(normalizeValue(d, TYPE_ID.TIMESTAMP)).toBe(d);
    expect(normalizeValue("2024-02-29 10:11:12.5", TYPE_ID.TIMESTAMP)).toEqual(new Date(Date.UTC(2024, 1, 29, 10, 11, 12, 500)));
  });

  it("converts maps, nested structs and arrays, and null", () => {
    expect(normalizeValue(new Map<string, unknown>([["a", BigInt(1)], ["b", null]]))).toEqual({ a: 1, b: null });
    expect(normalizeValue({ s: { x: [BigInt(1), undefined] } })).toEqual({ s: { x: [1, null] } });
    expect(normalizeValue(undefined)).toBeNull();
    expect(normalizeValue("it's \\ \"q\"")).toBe("it's \\ \"q\"");
  });
});

describe("normalizeRow / columnTypes", () => {
  it("applies column types from a Thrift schema", () => {
    const schema = {
      columns: [
        { columnName: "d", typeDesc: { types: [{ primitiveEntry: { type: TYPE_ID.DATE } }] } },
        { columnName: "n", typeDesc: { types: [{ primitiveEntry: { type: TYPE_ID.DECIMAL } }] } },
        { columnName: "m", typeDesc: { types: [{ mapEntry: {} }] } },
      ],
    };
    const types = columnTypes(schema);
    expect([...types]).toEqual([["d", TYPE_ID.DATE], ["n", TYPE_ID.DECIMAL]]);
    expect(normalizeRow({ d: new Date(Date.UTC(2020, 0, 1)), n: "1.25", m: { k: "v" } }, types)).toEqual({ d: "2020-01-01", n: 1.25, m: { k: "v" } });
    expect(columnTypes(null).size).toBe(0);
  });
});
