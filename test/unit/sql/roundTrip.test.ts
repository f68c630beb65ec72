/**
 * Builders round-tripped through the embedded engine: the SQL they emit for awkward names and values
 * must run, and the catalog must then hold exactly what was asked (names, comments, properties, tags,
 * grants, versions, rewritten view text).
 */
import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";
import { createCatalog, dropCatalog } from "../../../provider/sql/catalog";
import { createSchema, dropSchema } from "../../../provider/sql/schema";
import { cloneTable } from "../../../provider/sql/clone";
import { describeDetail, describeHistory, dropTable, restoreTable } from "../../../provider/sql/table";
import { setTableProperties, unsetTableProperties } from "../../../provider/sql/properties";
import { commentOn, commentOnColumnOrNull } from "../../../provider/sql/comments";
import { setTags, unsetTags } from "../../../provider/sql/tags";
import { grant, revoke, showGrants } from "../../../provider/sql/grants";
import { createView } from "../../../provider/sql/view";
import { createFunction } from "../../../provider/sql/function";
import { listColumns, listGrants, listSchemas, listTables, listTags, listViews, latestVersions, findCatalog } from "../../../provider/sql/discovery";
import { rewriteCatalogReferences } from "../../../provider/sql/catalogRewriter";
import { compareTables, rowCounts, tableChecksum } from "../../../provider/sql/validation";
import { quoteLiteral, quoteName } from "../../../provider/sql/quote";
import type { Warehouse } from "../../../provider/warehouse/warehouse";

let dir: string;
let w: Warehouse;

// Names chosen to break naive quoting: backticks, a reserved word, spaces and unicode.
const SRC = "pr`od";
const DST = "qa ünï";
const SCHEMA = "select";
const TABLE = "order`s é";
const src = { catalog: SRC, schema: SCHEMA, name: TABLE };
const dst = { catalog: DST, schema: SCHEMA, name: TABLE };
const TRICKY = "it's \\ \"q\"\nline";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "uc-sql-roundtrip-"));
  w = await openLocalDriver(dir);
  await w.execute(createCatalog({ name: SRC, comment: TRICKY }));
  await w.execute(createCatalog({ name: DST }));
  await w.execute(createSchema({ catalog: SRC, schema: SCHEMA, properties: { "owner.marker": TRICKY } }));
  await w.execute(createSchema({ catalog: DST, schema: SCHEMA }));
  await w.execute(`CREATE TABLE ${quoteName(SRC, SCHEMA, TABLE)} (id BIGINT, note STRING)`);
  await w.execute(`INSERT INTO ${quoteName(SRC, SCHEMA, TABLE)} VALUES (1, ${quoteLiteral(TRICKY)}), (2, NULL)`);
  await w.execute(`INSERT INTO ${quoteName(SRC, SCHEMA, TABLE)} VALUES (3, 'later')`);
});

