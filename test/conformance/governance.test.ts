/**
 * Conformance: Unity Catalog governance on the local engine (grants, owners, tags, comments,
 * properties, CHECK constraints, row filters, column masks). Each title names the Databricks behaviour.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorClassOf, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { StatementCursor } from "../../provider/warehouse/local/frontEnd/statementCursor";
import { tokenize } from "../../provider/warehouse/local/frontEnd/lexer";
import { normalizePrivilege } from "../../provider/warehouse/local/governance/grants";
import { policySubquery } from "../../provider/warehouse/local/governance/accessPolicies";
import { showPatternMatcher } from "../../provider/warehouse/local/statements/functions";
import type { TableEntry } from "../../provider/warehouse/local/metastore/model";

let ws: TempWorkspace;
const sql = (s: string) => ws.sql(s);

async function lastAltered(schema: string, table: string): Promise<number> {
  const rows = await sql(`SELECT last_altered FROM main.information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${table}'`);
  return new Date(rows[0].last_altered as Date).getTime();
}

/** A fresh schema with one table `t(id INT, email STRING, region STRING)` holding two rows. */
async function schemaWithTable(schema: string): Promise<void> {
  await sql(`CREATE SCHEMA main.${schema}`);
  await sql(`CREATE TABLE main.${schema}.t (id INT, email STRING, region STRING)`);
  await sql(`INSERT INTO main.${schema}.t VALUES (1, 'ann@corp.com', 'EU'), (2, 'bob@corp.com', 'US')`);
}

beforeAll(async () => {
  ws = await tempWorkspace();
});

afterAll(async () => {
  await ws.cleanup();
});

