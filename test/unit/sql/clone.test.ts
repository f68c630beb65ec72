import { describe, expect, it } from "vitest";
import { cloneTable } from "../../../provider/sql/clone";

const src = { catalog: "prod", schema: "sales", name: "orders" };
const weird = { catalog: "q`a", schema: "select", name: "tâble ü" };

describe("cloneTable", () => {
  it("renders a plain deep clone", () => {
    expect(cloneTable({ target: { catalog: "qa", schema: "sales", name: "orders" }, source: src, cloneType: "DEEP" })).toBe(
      "CREATE TABLE `qa`.`sales`.`orders` DEEP CLONE `prod`.`sales`.`orders`",
    );
  });

  it("quotes backticks, reserved words and unicode in names", () => {
    expect(cloneTable({ target: weird, source: src, cloneType: "SHALLOW", mode: "createOrReplace" })).toBe(
      "CREATE OR REPLACE TABLE `q``a`.`select`.`tâble ü` SHALLOW CLONE `prod`.`sales`.`orders`",
    );
  });

  it("renders every mode", () => {
    const base = { target: src, source: src, cloneType: "DEEP" as const };
    expect(cloneTable({ ...base, mode: "ifNotExists" })).toMatch(/^CREATE TABLE IF NOT EXISTS /);
    expect(cloneTable({ ...base, mode: "replace" })).toMatch(/^REPLACE TABLE /);
    expect(cloneTable({ ...base, mode: "create" })).toMatch(/^CREATE TABLE `/);
  });

  it("pins the source version or timestamp and appends properties and location", () => {
    expect(
      cloneTable({
        target: weird,
        source: src,
        cloneType: "DEEP",
        asOf: { version: 12 },
        properties: { "uc_clone.owner": "it's\\me", "a\nb": "" },
        location: "s3://b/it's",
      }),
    ).toBe(
      "CREATE TABLE `q``a`.`select`.`tâble ü` DEEP CLONE `prod`.`sales`.`orders` VERSION AS OF 12 " +
        "TBLPROPERTIES ('uc_clone.owner' = 'it\\'s\\\\me', 'a\\nb' = '') LOCATION 's3://b/it\\'s'",
    );
    expect(cloneTable({ target: src, source: src, cloneType: "DEEP", asOf: { timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) } })).toBe(
      "CREATE TABLE `prod`.`sales`.`orders` DEEP CLONE `prod`.`sales`.`orders` TIMESTAMP AS OF '2024-01-02 03:04:05Z'",
    );
    // Only a timestamp is ever sent: text that is not one is refused before any SQL is built.
    expect(() => cloneTable({ target: src, source: src, cloneType: "DEEP", asOf: { timestamp: "2024-01-01 00:00:00' OR 1=1" } })).toThrow(/not a timestamp/);
  });

  it("refuses bad versions, clone types and empty names", () => {
    expect(() => cloneTable({ target: src, source: src, cloneType: "DEEP", asOf: { version: -1 } })).toThrow(/non-negative integer/);
    expect(() => cloneTable({ target: src, source: src, cloneType: "DEEP", asOf: { version: 1.5 } })).toThrow(/non-negative integer/);
    expect(() => cloneTable({ target: src, source: src, cloneType: "DEEP; DROP" as "DEEP" })).toThrow(/DEEP or SHALLOW/);
    expect(() => cloneTable({ target: { ...src, name: "" }, source: src, cloneType: "DEEP" })).toThrow(/empty/);
    expect(() => cloneTable({ target: src, source: src, cloneType: "DEEP", asOf: { timestamp: new Date(NaN) } })).toThrow(/Invalid Date/);
  });
});
