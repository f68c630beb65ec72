/**
 * The table handler's check refuses, before any write, a table new to the stack's state whose
 * destination is another stack's clone (so preview fails where create would), and reads nothing for
 * tables already in state or not in the destination.
 */
import { describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import * as table from "../../../provider/resources/table/handler";
import { useLocalRuntime } from "./localRuntimeFixture";

const fx = useLocalRuntime("table-owner-check", [
  "CREATE CATALOG qa",
  "CREATE SCHEMA qa.s",
  "CREATE TABLE qa.s.theirs (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'proj/other', 'catalog_clone.source' = 'prod.s.theirs')",
  "CREATE TABLE qa.s.ours (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'proj/dev', 'catalog_clone.source' = 'prod.s.ours')",
  "CREATE TABLE qa.s.plain (id INT)",
]);

const inputs = (name: string, exists = true) => ({
  connection: fx.ref,
  owner: "proj/dev",
  source: { catalog: "prod", schema: "s", table: name },
  destination: { catalog: "qa", schema: "s", table: name },
  cloneType: "DEEP",
  sync: "selective",
  sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: "2026-01-01T00:00:00.000Z" },
  destinationFingerprint: { exists, tableType: "MANAGED" },
});

describe("table check: another stack's destination table", () => {
  it("fails check for a new resource over another stack's table, naming the stack", async () => {
    const r = await table.check({}, inputs("theirs"));
    expect(r.failures).toEqual([
      {
        property: "destination",
        reason: expect.stringMatching(/^\[CATALOG_CLONE_OWNED_BY_ANOTHER_STACK\] Table qa\.s\.theirs belongs to stack "other" of project "proj" \(marker proj\/other\), not to proj\/dev\./),
      },
    ]);
  });

  it("passes this stack's and unmarked tables (adoption), with one read-only statement each", async () => {
    const from = readStatementLog(fx.dir).length;
    for (const name of ["ours", "plain"]) expect((await table.check({}, inputs(name))).failures).toBeUndefined();
    expect(readStatementLog(fx.dir).slice(from).map((e) => e.statement)).toEqual(["SHOW TBLPROPERTIES `qa`.`s`.`ours`", "SHOW TBLPROPERTIES `qa`.`s`.`plain`"]);
  });

  it("reads nothing for a resource already in state, or a destination that does not exist", async () => {
    const from = readStatementLog(fx.dir).length;
    expect((await table.check(inputs("theirs"), inputs("theirs"))).failures).toBeUndefined();
    expect((await table.check({}, inputs("new", false))).failures).toBeUndefined();
    expect(readStatementLog(fx.dir).slice(from)).toEqual([]);
  });
});
