/**
 * A realistic-looking `prod` catalog for the demo: 5 schemas, 50 Delta tables with 3-4 versions each
 * (create, two loads, sometimes an update or delete), a table of personal data (masked in qa), two views (one
 * on the other, across schemas), two SQL functions (one calling the other), a streaming table, a materialized
 * view, a managed volume holding two files (its files are copied by the clone), and a table protected by a
 * row filter and a column mask.
 * Deterministic, so every run shows the same numbers.
 */
import { quoteLiteral, quoteName } from "../../provider/sql/quote";
import { grant } from "../../provider/sql/grants";
import { setTags } from "../../provider/sql/tags";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { VolumeFiles } from "../../provider/warehouse/volumeFiles";

const SCHEMAS: Record<string, string[]> = {
  sales: ["orders", "order_lines", "customers", "invoices", "refunds", "discounts", "channels", "regions", "quotas", "orders_tmp"],
  finance: ["ledger", "accounts", "budgets", "forecasts", "fx_rates", "payments", "payouts", "tax_codes", "cost_centers", "journal_backup"],
  marketing: ["campaigns", "clicks", "impressions", "leads", "segments", "emails", "landing_pages", "ab_tests", "attribution", "spend"],
  hr: ["people", "departments", "positions", "salaries", "reviews", "hires", "exits", "locations", "benefits", "trainings"],
  ops: ["shipments", "warehouses", "inventory", "suppliers", "purchase_orders", "returns", "carriers", "sla", "incidents", "tickets"],
};

/** A small deterministic PRNG so rows and amounts are the same on every run. */
function rng(seed: number): () => number {
  let s = Math.imul(seed, 2654435761) >>> 0; // spread small seeds apart
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  next();
  return next;
}

function valuesRows(next: () => number, fromId: number, n: number, label: string): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = fromId + i;
    rows.push(`(${id}, ${quoteLiteral(`${label}-${id}`)}, ${(next() * 1000).toFixed(2)}, ${quoteLiteral(["EU", "US", "APAC"][id % 3])})`);
  }
  return rows.join(", ");
}

