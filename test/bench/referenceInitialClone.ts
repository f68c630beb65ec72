/**
 * The reference tool's documented initial clone, emulated over a Warehouse so the benchmark runs it
 * against the same engine as ours (seeds: "How the clone engine works", stage 3 "Tables", "Parallel
 * processing"): the destination catalog and schemas exist (stages 1-2, before its clock starts); schemas
 * run `schemaWorkers` at a time (max_workers, default 4), and within a schema `tableWorkers` tables at a
 * time (parallel_tables, default 1) in name order (its default; `--order-by-size` is opt-in and reads
 * DESCRIBE DETAIL per table), each one `CREATE TABLE IF NOT EXISTS … DEEP CLONE …` and nothing else.
 */
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { listSchemas, listTables } from "../../provider/sql/discovery";
import { cloneTable } from "../../provider/sql/clone";
import { runPool } from "./runPool";

export async function referenceInitialClone(
  wh: Warehouse,
  source: string,
  destination: string,
  opts: { schemaWorkers?: number; tableWorkers?: number } = {},
): Promise<number> {
  const schemas = (await wh.execute(listSchemas(source))).map((r) => String(r.schema_name));
  const tables = (await wh.execute(listTables(source))).filter((r) => String(r.table_type) !== "VIEW");
  let cloned = 0;
  await runPool(schemas, opts.schemaWorkers ?? 4, async (schema) => {
    const inSchema = tables.filter((t) => String(t.table_schema) === schema).map((t) => String(t.table_name)).sort();
    await runPool(inSchema, opts.tableWorkers ?? 1, async (name) => {
      await wh.execute(
        cloneTable({ target: { catalog: destination, schema, name }, source: { catalog: source, schema, name }, cloneType: "DEEP", mode: "ifNotExists" }),
      );
      cloned++;
    });
  });
  return cloned;
}
