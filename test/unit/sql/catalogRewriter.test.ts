import { describe, expect, it } from "vitest";
import { referencedObjects, rewriteCatalogReferences, rewriteCatalogs } from "../../../provider/sql/catalogRewriter";

const rw = (sql: string) => rewriteCatalogReferences(sql, "prod", "qa");

describe("rewriteCatalogReferences", () => {
  it("rewrites unquoted and quoted three-part names, case-insensitively", () => {
    expect(rw("SELECT * FROM prod.sales.orders")).toBe("SELECT * FROM `qa`.sales.orders");
    expect(rw("SELECT * FROM `prod`.`s`.`t`")).toBe("SELECT * FROM `qa`.`s`.`t`");
    expect(rw("SELECT * FROM PROD.s.t JOIN `Prod`.s.u ON true")).toBe("SELECT * FROM `qa`.s.t JOIN `qa`.s.u ON true");
  });

  it("leaves names in strings and comments untouched", () => {
    const sql = "SELECT 'prod.s.t' AS a, \"prod.s.t\" -- prod.s.t\n/* prod.s.t */ FROM prod.s.t";
    expect(rw(sql)).toBe("SELECT 'prod.s.t' AS a, \"prod.s.t\" -- prod.s.t\n/* prod.s.t */ FROM `qa`.s.t");
  });

  it("does not rewrite partial matches or names where the catalog is not the first part", () => {
    expect(rw("SELECT * FROM prod_x.s.t, x.prod.s.t, `prod.s.t`, s.prod")).toBe(
      "SELECT * FROM prod_x.s.t, x.prod.s.t, `prod.s.t`, s.prod",
    );
  });

  it("does not rewrite two-part names (schema.table or alias.column)", () => {
    expect(rw("SELECT prod.id FROM prod.t")).toBe("SELECT prod.id FROM prod.t");
  });

  it("handles whitespace between name parts and four-part column references", () => {
    expect(rw("SELECT prod . s . t . c FROM prod .s. t")).toBe("SELECT `qa` . s . t . c FROM `qa` .s. t");
  });

  it("rewrites function calls, including in row-filter and mask bodies", () => {
    expect(rw("CASE WHEN prod.sec.is_admin() THEN ssn ELSE prod.sec.mask(ssn) END")).toBe(
      "CASE WHEN `qa`.sec.is_admin() THEN ssn ELSE `qa`.sec.mask(ssn) END",
    );
  });

  it("keeps struct paths through a table alias named like the catalog", () => {
    const sql = "SELECT prod.addr.city, prod.id FROM prod.s.customers AS prod WHERE prod.addr.zip = '1'";
    expect(rw(sql)).toBe("SELECT prod.addr.city, prod.id FROM `qa`.s.customers AS prod WHERE prod.addr.zip = '1'");
    const implicit = "SELECT prod.addr.city FROM prod.s.customers prod JOIN prod.s.orders o ON o.id = prod.id";
    expect(rw(implicit)).toBe("SELECT prod.addr.city FROM `qa`.s.customers prod JOIN `qa`.s.orders o ON o.id = prod.id");
  });

  it("sees an alias written without AS after a time-travel clause", () => {
    const sql = "SELECT prod.addr.city FROM prod.s.customers VERSION AS OF 3 prod JOIN prod.s.o TIMESTAMP AS OF '2026-01-01' o ON true";
    expect(rw(sql)).toBe("SELECT prod.addr.city FROM `qa`.s.customers VERSION AS OF 3 prod JOIN `qa`.s.o TIMESTAMP AS OF '2026-01-01' o ON true");
  });

  it("keeps CTE names like the catalog and rewrites from-list items after commas", () => {
    const sql = "WITH prod AS (SELECT * FROM prod.s.a) SELECT prod.x.y FROM prod, prod.s.b";
    expect(rw(sql)).toBe("WITH prod AS (SELECT * FROM `qa`.s.a) SELECT prod.x.y FROM prod, `qa`.s.b");
  });

  it("rewrites references whose schema or table name starts with a digit", () => {
    expect(rw("SELECT * FROM prod.2024_sales.t JOIN prod.s.1a ON true")).toBe("SELECT * FROM `qa`.2024_sales.t JOIN `qa`.s.1a ON true");
  });

  it("rewrites from-list items after a join condition when the catalog name is also an alias", () => {
    expect(rw("SELECT * FROM a JOIN b ON a.k = b.k, prod.s.t AS prod")).toBe("SELECT * FROM a JOIN b ON a.k = b.k, `qa`.s.t AS prod");
    expect(rw("SELECT * FROM a JOIN b USING (k, j), prod.s.t prod")).toBe("SELECT * FROM a JOIN b USING (k, j), `qa`.s.t prod");
  });

  it("quotes a destination that needs quoting", () => {
    expect(rewriteCatalogReferences("SELECT * FROM prod.s.t", "prod", "qa`1 é")).toBe("SELECT * FROM `qa``1 é`.s.t");
  });

  it("handles a source catalog given with different case and backticks inside names", () => {
    expect(rewriteCatalogReferences("SELECT * FROM `we``ird`.s.t", "WE`IRD", "x")).toBe("SELECT * FROM `x`.s.t");
  });

  it("maps several catalogs at once and ignores time travel suffixes", () => {
    expect(rewriteCatalogs("SELECT * FROM a.s.t VERSION AS OF 3 UNION ALL SELECT * FROM b.s.t@v2", { a: "a2", B: "b2" })).toBe(
      "SELECT * FROM `a2`.s.t VERSION AS OF 3 UNION ALL SELECT * FROM `b2`.s.t@v2",
    );
  });

  it("returns the text unchanged when nothing matches", () => {
    const sql = "SELECT 1 -- prod.s.t";
    expect(rw(sql)).toBe(sql);
  });
});

describe("referencedObjects", () => {
  it("lists distinct three-part names, lower-cased", () => {
    expect(
      referencedObjects("SELECT * FROM Prod.S.T JOIN `prod`.`s`.`t` ON 1=1 JOIN other.x.`Y z` WHERE 'a.b.c' <> prod.s.f(1)"),
    ).toEqual([["prod", "s", "t"], ["other", "x", "y z"], ["prod", "s", "f"]]);
  });
});
