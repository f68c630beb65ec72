/** Statements of destroy's emptiness check and schema markers (provider/sql/containerContents.ts, schema.ts). */
import { describe, expect, it } from "vitest";
import { listContainerContents } from "../../../provider/sql/containerContents";
import { describeSchemaExtended, schemaPropertiesOf, setSchemaProperties } from "../../../provider/sql/schema";

describe("container contents", () => {
  it("lists a catalog's schemas (not information_schema / default), tables, functions and volumes in one statement", () => {
    const sql = listContainerContents("Q`a");
    expect(sql).toContain("FROM system.information_schema.schemata WHERE catalog_name = 'q`a' AND schema_name NOT IN ('information_schema', 'default')");
    expect(sql).toContain("FROM `Q``a`.information_schema.tables WHERE table_schema <> 'information_schema'");
    expect(sql).toContain("FROM `Q``a`.information_schema.routines");
    expect(sql).toContain("FROM `Q``a`.information_schema.volumes");
    expect(sql).toMatch(/LIMIT 50$/);
    expect(sql.match(/UNION ALL/g)).toHaveLength(3);
  });

  it("narrows to one schema, quoted as a literal", () => {
    const sql = listContainerContents("qa", "it's");
    expect(sql).not.toContain("schemata");
    expect(sql).toContain("WHERE table_schema = 'it\\'s'");
    expect(sql).toContain("WHERE volume_schema = 'it\\'s'");
  });
});

describe("schema DBPROPERTIES", () => {
  it("SET DBPROPERTIES and DESCRIBE SCHEMA EXTENDED", () => {
    expect(setSchemaProperties({ catalog: "qa", schema: "s" }, { "catalog_clone.owner": "" })).toBe(
      "ALTER SCHEMA `qa`.`s` SET DBPROPERTIES ('catalog_clone.owner' = '')",
    );
    expect(describeSchemaExtended({ catalog: "qa", schema: "s" })).toBe("DESCRIBE SCHEMA EXTENDED `qa`.`s`");
  });

  it.each([
    ["Spark's pairs", "((catalog_clone.owner,proj/qa), (other,x))", { "catalog_clone.owner": "proj/qa", other: "x" }],
    ["a flat list", "(catalog_clone.owner,proj/qa, other,x)", { "catalog_clone.owner": "proj/qa", other: "x" }],
    ["an empty value", "(catalog_clone.owner,)", { "catalog_clone.owner": "" }],
    ["no properties", "()", {}],
  ])("reads the Properties row: %s", (_, value, expected) => {
    const rows = [
      { database_description_item: "Catalog Name", database_description_value: "qa" },
      { database_description_item: "Properties", database_description_value: value },
    ];
    expect(schemaPropertiesOf(rows)).toEqual(expected);
  });
});