describe("GRANT / REVOKE / SHOW GRANTS", () => {
  test("SHOW GRANTS ON TABLE lists Principal, ActionType, ObjectType, ObjectKey for a backticked principal", async () => {
    await schemaWithTable("g1");
    await sql("GRANT SELECT, MODIFY ON TABLE main.g1.t TO `prod-analysts`");
    const rows = await sql("SHOW GRANTS ON TABLE main.g1.t");
    expect(rows).toEqual([
      { Principal: "prod-analysts", ActionType: "MODIFY", ObjectType: "TABLE", ObjectKey: "main.g1.t" },
      { Principal: "prod-analysts", ActionType: "SELECT", ObjectType: "TABLE", ObjectKey: "main.g1.t" },
    ]);
  });

  test("SHOW GRANTS ON TABLE includes grants inherited from the schema and catalog", async () => {
    await schemaWithTable("g2");
    await sql("GRANT USE SCHEMA ON SCHEMA main.g2 TO `readers`");
    await sql("GRANT USE CATALOG ON CATALOG main TO `readers`");
    await sql("GRANT SELECT ON main.g2.t TO `readers`"); // a bare name is a TABLE securable
    const rows = await sql("SHOW GRANTS `readers` ON TABLE main.g2.t");
    expect(rows.map((r) => [r.ActionType, r.ObjectType, r.ObjectKey])).toEqual([
      ["SELECT", "TABLE", "main.g2.t"],
      ["USE SCHEMA", "SCHEMA", "main.g2"],
      ["USE CATALOG", "CATALOG", "main"],
    ]);
  });

  test("SHOW GRANTS <principal> ON filters to that principal", async () => {
    await schemaWithTable("g3");
    await sql("GRANT SELECT ON TABLE main.g3.t TO `a`");
    await sql("GRANT SELECT ON TABLE main.g3.t TO `b`");
    const rows = await sql("SHOW GRANTS `b` ON TABLE main.g3.t");
    expect(rows.map((r) => r.Principal)).toEqual(["b"]);
  });

  test("granting twice is idempotent and REVOKE of a privilege not held succeeds silently", async () => {
    await schemaWithTable("g4");
    await sql("GRANT SELECT ON TABLE main.g4.t TO `x`");
    await sql("GRANT SELECT ON TABLE main.g4.t TO `x`");
    await sql("REVOKE MODIFY ON TABLE main.g4.t FROM `x`");
    expect(await sql("SHOW GRANTS `x` ON TABLE main.g4.t")).toHaveLength(1);
    await sql("REVOKE SELECT ON TABLE main.g4.t FROM `x`");
    expect(await sql("SHOW GRANTS `x` ON TABLE main.g4.t")).toEqual([]);
  });

  test("REVOKE ALL PRIVILEGES removes every privilege of the principal; underscore spellings normalise", async () => {
    await schemaWithTable("g5");
    await sql("GRANT use_schema, CREATE_TABLE ON SCHEMA main.g5 TO `eng`");
    expect((await sql("SHOW GRANTS `eng` ON SCHEMA main.g5")).map((r) => r.ActionType)).toEqual(["CREATE TABLE", "USE SCHEMA"]);
    await sql("REVOKE ALL PRIVILEGES ON SCHEMA main.g5 FROM `eng`");
    expect(await sql("SHOW GRANTS `eng` ON SCHEMA main.g5")).toEqual([]);
  });

  test("a privilege that does not apply to the securable is refused (INVALID_PARAMETER_VALUE)", async () => {
    await schemaWithTable("g6");
    expect(await errorClassOf(sql("GRANT READ VOLUME ON TABLE main.g6.t TO `x`"))).toBe("INVALID_PARAMETER_VALUE");
    expect(await errorClassOf(sql("GRANT USE CATALOG ON SCHEMA main.g6 TO `x`"))).toBe("INVALID_PARAMETER_VALUE");
  });

  test("GRANT on a missing table fails with TABLE_OR_VIEW_NOT_FOUND, on a missing schema with SCHEMA_NOT_FOUND", async () => {
    await sql("CREATE SCHEMA main.g7");
    expect(await errorClassOf(sql("GRANT SELECT ON TABLE main.g7.nope TO `x`"))).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(await errorClassOf(sql("GRANT USE SCHEMA ON SCHEMA main.nope TO `x`"))).toBe("SCHEMA_NOT_FOUND");
  });

  test("GRANT CREATE CATALOG ON METASTORE is listed by SHOW GRANTS ON METASTORE", async () => {
    await sql("GRANT CREATE CATALOG ON METASTORE TO `platform`");
    const rows = await sql("SHOW GRANTS ON METASTORE");
    expect(rows).toContainEqual({ Principal: "platform", ActionType: "CREATE CATALOG", ObjectType: "METASTORE", ObjectKey: ws.wh.metastoreId });
  });

  test("information_schema.table_privileges shows direct grants with inherited_from = 'NONE'", async () => {
    await schemaWithTable("g8");
    await sql("GRANT SELECT ON TABLE main.g8.t TO `qa-analysts`");
    await sql("GRANT USE SCHEMA ON SCHEMA main.g8 TO `qa-analysts`");
    const rows = await sql("SELECT grantee, privilege_type, inherited_from FROM main.information_schema.table_privileges WHERE table_schema = 'g8' AND grantee = 'qa-analysts' ORDER BY inherited_from");
    expect(rows).toEqual([
      { grantee: "qa-analysts", privilege_type: "SELECT", inherited_from: "NONE" },
      { grantee: "qa-analysts", privilege_type: "USE SCHEMA", inherited_from: "SCHEMA" },
    ]);
  });
});

