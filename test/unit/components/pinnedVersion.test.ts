/** asOf.version checked against every planned table's history before any write (issue 8 §4). */
import { describe, expect, it } from "vitest";
import { pinnedVersionProblem } from "../../../components/catalogClone/pinnedVersion";

const r = (schema: string, table: string, earliest: number, latest: number) => ({ schema, table, earliest, latest });

describe("pinnedVersionProblem", () => {
  it("names each table the version is outside of, with its available versions, and what every table has", () => {
    expect(pinnedVersionProblem(2, [r("sales", "orders", 0, 2), r("sales", "items", 0, 1), r("hr", "people", 0, 1)])).toBe(
      "asOf.version 2 does not exist in 2 of the 3 source tables to clone: hr.people (available versions 0–1), sales.items (available versions 0–1). " +
        'Nothing was cloned. Pin a version every table has (versions 0–1 exist in every table to clone), pin an instant with asOf: { timestamp: "..." }, ' +
        "or leave these tables out with scope.excludeTables.",
    );
  });

  it("catches versions below a table's retained history too", () => {
    expect(pinnedVersionProblem(3, [r("s", "old", 10, 40), r("s", "new", 0, 5)])).toMatch(/in 1 of the 2 .*s\.old \(available versions 10–40\).*\(no single version exists in every table to clone\)/);
  });

  it("is undefined when every table has the version", () => {
    expect(pinnedVersionProblem(1, [r("s", "a", 0, 1), r("s", "b", 1, 9)])).toBeUndefined();
    expect(pinnedVersionProblem(0, [])).toBeUndefined();
  });

  it("names at most ten tables", () => {
    const many = Array.from({ length: 25 }, (_, i) => r("s", `t${String(i).padStart(2, "0")}`, 0, 0));
    const msg = pinnedVersionProblem(1, many)!;
    expect(msg).toContain("does not exist in 25 of the 25");
    expect(msg).toContain("s.t09 (available versions 0–0), and 15 more.");
    expect(msg).not.toContain("s.t10");
    expect(msg).toContain("(only version 0 exists in every table to clone)");
  });
});