/** Creates `prod` (dropping any previous one in this workspace). Reports progress through `log`. */
export async function seedProd(wh: Warehouse, log: (line: string) => void, files?: VolumeFiles): Promise<{ tables: number; statements: number }> {
  let statements = 0;
  const run = async (sql: string) => {
    statements++;
    await wh.execute(sql);
  };
  await run("DROP CATALOG IF EXISTS `prod` CASCADE");
  await run("CREATE CATALOG `prod` COMMENT 'Production data (demo)'");
  let seed = 1;
  let tables = 0;
  for (const [schema, names] of Object.entries(SCHEMAS)) {
    await run(`CREATE SCHEMA ${quoteName("prod", schema)} COMMENT ${quoteLiteral(`${schema} domain`)}`);
    for (const name of names) {
      const next = rng(seed++);
      const t = quoteName("prod", schema, name);
      const size = 20 + Math.floor(next() * 180);
      await run(`CREATE TABLE ${t} (id BIGINT, label STRING, amount DOUBLE, region STRING)`); // v0
      await run(`INSERT INTO ${t} VALUES ${valuesRows(next, 1, size, name)}`); // v1
      await run(`INSERT INTO ${t} VALUES ${valuesRows(next, size + 1, Math.ceil(size / 4), name)}`); // v2
      if (tables % 3 === 0) await run(`UPDATE ${t} SET amount = amount * 1.1 WHERE region = 'EU'`); // v3
      else if (tables % 3 === 1) await run(`DELETE FROM ${t} WHERE id % 10 = 0`); // v3
      tables++;
    }
    log(`  seeded prod.${schema}: ${names.length} tables`);
  }
  // Governance the qa stack replays with its principal map (data_eng → qa_eng): a grant and a tag whose value has an apostrophe.
  const orders = { catalog: "prod", schema: "sales", name: "orders" };
  await run(grant(["SELECT", "MODIFY"], { kind: "TABLE", ...orders }, "data_eng"));
  await run(setTags({ kind: "TABLE", ...orders }, { steward: "O'Brien's team" }));
  // An owner (qa maps it) and a CHECK constraint (a Delta table property, so the clone carries it).
  await run(`ALTER TABLE ${quoteName("prod", "sales", "orders")} OWNER TO \`data_eng\``);
  await run(`ALTER TABLE ${quoteName("prod", "sales", "orders")} ADD CONSTRAINT positive_id CHECK (id > 0)`);
  log(`  plus a grant to data_eng, owner data_eng, CHECK (id > 0) and the tag steward = 'O\'Brien\'s team' on prod.sales.orders`);
  await run(`CREATE VIEW ${quoteName("prod", "sales", "big_orders")} AS SELECT * FROM ${quoteName("prod", "sales", "orders")} WHERE amount > 500`);
  // A function calling a function, and a view on a view of another schema that calls it.
  await run(`CREATE FUNCTION ${quoteName("prod", "finance", "tax")}(x DOUBLE) RETURNS DOUBLE RETURN x * 0.2`);
  await run(`CREATE FUNCTION ${quoteName("prod", "finance", "net")}(x DOUBLE) RETURNS DOUBLE RETURN x - ${quoteName("prod", "finance", "tax")}(x)`);
  await run(
    `CREATE VIEW ${quoteName("prod", "marketing", "big_order_net")} AS SELECT id, region, ${quoteName("prod", "finance", "net")}(amount) AS net ` +
      `FROM ${quoteName("prod", "sales", "big_orders")}`,
  );
  await run(`CREATE STREAMING TABLE ${quoteName("prod", "ops", "shipment_events")} AS SELECT * FROM ${quoteName("prod", "ops", "shipments")}`);
  await run(
    `CREATE MATERIALIZED VIEW ${quoteName("prod", "finance", "ledger_by_region")} AS SELECT region, sum(amount) AS total FROM ${quoteName("prod", "finance", "ledger")} GROUP BY region`,
  );
  log(`  plus prod.sales.big_orders and prod.marketing.big_order_net (VIEWs), prod.finance.tax and prod.finance.net (FUNCTIONs), prod.ops.shipment_events (STREAMING_TABLE), prod.finance.ledger_by_region (MATERIALIZED_VIEW)`);
  if (files) {
    await run(`CREATE VOLUME ${quoteName("prod", "ops", "landing")} COMMENT 'carrier manifests as delivered'`);
    await files.write("/Volumes/prod/ops/landing/README.txt", new TextEncoder().encode("Raw carrier manifests, one CSV per month.\n"));
    await files.write("/Volumes/prod/ops/landing/manifests/2026-01.csv", new TextEncoder().encode("shipment_id,carrier\n1,DHL\n2,UPS\n"));
    log(`  plus prod.ops.landing (managed VOLUME, 2 files)`);
  }
  // PII: qa masks it (Pulumi.qa.yaml `masking`), dev_sandbox leaves it out (a SHALLOW clone cannot mask).
  const pii = quoteName("prod", "hr", "employee_pii");
  await run(`CREATE TABLE ${pii} (id BIGINT, email STRING, full_name STRING, ssn STRING, region STRING)`);
  await run(
    `INSERT INTO ${pii} VALUES (1, 'ada.lovelace@example.com', 'Ada Lovelace', '123-45-6789', 'EU'), ` +
      "(2, 'grace.hopper@example.com', 'Grace Hopper', '987-65-4321', 'US'), (3, 'bo@example.com', 'Bo', '555-12-3456', 'APAC')",
  );
  tables++;
  log(`  plus prod.hr.employee_pii (email, full_name, ssn: masked in qa)`);
  // A protected table: a row filter and a column mask, through SQL functions. qa copies it with its
  // policies (and their functions); dev_sandbox leaves it out (`_restricted$`), prod_dr too (Delta
  // Sharing carries no policies: `policyTables: skip` lists it as not shared).
  const contacts = quoteName("prod", "hr", "contacts_restricted");
  const fn = (name: string) => quoteName("prod", "hr", name);
  await run(`CREATE FUNCTION ${fn("is_hr_admin")}() RETURNS BOOLEAN RETURN current_user() = 'hr.admin@example.com'`);
  await run(`CREATE FUNCTION ${fn("eu_only")}(r STRING) RETURNS BOOLEAN RETURN ${fn("is_hr_admin")}() OR r = 'EU'`);
  await run(`CREATE FUNCTION ${fn("hide_phone")}(p STRING) RETURNS STRING RETURN CASE WHEN ${fn("is_hr_admin")}() THEN p ELSE '***' END`);
  await run(`CREATE TABLE ${contacts} (id BIGINT, phone STRING, region STRING)`);
  await run(`INSERT INTO ${contacts} VALUES (1, '+44 20 7946 0000', 'EU'), (2, '+1 212 555 0100', 'US'), (3, '+33 1 23 45 67 89', 'EU')`);
  await run(`ALTER TABLE ${contacts} SET ROW FILTER ${fn("eu_only")} ON (region)`);
  await run(`ALTER TABLE ${contacts} ALTER COLUMN phone SET MASK ${fn("hide_phone")}`);
  tables++;
  log(`  plus prod.hr.contacts_restricted (row filter hr.eu_only on region, mask hr.hide_phone on phone)`);
  return { tables, statements };
}