describe("ownership, tags, comments", () => {
  test("ALTER TABLE ... OWNER TO changes table_owner and moves last_altered", async () => {
    await schemaWithTable("o1");
    const before = await lastAltered("o1", "t");
    await sql("ALTER TABLE main.o1.t OWNER TO `data-platform`");
    const rows = await sql("SELECT table_owner FROM main.information_schema.tables WHERE table_schema = 'o1'");
    expect(rows[0].table_owner).toBe("data-platform");
    expect(await lastAltered("o1", "t")).toBeGreaterThan(before);
  });

  test("ALTER SCHEMA / CATALOG ... SET OWNER TO is shown by information_schema", async () => {
    await sql("CREATE SCHEMA main.o2");
    await sql("ALTER SCHEMA main.o2 SET OWNER TO `owners`");
    const rows = await sql("SELECT schema_owner FROM main.information_schema.schemata WHERE schema_name = 'o2'");
    expect(rows[0].schema_owner).toBe("owners");
  });

  test("SET TAGS / UNSET TAGS on catalog, schema and table land in *_tags; a key-only tag has value ''", async () => {
    await schemaWithTable("tg1");
    await sql("ALTER CATALOG main SET TAGS ('env' = 'prod')");
    await sql("ALTER SCHEMA main.tg1 SET TAGS ('domain' = 'sales')");
    await sql("ALTER TABLE main.tg1.t SET TAGS ('pii' = 'true', 'certified')");
    expect(await sql("SELECT tag_name, tag_value FROM main.information_schema.catalog_tags")).toContainEqual({ tag_name: "env", tag_value: "prod" });
    expect(await sql("SELECT tag_name, tag_value FROM main.information_schema.schema_tags WHERE schema_name = 'tg1'")).toEqual([{ tag_name: "domain", tag_value: "sales" }]);
    expect(await sql("SELECT tag_name, tag_value FROM main.information_schema.table_tags WHERE schema_name = 'tg1' ORDER BY tag_name")).toEqual([
      { tag_name: "certified", tag_value: "" },
      { tag_name: "pii", tag_value: "true" },
    ]);
    await sql("ALTER TABLE main.tg1.t UNSET TAGS ('pii', 'never-set')");
    expect(await sql("SELECT tag_name FROM main.information_schema.table_tags WHERE schema_name = 'tg1'")).toEqual([{ tag_name: "certified" }]);
  });

  test("ALTER TABLE ALTER COLUMN SET TAGS lands in column_tags; an unknown column is UNRESOLVED_COLUMN", async () => {
    await schemaWithTable("tg2");
    await sql("ALTER TABLE main.tg2.t ALTER COLUMN email SET TAGS ('pii' = 'email')");
    await sql("SET TAG ON COLUMN main.tg2.t.region classification = 'public'");
    const rows = await sql("SELECT column_name, tag_name, tag_value FROM main.information_schema.column_tags WHERE schema_name = 'tg2' ORDER BY column_name");
    expect(rows).toEqual([
      { column_name: "email", tag_name: "pii", tag_value: "email" },
      { column_name: "region", tag_name: "classification", tag_value: "public" },
    ]);
    expect(await errorClassOf(sql("ALTER TABLE main.tg2.t ALTER COLUMN nope SET TAGS ('a' = 'b')"))).toMatch(/^UNRESOLVED_COLUMN/);
  });

  test("COMMENT ON TABLE / CATALOG and ALTER COLUMN COMMENT are visible in information_schema; IS NULL clears", async () => {
    await schemaWithTable("c1");
    await sql("COMMENT ON TABLE main.c1.t IS 'Orders, one row per order'");
    await sql("ALTER TABLE main.c1.t ALTER COLUMN email COMMENT 'customer e-mail'");
    await sql("COMMENT ON SCHEMA main.c1 IS 'sales data'");
    expect((await sql("SELECT comment FROM main.information_schema.tables WHERE table_schema = 'c1'"))[0].comment).toBe("Orders, one row per order");
    expect((await sql("SELECT comment FROM main.information_schema.columns WHERE table_schema = 'c1' AND column_name = 'email'"))[0].comment).toBe("customer e-mail");
    expect((await sql("SELECT comment FROM main.information_schema.schemata WHERE schema_name = 'c1'"))[0].comment).toBe("sales data");
    await sql("COMMENT ON TABLE main.c1.t IS NULL");
    expect((await sql("SELECT comment FROM main.information_schema.tables WHERE table_schema = 'c1'"))[0].comment).toBeNull();
  });

  test("every metadata change (tag, comment, grant) moves the table's last_altered", async () => {
    await schemaWithTable("c2");
    let prev = await lastAltered("c2", "t");
    for (const stmt of ["ALTER TABLE main.c2.t SET TAGS ('k' = 'v')", "COMMENT ON TABLE main.c2.t IS 'x'", "GRANT SELECT ON TABLE main.c2.t TO `z`"]) {
      await sql(stmt);
      const now = await lastAltered("c2", "t");
      expect(now).toBeGreaterThan(prev);
      prev = now;
    }
  });
});

