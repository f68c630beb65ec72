import { describe, expect, it } from "vitest";
import { createCatalog, dropCatalog, useCatalog } from "../../../provider/sql/catalog";
import { createSchema, dropSchema } from "../../../provider/sql/schema";
import { describeDetail, describeHistory, dropTable, restoreTable, selectSample, showCreateTable } from "../../../provider/sql/table";
import { setSchemaProperties, setTableProperties, showTableProperties, unsetTableProperties } from "../../../provider/sql/properties";
import { createView, dropView } from "../../../provider/sql/view";
import { createFunction, dropFunction } from "../../../provider/sql/function";
import { createVolume, dropVolume } from "../../../provider/sql/volume";

const t = { catalog: "c`1", schema: "from", name: "ünï code" };
const T = "`c``1`.`from`.`ünï code`";

describe("catalog", () => {
  it("creates with IF NOT EXISTS by default, escaping location and comment", () => {
    expect(createCatalog({ name: "q`a" })).toBe("CREATE CATALOG IF NOT EXISTS `q``a`");
    expect(createCatalog({ name: "qa", ifNotExists: false, managedLocation: "s3://x/y", comment: "it's\n\\ok" })).toBe(
      "CREATE CATALOG `qa` MANAGED LOCATION 's3://x/y' COMMENT 'it\\'s\\n\\\\ok'",
    );
    expect(createCatalog({ name: "shared", usingShare: { provider: "p`r", share: "s" }, options: { a: "b" } })).toBe(
      "CREATE CATALOG IF NOT EXISTS `shared` USING SHARE `p``r`.`s` OPTIONS ('a' = 'b')",
    );
  });
  it("drops RESTRICT by default, CASCADE on request", () => {
    expect(dropCatalog("qa")).toBe("DROP CATALOG IF EXISTS `qa` RESTRICT");
    expect(dropCatalog("qa", { cascade: true, ifExists: false })).toBe("DROP CATALOG `qa` CASCADE");
    expect(useCatalog("a b")).toBe("USE CATALOG `a b`");
  });
});

describe("schema", () => {
  it("creates with properties and comment", () => {
    expect(createSchema({ catalog: "c", schema: "s`s", comment: "x", properties: { "uc_clone.stack": "org/p/dev" } })).toBe(
      "CREATE SCHEMA IF NOT EXISTS `c`.`s``s` COMMENT 'x' WITH DBPROPERTIES ('uc_clone.stack' = 'org/p/dev')",
    );
    expect(createSchema({ catalog: "c", schema: "s", ifNotExists: false, managedLocation: "abfss://a@b/c" })).toBe(
      "CREATE SCHEMA `c`.`s` MANAGED LOCATION 'abfss://a@b/c'",
    );
  });
  it("drops", () => {
    expect(dropSchema({ catalog: "c", schema: "s" }, { cascade: true })).toBe("DROP SCHEMA IF EXISTS `c`.`s` CASCADE");
  });
});

describe("table", () => {
  it("renders drop, restore, history, detail and show create", () => {
    expect(dropTable(t)).toBe(`DROP TABLE IF EXISTS ${T}`);
    expect(dropTable(t, { ifExists: false })).toBe(`DROP TABLE ${T}`);
    expect(restoreTable(t, { version: 3 })).toBe(`RESTORE TABLE ${T} TO VERSION AS OF 3`);
    expect(restoreTable(t, { timestamp: "2024-01-01" })).toBe(`RESTORE TABLE ${T} TO TIMESTAMP AS OF '2024-01-01 00:00:00Z'`);
    expect(describeHistory(t)).toBe(`DESCRIBE HISTORY ${T}`);
    expect(describeHistory(t, 1)).toBe(`DESCRIBE HISTORY ${T} LIMIT 1`);
    expect(describeDetail(t)).toBe(`DESCRIBE DETAIL ${T}`);
    expect(showCreateTable(t)).toBe(`SHOW CREATE TABLE ${T}`);
    expect(selectSample(t, 1, { version: 0 })).toBe(`SELECT * FROM ${T} VERSION AS OF 0 LIMIT 1`);
    expect(() => describeHistory(t, -1)).toThrow();
  });
});

