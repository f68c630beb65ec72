import { describe, expect, it } from "vitest";
import { grant, grantShareToRecipient, normalizePrivilege, revoke, revokeShareFromRecipient, showGrants } from "../../../provider/sql/grants";
import { setColumnTags, setTags, unsetColumnTags, unsetTags } from "../../../provider/sql/tags";
import { commentOn, commentOnColumnOrNull } from "../../../provider/sql/comments";
import { setOwner } from "../../../provider/sql/ownership";
import { dropColumnMask, dropRowFilter, setColumnMask, setRowFilter } from "../../../provider/sql/rowAccess";
import { securableSql } from "../../../provider/sql/securable";

const t = { catalog: "c", schema: "s", name: "t`x" };
const T = "`c`.`s`.`t``x`";

describe("securableSql", () => {
  it("renders every kind", () => {
    expect(securableSql({ kind: "CATALOG", catalog: "c" })).toBe("CATALOG `c`");
    expect(securableSql({ kind: "SCHEMA", catalog: "c", schema: "s" })).toBe("SCHEMA `c`.`s`");
    expect(securableSql({ kind: "VIEW", ...t })).toBe(`VIEW ${T}`);
    expect(securableSql({ kind: "MATERIALIZED VIEW", ...t })).toBe(`MATERIALIZED VIEW ${T}`);
    expect(securableSql({ kind: "SHARE", name: "sh" })).toBe("SHARE `sh`");
    expect(securableSql({ kind: "METASTORE" })).toBe("METASTORE");
  });
});

describe("grants", () => {
  it("quotes principals as identifiers and normalizes privileges", () => {
    expect(grant(["select", "use_schema", "SELECT"], { kind: "TABLE", ...t }, "data engineers")).toBe(
      `GRANT SELECT, USE SCHEMA ON TABLE ${T} TO \`data engineers\``,
    );
    expect(revoke(["ALL PRIVILEGES"], { kind: "CATALOG", catalog: "qa" }, "a`b@x.com")).toBe(
      "REVOKE ALL PRIVILEGES ON CATALOG `qa` FROM `a``b@x.com`",
    );
    expect(showGrants({ kind: "SCHEMA", catalog: "c", schema: "s" })).toBe("SHOW GRANTS ON SCHEMA `c`.`s`");
    expect(showGrants({ kind: "SCHEMA", catalog: "c", schema: "s" }, "u@x")).toBe("SHOW GRANTS `u@x` ON SCHEMA `c`.`s`");
    expect(grantShareToRecipient("sh", "r`1")).toBe("GRANT SELECT ON SHARE `sh` TO RECIPIENT `r``1`");
    expect(revokeShareFromRecipient("sh", "r")).toBe("REVOKE SELECT ON SHARE `sh` FROM RECIPIENT `r`");
  });
  it("refuses privileges that are not plain words", () => {
    expect(() => normalizePrivilege("SELECT ON TABLE x TO y; --")).toThrow(/Invalid privilege/);
    expect(() => grant([], { kind: "CATALOG", catalog: "c" }, "p")).toThrow(/At least one privilege/);
  });
});

describe("tags", () => {
  it("sets and unsets tags on securables and columns", () => {
    expect(setTags({ kind: "CATALOG", catalog: "qa" }, { "uc-clone:stack": "o/p/s", pii: "" })).toBe(
      "ALTER CATALOG `qa` SET TAGS ('uc-clone:stack' = 'o/p/s', 'pii' = '')",
    );
    expect(unsetTags({ kind: "TABLE", ...t }, ["a'b"])).toBe(`ALTER TABLE ${T} UNSET TAGS ('a\\'b')`);
    expect(setColumnTags(t, "e`mail", { pii: "email" })).toBe(`ALTER TABLE ${T} ALTER COLUMN \`e\`\`mail\` SET TAGS ('pii' = 'email')`);
    expect(unsetColumnTags(t, "c", ["pii"])).toBe(`ALTER TABLE ${T} ALTER COLUMN \`c\` UNSET TAGS ('pii')`);
    expect(() => setTags({ kind: "FUNCTION", ...t }, { a: "b" })).toThrow(/cannot be set/);
    expect(() => setTags({ kind: "CATALOG", catalog: "c" }, {})).toThrow(/At least one/);
  });
});

describe("comments and owners", () => {
  it("comments on securables (views as TABLE) and columns", () => {
    expect(commentOn({ kind: "TABLE", ...t }, "it's\nmulti")).toBe(`COMMENT ON TABLE ${T} IS 'it\\'s\\nmulti'`);
    expect(commentOn({ kind: "VIEW", ...t }, null)).toBe(`COMMENT ON TABLE ${T} IS NULL`);
    expect(commentOn({ kind: "CATALOG", catalog: "c" }, "x")).toBe("COMMENT ON CATALOG `c` IS 'x'");
    expect(commentOnColumnOrNull(t, "col", "c\\d")).toBe(`COMMENT ON COLUMN ${T}.\`col\` IS 'c\\\\d'`);
    expect(commentOnColumnOrNull(t, "col", null)).toBe(`COMMENT ON COLUMN ${T}.\`col\` IS NULL`);
    expect(() => commentOn({ kind: "FUNCTION", ...t }, "x")).toThrow(/does not support/);
  });
  it("sets owners", () => {
    expect(setOwner({ kind: "SCHEMA", catalog: "c", schema: "s" }, "team`x")).toBe("ALTER SCHEMA `c`.`s` OWNER TO `team``x`");
  });
});

describe("row access", () => {
  it("sets and drops row filters and masks", () => {
    const fn = { catalog: "qa", schema: "sec", name: "f" };
    expect(setRowFilter(t, fn, ["region", "a`b"])).toBe(`ALTER TABLE ${T} SET ROW FILTER \`qa\`.\`sec\`.\`f\` ON (\`region\`, \`a\`\`b\`)`);
    expect(setRowFilter(t, fn, [])).toBe(`ALTER TABLE ${T} SET ROW FILTER \`qa\`.\`sec\`.\`f\` ON ()`);
    expect(dropRowFilter(t)).toBe(`ALTER TABLE ${T} DROP ROW FILTER`);
    expect(setColumnMask(t, "ssn", fn)).toBe(`ALTER TABLE ${T} ALTER COLUMN \`ssn\` SET MASK \`qa\`.\`sec\`.\`f\``);
    expect(setColumnMask(t, "ssn", fn, ["country"])).toBe(
      `ALTER TABLE ${T} ALTER COLUMN \`ssn\` SET MASK \`qa\`.\`sec\`.\`f\` USING COLUMNS (\`country\`)`,
    );
    expect(dropColumnMask(t, "ssn")).toBe(`ALTER TABLE ${T} ALTER COLUMN \`ssn\` DROP MASK`);
  });
});
