/**
 * Reading a destination table's `last_altered` right after a write (the drift baseline) from
 * information_schema, the view discovery reads, so both agree to the instant. Tables written at about
 * the same time (Pulumi runs many creates in parallel in one provider process) share ONE query per
 * catalog (readBatcher.ts; DESIGN §5: metadata statements batched per catalog, not per table). The
 * batcher belongs to the process runtime (runtime.ts).
 */
import type { Warehouse } from "../warehouse/warehouse";
import { lastAlteredIso } from "../sql/lastAltered";
import { tablesLastAltered } from "../sql/tableLookup";
import type { TableRef } from "../vocabulary/objectIdentity";
import { ReadBatcher } from "./readBatcher";
import type { ReadHold } from "./readHold";

const key = (schema: string, name: string) => `${schema}.${name}`.toLowerCase();

/** Pending last_altered reads, per warehouse handle and catalog. */
export class LastAlteredBatcher {
  readonly #batcher: ReadBatcher<TableRef, string | null>;

  /** `hold`: the updates of this process whose reads a batch waits for (readHold.ts); none in tests of the batch alone. */
  constructor(hold?: ReadHold) {
    this.#batcher = new ReadBatcher<TableRef, string | null>(
      async (wh, catalog, tables) => {
        const rows = await wh.execute(tablesLastAltered(catalog, tables.map((t) => ({ schema: t.schema, name: t.table }))));
        const found = new Map<string, string | null>();
        for (const r of rows) found.set(key(String(r.table_schema), String(r.table_name)), lastAlteredIso(r.last_altered));
        return tables.map((t) => found.get(key(t.schema, t.table)) ?? null);
      },
      { windowMs: 15, maxBatch: 200, hold },
    );
  }

  /** `last_altered` (ISO) of `table` now, or null when it does not exist. */
  read(wh: Warehouse, table: TableRef): Promise<string | null> {
    return this.#batcher.read(wh, table.catalog.toLowerCase(), table);
  }
}