describe("properties", () => {
  it("sets and unsets TBLPROPERTIES and DBPROPERTIES", () => {
    expect(setTableProperties(t, { "k'1": "v\\1" })).toBe(`ALTER TABLE ${T} SET TBLPROPERTIES ('k\\'1' = 'v\\\\1')`);
    expect(setTableProperties(t, { k: "v" }, "VIEW")).toBe(`ALTER VIEW ${T} SET TBLPROPERTIES ('k' = 'v')`);
    expect(unsetTableProperties(t, ["a", "b'"])).toBe(`ALTER TABLE ${T} UNSET TBLPROPERTIES IF EXISTS ('a', 'b\\'')`);
    expect(unsetTableProperties(t, ["a"], { ifExists: false, kind: "VIEW" })).toBe(`ALTER VIEW ${T} UNSET TBLPROPERTIES ('a')`);
    expect(setSchemaProperties({ catalog: "c", schema: "s" }, { a: "1" })).toBe("ALTER SCHEMA `c`.`s` SET DBPROPERTIES ('a' = '1')");
    expect(showTableProperties(t)).toBe(`SHOW TBLPROPERTIES ${T}`);
    expect(() => setTableProperties(t, {})).toThrow(/At least one/);
    expect(() => unsetTableProperties(t, [])).toThrow(/At least one/);
  });
});

describe("view", () => {
  it("creates or replaces a view around a validated query", () => {
    expect(createView({ name: t, query: "SELECT * FROM `qa`.s.t -- keep\n;" })).toBe(
      `CREATE OR REPLACE VIEW ${T} AS SELECT * FROM \`qa\`.s.t -- keep\n`,
    );
    expect(
      createView({ name: t, query: "SELECT a, b FROM x", mode: "create", comment: "it's", properties: { p: "1" } }),
    ).toBe(`CREATE VIEW ${T} COMMENT 'it\\'s' TBLPROPERTIES ('p' = '1') AS SELECT a, b FROM x`);
  });
  it("refuses a query holding a second statement", () => {
    expect(() => createView({ name: t, query: "SELECT 1; DROP TABLE x" })).toThrow(/more than one statement/);
    expect(() => createView({ name: t, query: "SELECT (1" })).toThrow(/unclosed/);
  });
  it("drops", () => {
    expect(dropView(t)).toBe(`DROP VIEW IF EXISTS ${T}`);
  });
});

describe("function", () => {
  it("creates a SQL function", () => {
    expect(
      createFunction({
        name: t,
        parameters: [{ name: "ssn", type: "STRING", comment: "x'y" }, { name: "n", type: "DECIMAL(10, 2)", default: "0" }],
        returns: "STRING",
        body: "CASE WHEN is_account_group_member('admins') THEN ssn ELSE '***' END",
        deterministic: true,
        comment: "mask",
      }),
    ).toBe(
      `CREATE OR REPLACE FUNCTION ${T}(\`ssn\` STRING COMMENT 'x\\'y', \`n\` DECIMAL(10, 2) DEFAULT 0) RETURNS STRING COMMENT 'mask' DETERMINISTIC ` +
        "RETURN CASE WHEN is_account_group_member('admins') THEN ssn ELSE '***' END",
    );
    expect(createFunction({ name: t, parameters: [], returns: "ARRAY<STRUCT<a: INT, `b c`: MAP<STRING, ARRAY<INT>>>>", body: "NULL", mode: "create" })).toBe(
      `CREATE FUNCTION ${T}() RETURNS ARRAY<STRUCT<a: INT, \`b c\`: MAP<STRING, ARRAY<INT>>>> RETURN NULL`,
    );
  });
  it("refuses types and bodies that carry SQL", () => {
    expect(() => createFunction({ name: t, parameters: [{ name: "a", type: "INT) RETURNS INT RETURN 1; DROP TABLE x --" }], returns: "INT", body: "1" })).toThrow(/not a SQL data type/);
    expect(() => createFunction({ name: t, parameters: [], returns: "INT", body: "1; DROP TABLE x" })).toThrow(/more than one statement/);
  });
  it("drops", () => {
    expect(dropFunction(t, { ifExists: false })).toBe(`DROP FUNCTION ${T}`);
  });
});

describe("volume", () => {
  it("creates managed and external volumes and drops them", () => {
    expect(createVolume({ name: t, comment: "c" })).toBe(`CREATE VOLUME IF NOT EXISTS ${T} COMMENT 'c'`);
    expect(createVolume({ name: t, location: "s3://b/p", ifNotExists: false })).toBe(`CREATE EXTERNAL VOLUME ${T} LOCATION 's3://b/p'`);
    expect(dropVolume(t)).toBe(`DROP VOLUME IF EXISTS ${T}`);
  });
});