describe("properties and CHECK constraints", () => {
  test("SET TBLPROPERTIES is a Delta commit with operation SET TBLPROPERTIES", async () => {
    await schemaWithTable("p1");
    await sql("ALTER TABLE main.p1.t SET TBLPROPERTIES ('clone.owner' = 'stack-qa', 'delta.appendOnly' = false)");
    const h = await sql("DESCRIBE HISTORY main.p1.t LIMIT 1");
    expect(h[0].operation).toBe("SET TBLPROPERTIES");
    const created = (await sql("SHOW CREATE TABLE main.p1.t"))[0].createtab_stmt as string;
    expect(created).toContain("'clone.owner' = 'stack-qa'");
    expect(created).toContain("'delta.appendOnly' = 'false'");
  });

  test("UNSET TBLPROPERTIES of a missing key fails (UNSET_NONEXISTENT_PROPERTIES) unless IF EXISTS", async () => {
    await schemaWithTable("p2");
    await sql("ALTER TABLE main.p2.t SET TBLPROPERTIES ('a' = '1')");
    expect(await errorClassOf(sql("ALTER TABLE main.p2.t UNSET TBLPROPERTIES ('missing')"))).toBe("UNSET_NONEXISTENT_PROPERTIES");
    await sql("ALTER TABLE main.p2.t UNSET TBLPROPERTIES IF EXISTS ('missing', 'a')");
    expect((await sql("DESCRIBE HISTORY main.p2.t LIMIT 1"))[0].operation).toBe("UNSET TBLPROPERTIES");
    expect((await sql("SHOW CREATE TABLE main.p2.t"))[0].createtab_stmt).not.toContain("'a' = '1'");
  });

  test("SHOW TBLPROPERTIES lists key/value rows; a single missing key answers with an explanation", async () => {
    await schemaWithTable("p4");
    await sql("ALTER TABLE main.p4.t SET TBLPROPERTIES ('clone.stack' = 'qa', 'a' = 'b')");
    expect(await sql("SHOW TBLPROPERTIES main.p4.t")).toEqual([
      { key: "a", value: "b" },
      { key: "clone.stack", value: "qa" },
    ]);
    expect(await sql("SHOW TBLPROPERTIES main.p4.t ('clone.stack')")).toEqual([{ key: "clone.stack", value: "qa" }]);
    expect((await sql("SHOW TBLPROPERTIES main.p4.t ('nope')"))[0].value).toMatch(/does not have property: nope/);
  });

  test("ALTER VIEW SET TBLPROPERTIES keeps view properties (ownership markers); ALTER TABLE on a view is refused", async () => {
    await schemaWithTable("p5");
    await sql("CREATE VIEW main.p5.v AS SELECT id FROM main.p5.t");
    await sql("ALTER VIEW main.p5.v SET TBLPROPERTIES ('clone.stack' = 'qa')");
    expect(await sql("SHOW TBLPROPERTIES main.p5.v")).toEqual([{ key: "clone.stack", value: "qa" }]);
    expect((await sql("SHOW CREATE TABLE main.p5.v"))[0].createtab_stmt).toContain("TBLPROPERTIES (\n  'clone.stack' = 'qa')\nAS SELECT");
    expect(await errorClassOf(sql("ALTER TABLE main.p5.v SET TBLPROPERTIES ('x' = 'y')"))).toMatch(/^EXPECT_TABLE_NOT_VIEW/);
    await sql("ALTER VIEW main.p5.v UNSET TBLPROPERTIES IF EXISTS ('clone.stack')");
    expect(await sql("SHOW TBLPROPERTIES main.p5.v")).toEqual([]);
  });

  test("ALTER SCHEMA SET DBPROPERTIES stores schema properties", async () => {
    await sql("CREATE SCHEMA main.p3");
    await sql("ALTER SCHEMA main.p3 SET DBPROPERTIES ('managed-by' = 'pulumi')");
    expect(ws.wh.context.readMeta().schemas["main.p3"].properties).toEqual({ "managed-by": "pulumi" });
  });

  test("ADD CONSTRAINT CHECK validates existing rows (DELTA_NEW_CHECK_CONSTRAINT_VIOLATION)", async () => {
    await schemaWithTable("k1");
    expect(await errorClassOf(sql("ALTER TABLE main.k1.t ADD CONSTRAINT big_ids CHECK (id > 1)"))).toBe("DELTA_NEW_CHECK_CONSTRAINT_VIOLATION");
    await sql("ALTER TABLE main.k1.t ADD CONSTRAINT positive_ids CHECK (id > 0)");
    expect((await sql("DESCRIBE HISTORY main.k1.t LIMIT 1"))[0].operation).toBe("ADD CONSTRAINT");
    expect((await sql("SHOW CREATE TABLE main.k1.t"))[0].createtab_stmt).toContain("'delta.constraints.positive_ids' = 'id > 0'");
    expect(await sql("SELECT constraint_name, check_clause FROM main.information_schema.check_constraints WHERE table_schema = 'k1'")).toEqual([
      { constraint_name: "positive_ids", check_clause: "id > 0" },
    ]);
  });

  test("CHECK constraints are enforced on later writes (INSERT and UPDATE fail with DELTA_VIOLATE_CONSTRAINT_WITH_VALUES)", async () => {
    await schemaWithTable("k3");
    await sql("ALTER TABLE main.k3.t ADD CONSTRAINT known_region CHECK (region IN ('EU', 'US'))");
    expect(await errorClassOf(sql("INSERT INTO main.k3.t VALUES (3, 'c@corp.com', 'APAC')"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(await errorClassOf(sql("UPDATE main.k3.t SET region = 'XX' WHERE id = 1"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    await sql("INSERT INTO main.k3.t VALUES (3, 'c@corp.com', 'US')");
    expect(await sql("SELECT count(*) AS n FROM main.k3.t")).toEqual([{ n: 3 }]);
    await sql("ALTER TABLE main.k3.t DROP CONSTRAINT known_region");
    await sql("INSERT INTO main.k3.t VALUES (4, 'd@corp.com', 'APAC')");
  });

  test("an inline CONSTRAINT ... CHECK of CREATE TABLE is enforced and kept as delta.constraints.* (so a DEEP CLONE enforces it too)", async () => {
    await sql("CREATE SCHEMA main.k4");
    await sql("CREATE TABLE main.k4.t (id INT, CONSTRAINT id_pos CHECK (id > 0))");
    expect(await errorClassOf(sql("INSERT INTO main.k4.t VALUES (0)"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(await sql("SHOW TBLPROPERTIES main.k4.t ('delta.constraints.id_pos')")).toEqual([{ key: "delta.constraints.id_pos", value: "id > 0" }]);
    await sql("CREATE TABLE main.k4.c DEEP CLONE main.k4.t");
    expect(await errorClassOf(sql("INSERT INTO main.k4.c VALUES (-5)"))).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
  });

  test("ADD CONSTRAINT with an existing name is DELTA_CONSTRAINT_ALREADY_EXISTS; DROP of a missing one is DELTA_CONSTRAINT_DOES_NOT_EXIST", async () => {
    await schemaWithTable("k2");
    await sql("ALTER TABLE main.k2.t ADD CONSTRAINT c CHECK (id > 0)");
    expect(await errorClassOf(sql("ALTER TABLE main.k2.t ADD CONSTRAINT c CHECK (id > -1)"))).toBe("DELTA_CONSTRAINT_ALREADY_EXISTS");
    await sql("ALTER TABLE main.k2.t DROP CONSTRAINT c");
    expect(await errorClassOf(sql("ALTER TABLE main.k2.t DROP CONSTRAINT c"))).toBe("DELTA_CONSTRAINT_DOES_NOT_EXIST");
    await sql("ALTER TABLE main.k2.t DROP CONSTRAINT IF EXISTS c");
    expect((await sql("SHOW CREATE TABLE main.k2.t"))[0].createtab_stmt).not.toContain("delta.constraints.c");
  });
});

describe("row filters and column masks", () => {
  test("SET ROW FILTER hides rows from every read; DROP ROW FILTER shows them again", async () => {
    await schemaWithTable("rf1");
    await sql("CREATE FUNCTION main.rf1.eu_only(r STRING) RETURNS BOOLEAN RETURN r = 'EU'");
    await sql("ALTER TABLE main.rf1.t SET ROW FILTER main.rf1.eu_only ON (region)");
    expect(await sql("SELECT id FROM main.rf1.t ORDER BY id")).toEqual([{ id: 1 }]);
    expect(await sql("SELECT filter_name, filter_col_usage FROM main.information_schema.row_filters WHERE schema_name = 'rf1'")).toEqual([
      { filter_name: "eu_only", filter_col_usage: "region" },
    ]);
    await sql("ALTER TABLE main.rf1.t DROP ROW FILTER");
    expect(await sql("SELECT id FROM main.rf1.t ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  });

  test("SET MASK ... USING COLUMNS masks the column on read, passing the extra columns to the function", async () => {
    await schemaWithTable("cm1");
    await sql("CREATE FUNCTION main.cm1.mask_email(e STRING, r STRING) RETURNS STRING RETURN CASE WHEN r = 'EU' THEN '***' ELSE e END");
    await sql("ALTER TABLE main.cm1.t ALTER COLUMN email SET MASK main.cm1.mask_email USING COLUMNS (region)");
    expect(await sql("SELECT id, email FROM main.cm1.t ORDER BY id")).toEqual([
      { id: 1, email: "***" },
      { id: 2, email: "bob@corp.com" },
    ]);
    expect(await sql("SELECT column_name, mask_name, mask_col_usage FROM main.information_schema.column_masks WHERE schema_name = 'cm1'")).toEqual([
      { column_name: "email", mask_name: "mask_email", mask_col_usage: "region" },
    ]);
    await sql("ALTER TABLE main.cm1.t ALTER COLUMN email DROP MASK");
    expect((await sql("SELECT email FROM main.cm1.t WHERE id = 1"))[0].email).toBe("ann@corp.com");
  });

  test("a row filter naming a missing function fails with ROUTINE_NOT_FOUND", async () => {
    await schemaWithTable("rf2");
    expect(await errorClassOf(sql("ALTER TABLE main.rf2.t SET ROW FILTER main.rf2.nope ON (region)"))).toBe("ROUTINE_NOT_FOUND");
  });
});

describe("pure pieces", () => {
  test("privileges normalise to the SQL spelling SHOW GRANTS prints", () => {
    expect(normalizePrivilege("use_catalog")).toBe("USE CATALOG");
    expect(normalizePrivilege("ALL")).toBe("ALL PRIVILEGES");
    expect(normalizePrivilege("Select")).toBe("SELECT");
  });

  test("reads of a protected table become SELECT masks FROM raw WHERE filter", () => {
    const table = {
      rowFilter: { function: "main.sec.eu", inputColumns: ["region"] },
      columnMasks: [{ column: "email", function: "main.sec.mask", usingColumns: ["region"] }],
    } as unknown as TableEntry;
    expect(policySubquery(table, ["id", "email", "region"], "raw")).toBe(
      "SELECT `id`, `main`.`sec`.`mask`(`email`, `region`) AS `email`, `region` FROM raw WHERE coalesce(`main`.`sec`.`eu`(`region`), false)",
    );
    expect(policySubquery({ rowFilter: null, columnMasks: [] } as unknown as TableEntry, ["id"], "raw")).toBeNull();
  });

  test("SHOW ... LIKE patterns: '*' wildcard, '|' alternatives, case-insensitive", () => {
    const m = showPatternMatcher("mask*|Other");
    expect(["mask_a", "MASKED", "other", "others", "x"].filter(m)).toEqual(["mask_a", "MASKED", "other"]);
  });

  test("the statement cursor reads Spark property lists and adjacent string literals", () => {
    const text = "('a.b' = 'x' 'y', delta.appendOnly = true, n = 5)";
    const cur = new StatementCursor(tokenize(text), text);
    expect(cur.propertyList()).toEqual({ "a.b": "xy", "delta.appendOnly": "true", n: "5" });
    cur.expectEnd();
  });
});
