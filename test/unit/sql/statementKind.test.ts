import { describe, expect, it } from "vitest";
import { isReadOnlyStatement } from "../../../provider/sql/statementKind";
import { describeHistory } from "../../../provider/sql/table";
import { listSchemas } from "../../../provider/sql/discovery";

describe("isReadOnlyStatement (may a statement with an unknown outcome be sent again?)", () => {
  it.each([
    "SELECT 1",
    "  select * from a.b.c;",
    "-- comment\nSHOW GRANTS ON TABLE a.b.c",
    "/* x */ DESCRIBE HISTORY a.b.c LIMIT 1",
    "DESC DETAIL a.b.c",
    describeHistory({ catalog: "c", schema: "s", name: "t" }, 1),
    listSchemas("qa"),
  ])("read-only: %s", (sql) => expect(isReadOnlyStatement(sql)).toBe(true));

  it.each([
    "CREATE TABLE a.b.c DEEP CLONE x.y.z",
    "INSERT INTO a.b.c SELECT 1",
    "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
    "(SELECT 1)",
    "SELECT 1; DROP TABLE a.b.c",
    "RESTORE TABLE a.b.c TO VERSION AS OF 1",
    "SELECT 'unterminated",
    "",
  ])("a write (or unknown): %s", (sql) => expect(isReadOnlyStatement(sql)).toBe(false));
});
