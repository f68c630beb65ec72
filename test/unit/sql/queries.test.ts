import { describe, expect, it } from "vitest";
import * as d from "../../../provider/sql/discovery";
import { compareTables, rowCount, rowCounts, tableChecksum } from "../../../provider/sql/validation";
import { significantTokens, tokenizeSql } from "../../../provider/sql/tokenizer";

const statements = (sql: string) => significantTokens(tokenizeSql(sql)).filter((t) => t.kind === "separator").length;

describe("discovery", () => {
  it("reads one information_schema view of the named catalog per query", () => {
    expect(d.listTables("pr`od")).toBe(
      "SELECT table_schema, table_name, table_type, data_source_format, last_altered, table_owner, comment " +
        "FROM `pr``od`.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name",
    );
    expect(d.listSchemas("p")).toContain("FROM `p`.information_schema.schemata WHERE schema_name <> 'information_schema'");
    expect(d.listViews("p")).toContain("FROM `p`.information_schema.views");
    expect(d.listColumns("p")).toContain("ORDER BY table_schema, table_name, ordinal_position");
    expect(d.listRoutines("p")).toContain("FROM `p`.information_schema.routines");
    expect(d.listRoutineParameters("p")).toContain("FROM `p`.information_schema.parameters");
    // Volumes ride in the table listing (no statement of their own).
    expect(d.listTablesWithPolicies("p")).toContain("UNION ALL SELECT volume_schema AS table_schema");
    expect(d.listTablesWithPolicies("p")).toContain("FROM `p`.information_schema.volumes");
    expect(d.listRowFilters("p")).toContain("FROM `p`.information_schema.row_filters");
    expect(d.listColumnMasks("p")).toContain("FROM `p`.information_schema.column_masks");
    // Tables with their policies: one statement, ROW_FILTERS and per-table COLUMN_MASKS aggregates LEFT JOINed.
    const guarded = d.listTablesWithPolicies("pr`od");
    expect(statements(guarded)).toBe(0);
    expect(guarded).toContain("FROM `pr``od`.information_schema.tables t LEFT JOIN (SELECT ");
    expect(guarded).toContain("FROM `pr``od`.information_schema.row_filters) f ON f.catalog_name = t.table_catalog AND f.schema_name = t.table_schema AND f.table_name = t.table_name");
    expect(guarded).toContain("FROM `pr``od`.information_schema.column_masks GROUP BY catalog_name, schema_name, table_name) m ON ");
    expect(d.findCatalog("P'x")).toBe(
      "SELECT catalog_name, catalog_owner, comment FROM system.information_schema.catalogs WHERE catalog_name = 'p\\'x'",
    );
  });
  it("lists tags and direct grants per level", () => {
    // catalog_tags is metastore-wide on Databricks: every level filters by catalog (and schema on request)
    expect(d.listTags("P", "catalog")).toBe("SELECT tag_name, tag_value FROM `P`.information_schema.catalog_tags WHERE catalog_name = 'p'");
    expect(d.listTags("p", "column")).toBe(
      "SELECT schema_name, table_name, column_name, tag_name, tag_value FROM `p`.information_schema.column_tags WHERE catalog_name = 'p'",
    );
    expect(d.listTags("p", "schema", { schema: "o'k" })).toBe(
      "SELECT schema_name, tag_name, tag_value FROM `p`.information_schema.schema_tags WHERE catalog_name = 'p' AND schema_name = 'o\\'k'",
    );
    expect(d.listGrants("p", "table")).toBe(
      "SELECT table_schema, table_name, grantee, privilege_type FROM `p`.information_schema.table_privileges WHERE inherited_from = 'NONE'",
    );
    expect(d.listGrants("p", "catalog")).toContain("FROM `p`.information_schema.catalog_privileges");
  });
  it("reads the latest version of several tables in one statement", () => {
    const sql = d.latestVersions([
      { catalog: "c", schema: "s", name: "a'b" },
      { catalog: "c", schema: "s", name: "x`y" },
    ]);
    expect(sql).toBe(
      "SELECT 'c' AS table_catalog, 's' AS table_schema, 'a\\'b' AS table_name, max(version) AS version, max(timestamp) AS timestamp " +
        "FROM (DESCRIBE HISTORY `c`.`s`.`a'b` LIMIT 1) UNION ALL " +
        "SELECT 'c' AS table_catalog, 's' AS table_schema, 'x`y' AS table_name, max(version) AS version, max(timestamp) AS timestamp " +
        "FROM (DESCRIBE HISTORY `c`.`s`.`x``y` LIMIT 1)",
    );
    expect(statements(sql)).toBe(0);
    expect(() => d.latestVersions([])).toThrow();
  });
  it("reads the version range of several tables in one statement", () => {
    const sql = d.versionRanges([
      { catalog: "c", schema: "s", name: "a'b" },
      { catalog: "c", schema: "s", name: "x`y" },
    ]);
    expect(sql).toBe(
      "SELECT 'c' AS table_catalog, 's' AS table_schema, 'a\\'b' AS table_name, min(version) AS earliest_version, max(version) AS latest_version " +
        "FROM (DESCRIBE HISTORY `c`.`s`.`a'b`) UNION ALL " +
        "SELECT 'c' AS table_catalog, 's' AS table_schema, 'x`y' AS table_name, min(version) AS earliest_version, max(version) AS latest_version " +
        "FROM (DESCRIBE HISTORY `c`.`s`.`x``y`)",
    );
    expect(statements(sql)).toBe(0);
    expect(() => d.versionRanges([])).toThrow();
  });
});

