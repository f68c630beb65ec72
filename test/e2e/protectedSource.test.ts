/**
 * A source table protected by a row filter and a column mask (functions using current_user(), one calling
 * another): Databricks refuses to CLONE it, so `up` creates the policy functions in the destination, then
 * the table WITH its row filter and mask in the creating statement, then fills it. Asserted:
 * - queried as the privileged principal (the one running the stack) and as an analyst, the destination
 *   answers exactly what the source answers to each; time travel on it is refused;
 * - the statement log: functions before the table; every statement creating the destination table carries
 *   both policies (no moment without them); the rows come after it; no CLONE of the protected table;
 * - a second `up` writes nothing; a plain clone made before its source gained a mask becomes a protected copy
 *   in one `up` (plain clone dropped first, the table not dropped by the old resource's delete); a changed mask in the source is applied by the next `up`, and so is the
 *   removal of both policies (the same resource copies it again without them);
 * - destroy drops the copy and the functions it created.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, cloneConfig } from "./catalogCloneFixture";
import { writes } from "./driftFixture";
import { reportWithRows } from "./reportRows";

let fx: CloneFixture;
const sessions: LocalWarehouse[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await fx?.cleanup();
});

const ADMIN = "admin@corp.com";
const ANALYST = "analyst@corp.com";

describe("CatalogClone of a table protected by a row filter and a column mask", () => {
  it("copies it with its policies in place from the creating statement on, answers each principal as the source does, and follows a changed mask", async () => {
    fx = new CloneFixture();
    await fx.seedProd();
    for (const s of [
      "CREATE FUNCTION prod.sales.is_admin() RETURNS BOOLEAN RETURN current_user() = 'admin@corp.com'",
      "CREATE FUNCTION prod.sales.can_see(r STRING) RETURNS BOOLEAN RETURN prod.sales.is_admin() OR r = 'EU'",
      "CREATE FUNCTION prod.sales.hide_email(e STRING) RETURNS STRING RETURN CASE WHEN prod.sales.is_admin() THEN e ELSE '***' END",
      "CREATE TABLE prod.sales.customers (id INT, email STRING, region STRING)",
      "INSERT INTO prod.sales.customers VALUES (1, 'ann@corp.com', 'EU'), (2, 'bob@corp.com', 'US'), (3, 'cy@corp.com', 'EU')",
      "ALTER TABLE prod.sales.customers SET ROW FILTER prod.sales.can_see ON (region)",
      "ALTER TABLE prod.sales.customers ALTER COLUMN email SET MASK prod.sales.hide_email",
    ]) {
      await fx.sql(s);
    }
    const as = async (user: string) => {
      const s = await LocalWarehouse.open(fx.warehouseDir, { user });
      sessions.push(s);
      return s;
    };
    const admin = await as(ADMIN);
    const analyst = await as(ANALYST);
    const read = (s: LocalWarehouse, t: string) => s.execute(`SELECT id, email, region FROM ${t} ORDER BY id`);
    const sameAnswers = async () => {
      for (const s of [admin, analyst]) expect(await read(s, "qa.sales.customers")).toEqual(await read(s, "prod.sales.customers"));
    };
    // The stack runs as the principal the policies exempt, so the copy holds every row and raw value.
    const stack = () => fx.stack("qa", cloneConfig("qa", "DEEP"), { env: { UC_LOCAL_USER: ADMIN } });

    let from = fx.statementCount();
    const up = await stack().up();
    expect(up.errors).toEqual([]);
    const log = fx.statementsSince(from);

    await sameAnswers();
    expect((await read(analyst, "qa.sales.customers")).map((r) => [r.id, r.email])).toEqual([[1, "***"], [3, "***"]]);
    expect(await read(admin, "qa.sales.customers")).toHaveLength(3);
    await expect(analyst.execute("SELECT * FROM qa.sales.customers VERSION AS OF 0")).rejects.toThrow(/ROW_LEVEL_SECURITY_FEATURE_NOT_SUPPORTED/);

    // Order: functions (callee first), then the table created WITH both policies, then its rows.
    const at = (re: RegExp) => log.findIndex((s) => re.test(s));
    const touching = log.filter((s) => /`qa`\.`sales`\.`customers`/.test(s) && !/^\s*(SELECT|DESCRIBE|SHOW)/i.test(s));
    expect(touching.map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["CREATE TABLE", "INSERT OVERWRITE"]);
    expect(touching[0]).toMatch(/`email` STRING MASK `qa`\.`sales`\.`hide_email`.*\) WITH ROW FILTER `qa`\.`sales`\.`can_see` ON \(`region`\)/i);
    const created = at(/^CREATE TABLE `qa`\.`sales`\.`customers`/);
    expect(at(/FUNCTION `qa`\.`sales`\.`is_admin`/)).toBeLessThan(at(/FUNCTION `qa`\.`sales`\.`can_see`/));
    expect(at(/FUNCTION `qa`\.`sales`\.`can_see`/)).toBeLessThan(created);
    expect(at(/FUNCTION `qa`\.`sales`\.`hide_email`/)).toBeLessThan(created);
    expect(log.filter((s) => /CLONE `prod`\.`sales`\.`customers`/.test(s))).toEqual([]);
    expect(log.filter((s) => /DROP (ROW FILTER|MASK)/.test(s))).toEqual([]);

    const report = reportWithRows<any>(up, stack());
    expect(report.tables.find((t: any) => t.name === "sales.customers")).toMatchObject({ action: "cloned" });
    expect(report.skipped.find((s: any) => s.name === "sales.customers")).toBeUndefined();

    // Second up: nothing written.
    from = fx.statementCount();
    const again = await stack().up();
    expect(again.errors).toEqual([]);
    expect(writes(fx.statementsSince(from))).toEqual([]);

    // hr.people was plain-cloned before its source gained a mask: the next up makes it a protected copy. The
    // ProtectedTable drops the plain clone and creates the table with the mask; the old Table resource, deleted
    // at the end of the same up, forgets the table instead of dropping it.
    await fx.sql("ALTER TABLE prod.hr.people ALTER COLUMN name SET MASK prod.sales.hide_email");
    from = fx.statementCount();
    const gained = await stack().up();
    expect(gained.errors).toEqual([]);
    expect(gained.steps.filter((x) => x.name === "qa/hr.people").map((x) => `${x.type.split("/").pop()} ${x.op}`).sort()).toEqual([
      "catalog-clone:ProtectedTable create",
      "catalog-clone:Table delete",
    ]);
    const people = writes(fx.statementsSince(from)).filter((s) => /`qa`\.`hr`\.`people`/.test(s));
    expect(people.map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["DROP TABLE", "CREATE TABLE", "INSERT OVERWRITE"]);
    expect(people[1]).toMatch(/`name` STRING MASK `qa`\.`sales`\.`hide_email`/i);
    const names = (s: LocalWarehouse, t: string) => s.execute(`SELECT name FROM ${t} ORDER BY name`);
    expect(await names(analyst, "qa.hr.people")).toEqual([{ name: "***" }, { name: "***" }]);
    expect(await names(admin, "qa.hr.people")).toEqual(await names(admin, "prod.hr.people"));
    await expect(analyst.execute("SELECT * FROM qa.hr.people VERSION AS OF 0")).rejects.toThrow(/FEATURE_NOT_SUPPORTED/);

    // The mask changes in the source: the next up applies it (new function first, table re-created with it).
    await fx.sql("CREATE FUNCTION prod.sales.initial_only(e STRING) RETURNS STRING RETURN CASE WHEN prod.sales.is_admin() THEN e ELSE concat(substr(e, 1, 1), '***') END");
    await fx.sql("ALTER TABLE prod.sales.customers ALTER COLUMN email SET MASK prod.sales.initial_only");
    from = fx.statementCount();
    const changed = await stack().up();
    expect(changed.errors).toEqual([]);
    const relog = writes(fx.statementsSince(from)).filter((s) => /`qa`/.test(s));
    expect(relog.findIndex((s) => /FUNCTION `qa`\.`sales`\.`initial_only`/.test(s))).toBeLessThan(relog.findIndex((s) => /TABLE `qa`\.`sales`\.`customers`/.test(s)));
    expect(relog.find((s) => /TABLE `qa`\.`sales`\.`customers`/.test(s))).toMatch(/^CREATE OR REPLACE TABLE .*MASK `qa`\.`sales`\.`initial_only`.*WITH ROW FILTER/);
    await sameAnswers();
    expect((await read(analyst, "qa.sales.customers")).map((r) => r.email)).toEqual(["a***", "c***"]);

    // The source drops both policies: the next up copies it again without them (same resource), as the source now reads.
    await fx.sql("ALTER TABLE prod.sales.customers DROP ROW FILTER");
    await fx.sql("ALTER TABLE prod.sales.customers ALTER COLUMN email DROP MASK");
    from = fx.statementCount();
    const opened = await stack().up();
    expect(opened.errors).toEqual([]);
    // The same resource updates it: no other kind creates (and no delete drops) the table.
    expect(opened.steps.filter((x) => x.name === "qa/sales.customers").map((x) => `${x.type.split("/").pop()} ${x.op}`)).toEqual(["catalog-clone:ProtectedTable update"]);
    expect(writes(fx.statementsSince(from)).find((s) => /TABLE `qa`\.`sales`\.`customers`/.test(s))).not.toMatch(/MASK|ROW FILTER/);
    await sameAnswers();
    expect(await read(analyst, "qa.sales.customers")).toHaveLength(3);

    // Destroy: the copy and the functions this stack created are gone.
    const destroyed = await stack().destroy();
    expect(destroyed.errors).toEqual([]);
    expect(await fx.catalogs()).not.toContain("qa");
  }, 240_000);
});
