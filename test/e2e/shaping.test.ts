/**
 * Subsets, shape and masking end to end (one `up` through the real program and provider plugin):
 * a PII table with email / name / ssn masked (exact key + pattern), a `where` subset, a tblProperties
 * override, validation with row counts and checksums of the unmasked columns. Every version of the
 * masked destinations' history is read: none holds a raw value (a re-write after drift keeps every version
 * masked: test/unit/resources/shapedTable.test.ts). A table only a pattern names is masked too. A second
 * `up` issues no write. Then a schemaOnly stack: empty tables with the source's columns and partitioning,
 * counted in the report.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openVolumeFiles } from "pulumi-uc-clone-local-warehouse";
import { CloneFixture, cloneConfig, writes } from "./driftFixture";
import { reportWithRows } from "./reportRows";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const RAW = ["ann@example.com", "bob@corp.org", "Annabelle", "Bo", "123-45-6789", "987-65-4321", "lee@lead.io"];

/** Asserts that no version of `table` holds a raw PII value; returns how many versions were read. */
async function noRawInAnyVersion(table: string): Promise<number> {
  const versions = (await fx.sql(`DESCRIBE HISTORY ${table}`)).map((h) => Number(h.version));
  for (const v of versions) {
    const text = JSON.stringify(await fx.sql(`SELECT * FROM ${table} VERSION AS OF ${v}`));
    for (const raw of RAW) expect(text, `${table} v${v}`).not.toContain(`"${raw}"`);
  }
  return versions.length;
}

describe("shaping: subsets, masking, tblProperties, schemaOnly", () => {
  it("masks in one statement (no raw version ever), subsets by where, sets properties; second up writes nothing; schemaOnly copies structure only", async () => {
    fx = new CloneFixture();
    for (const s of [
      "CREATE CATALOG prod",
      "CREATE SCHEMA prod.crm",
      "CREATE SCHEMA prod.sales",
      "CREATE TABLE prod.crm.customers (id INT, email STRING, name STRING, ssn STRING, region STRING) PARTITIONED BY (region)",
      "INSERT INTO prod.crm.customers VALUES (1, 'ann@example.com', 'Annabelle', '123-45-6789', 'eu'), (2, 'bob@corp.org', 'Bo', '987-65-4321', 'us')",
      "CREATE TABLE prod.crm.leads (id INT, email STRING)",
      "INSERT INTO prod.crm.leads VALUES (7, 'lee@lead.io')",
      "CREATE TABLE prod.sales.orders (id INT, amount DOUBLE, region STRING)",
      "INSERT INTO prod.sales.orders VALUES (1, 10.0, 'eu'), (2, 20.0, 'us'), (3, 30.0, 'eu')",
    ]) {
      await fx.sql(s);
    }
    const config = cloneConfig("qa", "DEEP", {
      "catalog-clone:validate": { rowCounts: true, checksums: true },
      "catalog-clone:masking": { "crm.customers": { name: "partial", ssn: { strategy: "partial", keepLast: 4 } }, "crm.*": { email: "email" } },
      "catalog-clone:tableOverrides": { "sales.orders": { where: "region = 'eu'", tblProperties: { team: "sales-qa" } } },
      "catalog-clone:tblProperties": { "it's.owner": "qa'team" },
    });
    const qa = fx.stack("qa", config);
    const up = await qa.up();
    expect(up.errors).toEqual([]);

    expect(await fx.rows("qa.crm.customers")).toEqual([
      { id: 1, email: "***@example.com", name: "*****elle", ssn: "*******6789", region: "eu" },
      { id: 2, email: "***@corp.org", name: "**", ssn: "*******4321", region: "us" },
    ]);
    expect(await noRawInAnyVersion("qa.crm.customers")).toBe(1);
    expect(await fx.ids("qa.sales.orders")).toEqual([1, 3]);
    const detail = async (t: string) => (await fx.sql(`DESCRIBE DETAIL ${t}`))[0];
    expect((await detail("qa.crm.customers")).partitionColumns).toEqual(["region"]);
    expect((await detail("qa.sales.orders")).properties).toMatchObject({ team: "sales-qa", "it's.owner": "qa'team", "catalog_clone.owner": expect.stringContaining("/qa") });
    expect((await detail("qa.crm.customers")).properties).toMatchObject({ "it's.owner": "qa'team" });
    const report = reportWithRows<any>(up, qa);
    const byName = (n: string) => report.tables.find((t: any) => t.name === n);
    expect(byName("crm.leads")).toMatchObject({ action: "cloned", rowsMatched: true });
    expect(byName("crm.customers")).toMatchObject({ action: "cloned", rowsMatched: true });
    expect(byName("sales.orders")).toMatchObject({ action: "cloned", rowsMatched: true });
    expect(report.shaping).toMatchObject({
      subsets: [{ name: "sales.orders", where: "region = 'eu'" }],
      masked: [
        { name: "crm.customers", columns: { name: "partial", ssn: "partial", email: "email" } },
        { name: "crm.leads", columns: { email: "email" } },
      ],
      schemaOnly: [],
    });

    // A second up: nothing to do, no write.
    let from = fx.statementCount();
    const again = await fx.stack("qa", config).up();
    expect(again.errors).toEqual([]);
    expect(again.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(writes(fx.statementsSince(from))).toEqual([]);

    expect(await fx.rows("qa.crm.leads")).toEqual([{ id: 7, email: "***@lead.io" }]);
    expect(await noRawInAnyVersion("qa.crm.leads")).toBe(1);

    // A schemaOnly preview stack: structure only, counted in the report (its drift on columns only: shapedTable.test.ts).
    // A managed volume's files are production data too: the volume is created empty.
    await fx.sql("CREATE VOLUME prod.crm.drops");
    await openVolumeFiles(fx.warehouseDir).put("/Volumes/prod/crm/drops/leads.csv", "id,email\n7,lee@lead.io\n");
    const preview = cloneConfig("pr_1", "DEEP", { "catalog-clone:schemaOnly": true, "catalog-clone:validate": { rowCounts: true } });
    const pr = await fx.stack("preview", preview).up();
    expect(pr.errors).toEqual([]);
    for (const t of ["crm.customers", "crm.leads", "sales.orders"]) expect(await fx.rows(`pr_1.${t}`)).toEqual([]);
    expect((await detail("pr_1.crm.customers")).partitionColumns).toEqual(["region"]);
    const cols = async (c: string) => (await fx.sql(`SELECT column_name, full_data_type FROM ${c}.information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position`));
    expect(await cols("pr_1")).toEqual(await cols("prod"));
    expect((pr.outputs.report as any).shaping.schemaOnly).toEqual(["crm.customers", "crm.leads", "sales.orders"]);
    expect(await fx.sql("SHOW VOLUMES IN pr_1.crm")).toHaveLength(1);
    expect(await openVolumeFiles(fx.warehouseDir).list("/Volumes/pr_1/crm/drops")).toEqual([]);
    expect((pr.outputs.report as any).volumes).toMatchObject({ registered: 1, filesCopied: 0 });
  }, 240_000);
});