describe("validation", () => {
  const t = { catalog: "c", schema: "s", name: "t" };
  it("checksums a table at a version with sum and xor of row hashes", () => {
    expect(tableChecksum({ table: t, columns: ["id", "na`me", { name: "m", type: "MAP<STRING,INT>" }], asOf: { version: 4 } })).toBe(
      "SELECT count(*) AS row_count, CAST(coalesce(sum(CAST(row_hash AS DECIMAL(38,0))), 0) AS STRING) AS hash_sum, " +
        "CAST(coalesce(bit_xor(row_hash), 0) AS STRING) AS hash_xor " +
        "FROM (SELECT xxhash64(`id`, `na``me`, to_json(`m`)) AS row_hash FROM `c`.`s`.`t` VERSION AS OF 4) AS hashed",
    );
  });
  it("applies a validated WHERE and refuses injected statements", () => {
    expect(tableChecksum({ table: t, columns: ["id"], where: "id > 3" })).toContain("FROM `c`.`s`.`t` WHERE id > 3) AS hashed");
    expect(() => tableChecksum({ table: t, columns: ["id"], where: "1=1) AS x; DROP TABLE y; --" })).toThrow();
    expect(() => tableChecksum({ table: t, columns: [] })).toThrow(/at least one column/);
  });
  it("compares source and destination in one statement", () => {
    const sql = compareTables({ source: t, sourceAsOf: { version: 2 }, destination: { ...t, catalog: "d" }, columns: ["id"] });
    expect(sql).toContain("SELECT 'source' AS side, count(*)");
    expect(sql).toContain("FROM `c`.`s`.`t` VERSION AS OF 2) AS hashed UNION ALL SELECT 'destination' AS side");
    expect(sql).toContain("FROM `d`.`s`.`t`) AS hashed");
  });
  it("counts rows", () => {
    expect(rowCount(t, { version: 1 })).toBe("SELECT count(*) AS row_count FROM `c`.`s`.`t` VERSION AS OF 1");
    expect(rowCounts([{ table: t }, { table: t, asOf: { version: 0 } }])).toBe(
      "SELECT 0 AS idx, count(*) AS row_count FROM `c`.`s`.`t` UNION ALL SELECT 1 AS idx, count(*) AS row_count FROM `c`.`s`.`t` VERSION AS OF 0",
    );
  });
});
