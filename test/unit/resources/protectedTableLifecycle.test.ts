/**
 * The protected-table copy against the embedded engine (no Pulumi): its policy functions (created with
 * this stack's token, someone else's never overwritten nor called, unused ones dropped last), its drift decision,
 * a write undone when the counts differ, and an existing table nobody marked refused.
 */
import { describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { isReadOnlyStatement } from "../../../provider/sql/statementKind";
import { dropUnusedPolicyFunctions, ensurePolicyFunctions } from "../../../provider/resources/protectedTable/policyFunctions";
import { createProtected, deleteProtected, protectedDrift } from "../../../provider/resources/protectedTable/lifecycle";
import { createTable, deleteTable } from "../../../provider/resources/table/lifecycle";
import { ProtectedTableInputs, type PolicyFunction } from "../../../provider/resources/protectedTable/inputs";
import { useLocalRuntime } from "./localRuntimeFixture";

const ME = "proj/qa";
const fx = useLocalRuntime("protected-table", [
  "CREATE CATALOG prod",
  "CREATE SCHEMA prod.s",
  "CREATE TABLE prod.s.t (id INT, email STRING, region STRING)",
  "INSERT INTO prod.s.t VALUES (1, 'a@x', 'EU'), (2, 'b@x', 'US')",
  "CREATE FUNCTION prod.s.eu(r STRING) RETURNS BOOLEAN RETURN r = 'EU'",
  "ALTER TABLE prod.s.t SET ROW FILTER prod.s.eu ON (region)",
  "CREATE CATALOG qa",
  "CREATE SCHEMA qa.s",
]);
const writesSince = (n: number) => readStatementLog(fx.dir).slice(n).map((e) => e.statement).filter((s) => !isReadOnlyStatement(s));
const logLength = () => readStatementLog(fx.dir).length;
const run = async (...sql: string[]) => {
  for (const s of sql) await fx.engine.execute(s);
};

const eu: PolicyFunction = { name: { catalog: "qa", schema: "s", name: "eu" }, parameters: [{ name: "r", type: "STRING" }], returns: "BOOLEAN", body: "r = 'EU'" };
const inputs = (over: Partial<ProtectedTableInputs> = {}): ProtectedTableInputs =>
  ProtectedTableInputs.parse({
    owner: ME,
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    policies: { rowFilter: { function: eu.name, columns: ["region"] }, masks: [] },
    functions: [eu],
    sourceFingerprint: { lastAltered: null },
    destinationFingerprint: { exists: false },
    ...over,
  });

describe("policy functions", () => {
  it("creates a missing function with this stack's token, writes nothing when it is as wanted, never overwrites someone else's", async () => {
    expect(await ensurePolicyFunctions(fx.engine, ME, [eu], [])).toEqual(["qa.s.eu"]);
    const [row] = await fx.engine.execute("SELECT comment FROM qa.information_schema.routines WHERE routine_name = 'eu'");
    expect(row.comment).toBe(`[catalog_clone_owner=${ME}]`);
    let n = logLength();
    expect(await ensurePolicyFunctions(fx.engine, ME, [eu], ["qa.s.eu"])).toEqual(["qa.s.eu"]);
    expect(writesSince(n)).toEqual([]);

    await run("CREATE FUNCTION qa.s.theirs(r STRING) RETURNS BOOLEAN RETURN r = 'US'");
    const theirs = { ...eu, name: { ...eu.name, name: "theirs" } };
    n = logLength();
    await expect(ensurePolicyFunctions(fx.engine, ME, [theirs], [])).rejects.toThrow(/qa\.s\.theirs exists in the destination and was not created by this stack.*never overwritten/);
    // The same body: refused too (its owner could later make it `RETURN true` and unmask the copy).
    await expect(ensurePolicyFunctions(fx.engine, ME, [{ ...theirs, body: "r = 'US'" }], [])).rejects.toThrow(
      /qa\.s\.theirs exists in the destination and was not created by this stack \(its body equals.*drop or rename it, or set policyFunctions to "source"/,
    );
    // Another stack's function with the same body: refused, naming that stack.
    await run("CREATE FUNCTION qa.s.other(r STRING) RETURNS BOOLEAN COMMENT '[catalog_clone_owner=proj/dev]' RETURN r = 'US'");
    await expect(ensurePolicyFunctions(fx.engine, ME, [{ ...theirs, name: { ...eu.name, name: "other" }, body: "r = 'US'" }], [])).rejects.toThrow(
      /qa\.s\.other exists in the destination and belongs to stack proj\/dev/,
    );
    n = logLength();
    await expect(ensurePolicyFunctions(fx.engine, ME, [{ ...theirs, body: "r = 'US'" }], [])).rejects.toThrow();
    expect(writesSince(n)).toEqual([]);
  });

  it("drops only this stack's functions that no row filter or mask calls any more", async () => {
    await ensurePolicyFunctions(fx.engine, ME, [eu], []);
    await run("CREATE TABLE qa.s.other (region STRING) WITH ROW FILTER qa.s.eu ON (region)");
    expect(await dropUnusedPolicyFunctions(fx.engine, ME, ["qa.s.eu"])).toEqual([]);
    await run("DROP TABLE qa.s.other");
    expect(await dropUnusedPolicyFunctions(fx.engine, ME, ["qa.s.eu"])).toEqual(["qa.s.eu"]);
  });
});

describe("the copy", () => {
  it("is created with its policy, holds what the principal reads, and destroy drops it and its function", async () => {
    const { outs } = await createProtected(fx.engine, inputs());
    expect(outs).toMatchObject({ createdByStack: true, createdFunctions: ["qa.s.eu"], rows: { source: 1, destination: 1 }, lastAction: "cloned" });
    expect(await fx.engine.execute("SELECT filter_name FROM qa.information_schema.row_filters")).toEqual([{ filter_name: "eu" }]);
    expect(await deleteProtected(fx.engine, outs)).toBe("dropped qa.s.t; dropped functions qa.s.eu");
    expect(await fx.engine.execute("SELECT routine_name FROM qa.information_schema.routines")).toEqual([]);
  });

  it("undoes the write when the rows read on both sides differ (a filter that does not hold in the destination)", async () => {
    // The destination's filter lets nothing through: the principal reads 1 row in the source, 0 in the copy.
    const none = { ...eu, name: { ...eu.name, name: "none" }, body: "false" };
    const n = logLength();
    await expect(createProtected(fx.engine, inputs({ functions: [none], policies: { rowFilter: { function: none.name, columns: ["region"] }, masks: [] } }))).rejects.toThrow(
      /rows read as this principal differ after the copy \(source 1, destination 0\).*the write was undone/,
    );
    expect(await fx.engine.execute("SELECT table_name FROM qa.information_schema.tables WHERE table_schema = 's'")).toEqual([]);
    expect(writesSince(n).filter((s) => /`qa`\.`s`\.`t`/.test(s)).map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["CREATE TABLE", "INSERT OVERWRITE", "DROP TABLE"]);
  });

  it("refuses an existing destination table nobody marked, writing nothing", async () => {
    await run("CREATE TABLE qa.s.t (id INT)");
    const n = logLength();
    await expect(createProtected(fx.engine, inputs({ destinationFingerprint: { exists: true } }))).rejects.toThrow(/exists and was not created by this stack.*never written into an existing table/);
    expect(writesSince(n)).toEqual([]);
  });
});

describe("a plain clone this stack made before its source gained a policy", () => {
  /** This stack's plain clone of prod.s.t (the kind catalog-clone:Table), made while the source had no row filter. */
  const plainClone = async () => {
    await run("ALTER TABLE prod.s.t DROP ROW FILTER");
    const { outs } = await createTable(fx.engine, {
      owner: ME,
      source: { catalog: "prod", schema: "s", table: "t" },
      destination: { catalog: "qa", schema: "s", table: "t" },
      cloneType: "DEEP",
      sync: "selective",
      sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: null },
      destinationFingerprint: { exists: false },
    });
    await run("ALTER TABLE prod.s.t SET ROW FILTER prod.s.eu ON (region)");
    return outs;
  };
  const tableNames = async () => (await fx.engine.execute("SELECT table_name FROM qa.information_schema.tables WHERE table_schema = 's'")).map((r) => r.table_name);

  it("is dropped, then copied with the policy (no replaced history); the plain kind's delete then forgets the table instead of dropping it", async () => {
    const plain = await plainClone();
    expect(await fx.engine.execute("SELECT count(*) AS n FROM qa.s.t")).toEqual([{ n: 2 }]);
    const n = logLength();
    const { outs } = await createProtected(fx.engine, inputs({ destinationFingerprint: { exists: true } }));
    expect(outs.rows).toEqual({ source: 1, destination: 1 });
    // DROP then CREATE, never CREATE OR REPLACE: no version of the copy holds the unrestricted rows.
    expect(writesSince(n).filter((s) => /`qa`\.`s`\.`t`/.test(s)).map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["DROP TABLE", "CREATE TABLE", "INSERT OVERWRITE"]);
    expect(await fx.engine.execute("SELECT filter_name FROM qa.information_schema.row_filters")).toEqual([{ filter_name: "eu" }]);
    // Pulumi deletes the old plain-clone resource at the end of the same up: the protected copy stays.
    expect(await deleteTable(fx.engine, plain)).toBe("kept");
    expect(await tableNames()).toEqual(["t"]);
    expect(await deleteProtected(fx.engine, outs)).toBe("dropped qa.s.t; dropped functions qa.s.eu");
  });

  it("vice versa: a protected copy's delete leaves alone a table that is a plain clone again, which the plain kind's delete drops", async () => {
    const { outs } = await createProtected(fx.engine, inputs());
    await run("DROP TABLE qa.s.t");
    const plain = await plainClone();
    expect(await deleteProtected(fx.engine, outs)).toMatch(/^qa\.s\.t left alone: it is no longer a protected copy/);
    expect(await tableNames()).toEqual(["t"]);
    expect(await deleteTable(fx.engine, plain)).toBe("dropped");
    expect(await tableNames()).toEqual([]);
  });

  it("is refused, writing nothing, when the stack adopted the table rather than created it", async () => {
    await run("CREATE TABLE qa.s.t (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'proj/qa', 'catalog_clone.source' = 'prod.s.t', 'catalog_clone.pre_clone_version' = '0')");
    const n = logLength();
    await expect(createProtected(fx.engine, inputs({ destinationFingerprint: { exists: true } }))).rejects.toThrow(/a table this stack adopted, not created; it is never dropped/);
    expect(writesSince(n)).toEqual([]);
  });
});

describe("drift", () => {
  it("re-copies when the source, the destination or the policies moved; only the functions when their bodies changed; nothing otherwise", async () => {
    const i = inputs({ sourceFingerprint: { lastAltered: "s1" }, destinationFingerprint: { exists: true, lastAltered: "d1" } });
    const olds = { ...i, createdByStack: true, createdFunctions: [], copiedSourceLastAltered: "s1", destinationLastAltered: "d1", rows: null, lastAction: "cloned", lastReason: "" };
    expect(protectedDrift(olds, i)).toEqual({ data: [], functions: false });
    expect(protectedDrift(olds, { ...i, sourceFingerprint: { lastAltered: "s2" } }).data).toEqual(["the source changed (data or policies)"]);
    expect(protectedDrift(olds, { ...i, destinationFingerprint: { exists: true, lastAltered: "d2" } }).data).toEqual(["the destination was changed out of band"]);
    expect(protectedDrift(olds, { ...i, destinationFingerprint: { exists: false } }).data).toEqual(["the destination table is gone"]);
    expect(protectedDrift(olds, { ...i, policies: { rowFilter: null, masks: [] } }).data).toEqual(["the policies changed"]);
    expect(protectedDrift(olds, { ...i, functions: [{ ...eu, body: "r = 'FR'" }] })).toEqual({ data: [], functions: true });
  });
});
