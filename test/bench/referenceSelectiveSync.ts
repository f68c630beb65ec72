/**
 * The reference tool's documented SELECTIVE re-clone, emulated over a Warehouse so the benchmark can
 * run both algorithms against the same engine in one run (seeds: "Full vs incremental vs selective
 * load", "Parallel processing"): list schemas; `schemaWorkers` schemas at a time (default 4); inside a
 * schema `tableWorkers` tables at a time (default 1); for every table one `DESCRIBE HISTORY … LIMIT 1`
 * on the source and one on the destination; a table missing in the destination is cloned, a drifted
 * one is re-cloned with DROP + CREATE … DEEP CLONE (its documented `force_reclone`).
 *
 * Drift decision: the documented rule compares source and destination versions; versions of two
 * different tables are not comparable, so this emulation compares the source's newest version with
 * the `sourceVersion` the destination's last CLONE recorded (read from the same destination history
 * row). Same statements as documented, and the same re-clones as our algorithm, so only the cost differs.
 */
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { hasErrorClass } from "../../provider/warehouse/warehouse";
import { listSchemas, listTables } from "../../provider/sql/discovery";
import { describeHistory, dropTable } from "../../provider/sql/table";
import { cloneTable } from "../../provider/sql/clone";
import { historyTop } from "../../provider/resources/table/drift";
import { runPool } from "./runPool";

export interface ReferenceResult {
  recloned: string[];
  cloned: string[];
}

export async function referenceSelectiveSync(
  wh: Warehouse,
  source: string,
  destination: string,
  opts: { schemaWorkers?: number; tableWorkers?: number } = {},
): Promise<ReferenceResult> {
  const result: ReferenceResult = { recloned: [], cloned: [] };
  const schemas = (await wh.execute(listSchemas(source))).map((r) => String(r.schema_name));
  const tables = (await wh.execute(listTables(source))).filter((r) => String(r.table_type) !== "VIEW");
  await runPool(schemas, opts.schemaWorkers ?? 4, async (schema) => {
    const inSchema = tables.filter((t) => String(t.table_schema) === schema).map((t) => String(t.table_name));
    await runPool(inSchema, opts.tableWorkers ?? 1, async (name) => {
      const src = { catalog: source, schema, name };
      const dst = { catalog: destination, schema, name };
      const srcTop = historyTop((await wh.execute(describeHistory(src, 1)))[0]);
      let dstTop;
      try {
        dstTop = historyTop((await wh.execute(describeHistory(dst, 1)))[0]);
      } catch (err) {
        if (!hasErrorClass(err, "TABLE_OR_VIEW_NOT_FOUND")) throw err;
        dstTop = null;
      }
      if (dstTop === null) {
        await wh.execute(cloneTable({ target: dst, source: src, cloneType: "DEEP" }));
        result.cloned.push(`${schema}.${name}`);
        return;
      }
      const clonedFrom = Number(dstTop.operationParameters.sourceVersion);
      if (srcTop !== null && (!Number.isFinite(clonedFrom) || srcTop.version > clonedFrom)) {
        await wh.execute(dropTable(dst));
        await wh.execute(cloneTable({ target: dst, source: src, cloneType: "DEEP" }));
        result.recloned.push(`${schema}.${name}`);
      }
    });
  });
  return result;
}
