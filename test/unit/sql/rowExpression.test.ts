import { describe, expect, it } from "vitest";
import { validateRowExpression } from "../../../provider/sql/rowExpression";
import { SqlFragmentError } from "../../../provider/sql/sqlFragment";

const F = 'tableOverrides["sales.orders"].where';

describe("validateRowExpression", () => {
  it.each([
    "region = 'eu'",
    "  amount > 10 AND (status IN ('a', 'b') OR id % 10 = 0)  ",
    "note = 'SELECT * FROM x; -- not code'",
    "`order` IS NOT NULL AND `from` <> ''",
    "coalesce(upper(name), '') LIKE 'A%' AND struct_col.field = 1",
    "ts >= TIMESTAMP '2026-01-01 00:00:00' AND date_diff(day, ts, current_date()) < 30",
  ])("accepts %s", (text) => {
    expect(validateRowExpression(text, F)).toBe(text.trim());
  });

  it.each([
    ["1=1; DROP TABLE prod.sales.orders", /single expression without ';'/],
    ["id = 1 -- and the rest", /comments are not allowed/],
    ["id = 1 /* x */ OR 1=1", /comments are not allowed/],
    ["id IN (SELECT id FROM other_catalog.s.t)", /"SELECT".*subquery/],
    ["EXISTS (select 1 from secrets.s.t)", /"select"/],
    ["1=1 UNION ALL", /"UNION"/],
    ["1=1 ORDER BY id", /"ORDER"/],
    ["1=1 GROUP BY id", /"GROUP"/],
    ["1=1 LIMIT 5", /"LIMIT"/],
    ["other.sch.leak(id) = 1", /qualified function call/],
    ["`other`.`fn`(id)", /qualified function call/],
    ["id, name", /outside parentheses; write ONE expression/],
    ["id = 1) OR (1=1", /unbalanced/],
    ["   ", /empty/],
  ])("rejects %s", (text, why) => {
    let err: unknown;
    try {
      validateRowExpression(text, F);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlFragmentError);
    expect((err as Error).message).toContain(F);
    expect((err as Error).message).toMatch(why);
  });
});
