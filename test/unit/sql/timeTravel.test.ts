/**
 * issue 8 §6: `TIMESTAMP AS OF` is sent in Databricks' normalised form, `'2024-01-15 00:00:00Z'` (UTC,
 * zone spelled out so a workspace TIMEZONE setting cannot move it), whatever form the user wrote (ISO-8601 with Z or an offset, a date, a Date object); nothing that is
 * not a real instant is ever sent.
 */
import { describe, expect, it } from "vitest";
import { asOfClause, normalizeTimestamp, timestampLiteral } from "../../../provider/sql/timeTravel";

describe("TIMESTAMP AS OF in Databricks' normalised form", () => {
  it.each([
    ["2024-01-15", "2024-01-15 00:00:00"],
    ["2024-01-15 00:00:00", "2024-01-15 00:00:00"],
    ["2024-01-15T00:00:00Z", "2024-01-15 00:00:00"],
    ["2024-01-15T00:00:00.000Z", "2024-01-15 00:00:00"],
    ["2024-01-15T02:30:00+02:30", "2024-01-15 00:00:00"],
    ["2024-01-14T19:00:00-0500", "2024-01-15 00:00:00"],
    ["2024-01-15 00:00", "2024-01-15 00:00:00"],
    ["2024-01-15T00:00:00.250Z", "2024-01-15 00:00:00.25"],
    ["2024-01-15 00:00:00.123456789", "2024-01-15 00:00:00.123456"],
    ["2024-12-31T23:30:00-01:00", "2025-01-01 00:30:00"],
    ["  2024-02-29 12:00:00  ", "2024-02-29 12:00:00"],
  ])("%s → '%s'", (text, normal) => {
    expect(normalizeTimestamp(text)).toBe(normal);
    expect(asOfClause({ timestamp: text })).toBe(` TIMESTAMP AS OF '${normal}Z'`);
  });

  it("a Date is rendered in UTC, milliseconds only when not zero", () => {
    expect(timestampLiteral(new Date(Date.UTC(2024, 0, 15)))).toBe("'2024-01-15 00:00:00Z'");
    expect(timestampLiteral(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 60)))).toBe("'2024-01-02 03:04:05.06Z'");
  });

  it.each(["2024-13-01", "2023-02-29", "2024-01-15 24:00:00", "2024-01-15T00:00:00+25:00", "yesterday", "2024-01-15 00:00:00' OR 1=1", "", "2024-1-5"])(
    "refuses %j (never sent)",
    (text) => {
      expect(() => normalizeTimestamp(text)).toThrow(/TIMESTAMP AS OF/);
    },
  );
});
