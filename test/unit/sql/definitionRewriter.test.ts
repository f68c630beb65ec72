/** Rewriting decisions for view and function text (provider/sql/definitionRewriter.ts). */
import { describe, expect, it } from "vitest";
import { rewriteDefinition, type DefinitionReference } from "../../../provider/sql/definitionRewriter";

const objects = new Set(["relation:sales.orders", "relation:sales.v_orders", "relation:ref.countries", "function:util.net", "function:sales.fmt"]);
const ctx = (keep: (r: DefinitionReference) => boolean = () => false) => ({
  home: { catalog: "prod", schema: "sales" },
  holds: (r: DefinitionReference) => objects.has(`${r.kind}:${r.schema}.${r.name}`),
  catalogFor: (r: DefinitionReference) => (keep(r) ? "prod" : "qa"),
});

describe("rewriteDefinition", () => {
  it("points three-part references to the source catalog, quoted or not, at the destination", () => {
    const r = rewriteDefinition("SELECT o.id FROM prod.sales.orders o JOIN `prod`.ref.countries c ON o.c = c.code", ctx());
    expect(r.sql).toBe("SELECT o.id FROM `qa`.sales.orders o JOIN `qa`.ref.countries c ON o.c = c.code");
    expect(r.references).toEqual([
      { schema: "sales", name: "orders", kind: "relation" },
      { schema: "ref", name: "countries", kind: "relation" },
    ]);
  });

  it("leaves literals, comments, other catalogs, prefix-sharing catalogs and column qualifiers alone", () => {
    const sql = "SELECT 'prod.sales.orders' AS s, prod_2.sales.orders.id /* prod.sales.orders */ FROM prod_2.sales.orders -- prod.x.y\n";
    expect(rewriteDefinition(sql, ctx())).toEqual({ sql, references: [] });
    const aliasQualifier = "SELECT prod.id FROM other.s.t prod";
    expect(rewriteDefinition(aliasQualifier, ctx()).sql).toBe(aliasQualifier);
  });

  it("qualifies one- and two-part names of objects the source holds, in relation and call positions only", () => {
    const r = rewriteDefinition("SELECT util.net(amount), fmt(id), o.amount FROM orders o JOIN ref.countries c ON o.c = c.code, v_orders", ctx());
    expect(r.sql).toBe("SELECT `qa`.util.net(amount), `qa`.`sales`.fmt(id), o.amount FROM `qa`.`sales`.orders o JOIN `qa`.ref.countries c ON o.c = c.code, `qa`.`sales`.v_orders");
    expect(r.references.map((x) => `${x.kind}:${x.schema}.${x.name}`)).toEqual([
      "function:util.net", "function:sales.fmt", "relation:sales.orders", "relation:ref.countries", "relation:sales.v_orders",
    ]);
  });

  it("never qualifies CTE names, unknown names or built-in calls", () => {
    const sql = "WITH orders AS (SELECT 1 AS id) SELECT upper(x), s.t FROM orders, unknown_t";
    expect(rewriteDefinition(sql, ctx())).toEqual({ sql, references: [] });
  });

  it("keeps a reference on the source catalog when told to (the destination reads prod through it)", () => {
    const r = rewriteDefinition("SELECT * FROM prod.sales.orders JOIN ref.countries", ctx((x) => x.schema === "sales"));
    expect(r.sql).toBe("SELECT * FROM prod.sales.orders JOIN `qa`.ref.countries");
    const kept = rewriteDefinition("SELECT * FROM orders", ctx(() => true));
    expect(kept.sql).toBe("SELECT * FROM `prod`.`sales`.orders");
  });

  it("a four-part name reads the relation of its first three parts", () => {
    expect(rewriteDefinition("SELECT prod.sales.orders.id FROM prod.sales.orders", ctx()).sql).toBe("SELECT `qa`.sales.orders.id FROM `qa`.sales.orders");
  });
});