afterAll(async () => {
  await w?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("builders on the embedded engine", () => {
  it("creates catalogs and schemas with awkward names that discovery finds again", async () => {
    expect(await w.execute(findCatalog(SRC))).toEqual([expect.objectContaining({ catalog_name: SRC, comment: TRICKY })]);
    // Unity Catalog creates `default` in every new catalog.
    expect((await w.execute(listSchemas(SRC))).map((r) => r.schema_name)).toEqual(["default", SCHEMA]);
    expect(await w.execute(listTables(SRC))).toEqual([
      expect.objectContaining({ table_schema: SCHEMA, table_name: TABLE, table_type: "MANAGED", data_source_format: "DELTA" }),
    ]);
  });

  it("deep-clones a pinned version, and the checksums of source@v and clone agree", async () => {
    const [metrics] = await w.execute(cloneTable({ target: dst, source: src, cloneType: "DEEP", asOf: { version: 1 }, properties: { "k'": TRICKY } }));
    expect(metrics.num_copied_files).toBeGreaterThan(0);
    const cols = (await w.execute(listColumns(SRC))).map((r) => r.column_name as string);
    expect(cols).toEqual(["id", "note"]);
    const [a, b] = await w.execute(compareTables({ source: src, sourceAsOf: { version: 1 }, destination: dst, columns: cols }));
    expect(a.row_count).toBe(2);
    expect({ ...b, side: "source" }).toEqual(a);
    const [now] = await w.execute(tableChecksum({ table: src, columns: cols }));
    expect(now.row_count).toBe(3);
    expect(now.hash_sum).not.toBe(a.hash_sum);
    const [filtered] = await w.execute(tableChecksum({ table: src, columns: cols, where: "note IS NOT NULL" }));
    expect(filtered.row_count).toBe(2);
    expect(await w.execute(rowCounts([{ table: src }, { table: src, asOf: { version: 1 } }, { table: dst }]))).toEqual([
      { idx: 0, row_count: 3 },
      { idx: 1, row_count: 2 },
      { idx: 2, row_count: 2 },
    ]);
    const [detail] = await w.execute(describeDetail(dst));
    expect(detail.properties).toMatchObject({ "k'": TRICKY });
  });

  it("re-clones incrementally with CREATE OR REPLACE and restores a version", async () => {
    await w.execute(cloneTable({ target: dst, source: src, cloneType: "DEEP", mode: "createOrReplace" }));
    const [v] = await w.execute(latestVersions([dst, src]));
    expect(v).toMatchObject({ table_catalog: DST, table_schema: SCHEMA, table_name: TABLE, version: 1 });
    expect((await w.execute(rowCounts([{ table: dst }])))[0].row_count).toBe(3);
    await w.execute(restoreTable(dst, { version: 0 }));
    const history = await w.execute(describeHistory(dst, 1));
    expect(history[0]).toMatchObject({ version: 2, operation: "RESTORE" });
    expect((await w.execute(rowCounts([{ table: dst }])))[0].row_count).toBe(2);
  });

  it("sets and unsets properties, comments, tags and grants", async () => {
    await w.execute(setTableProperties(dst, { "uc_clone.stack": TRICKY }));
    expect((await w.execute(describeDetail(dst)))[0].properties).toMatchObject({ "uc_clone.stack": TRICKY });
    await w.execute(unsetTableProperties(dst, ["uc_clone.stack", "never-set"]));
    expect((await w.execute(describeDetail(dst)))[0].properties).not.toHaveProperty("uc_clone.stack");

    await w.execute(commentOn({ kind: "TABLE", ...dst }, TRICKY));
    await w.execute(commentOnColumnOrNull(dst, "note", "a 'note'"));
    expect((await w.execute(listTables(DST)))[0].comment).toBe(TRICKY);
    expect((await w.execute(listColumns(DST))).find((c) => c.column_name === "note")?.comment).toBe("a 'note'");

    await w.execute(setTags({ kind: "TABLE", ...dst }, { "pii`x": "", env: "q'a" }));
    await w.execute(unsetTags({ kind: "TABLE", ...dst }, ["pii`x"]));
    expect(await w.execute(listTags(DST, "table"))).toEqual([{ schema_name: SCHEMA, table_name: TABLE, tag_name: "env", tag_value: "q'a" }]);

    await w.execute(grant(["select", "modify"], { kind: "TABLE", ...dst }, "data engi`neers"));
    await w.execute(revoke(["MODIFY"], { kind: "TABLE", ...dst }, "data engi`neers"));
    const grants = await w.execute(listGrants(DST, "table"));
    expect(grants).toEqual([{ table_schema: SCHEMA, table_name: TABLE, grantee: "data engi`neers", privilege_type: "SELECT" }]);
    const shown = (await w.execute(showGrants({ kind: "TABLE", ...dst }, "data engi`neers"))).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])),
    );
    expect(shown).toEqual([expect.objectContaining({ principal: "data engi`neers", actiontype: "SELECT" })]);
  });

  it("recreates a view and a function with catalog references rewritten", async () => {
    const fnSrc = { catalog: SRC, schema: SCHEMA, name: "lbl" };
    await w.execute(createFunction({ name: fnSrc, parameters: [{ name: "x", type: "STRING" }], returns: "STRING", body: "concat('[', x, ']')" }));
    const viewSql = `SELECT id, ${quoteName(SRC, SCHEMA, "lbl")}(note) AS l, 'pr\`od.select.x' AS s FROM ${quoteName(SRC, SCHEMA, TABLE)} -- from prod\n`;
    const rewritten = rewriteCatalogReferences(viewSql, SRC, DST);
    expect(rewritten).toBe(
      `SELECT id, \`qa ünï\`.\`select\`.\`lbl\`(note) AS l, 'pr\`od.select.x' AS s FROM \`qa ünï\`.\`select\`.\`order\`\`s é\` -- from prod\n`,
    );
    await w.execute(createFunction({ name: { ...fnSrc, catalog: DST }, parameters: [{ name: "x", type: "STRING" }], returns: "STRING", body: "concat('[', x, ']')" }));
    const view = { catalog: DST, schema: SCHEMA, name: "v" };
    await w.execute(createView({ name: view, query: rewritten, comment: "view" }));
    expect(await w.execute(`SELECT * FROM ${quoteName(DST, SCHEMA, "v")} ORDER BY id`)).toEqual([
      { id: 1, l: `[${TRICKY}]`, s: "pr`od.select.x" },
      { id: 2, l: null, s: "pr`od.select.x" },
    ]);
    const defs = await w.execute(listViews(DST));
    expect(defs[0].view_definition).toContain("`qa ünï`");
  });

  it("drops what it created", async () => {
    await w.execute(dropTable(dst));
    expect((await w.execute(listTables(DST))).map((r) => r.table_name)).toEqual(["v"]);
    await w.execute(dropSchema({ catalog: DST, schema: SCHEMA }, { cascade: true }));
    await w.execute(dropCatalog(DST, { cascade: true }));
    expect(await w.execute(findCatalog(DST))).toEqual([]);
  });
});
