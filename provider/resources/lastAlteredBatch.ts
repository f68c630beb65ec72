/**
 * Reading a destination table's `last_altered` right after a write (the drift baseline) from
 * information_schema, the view discovery reads, so both agree to the instant. Tables written at about
 * the same time (Pulumi runs many creates in parallel in one provider process) share ONE query per
 * catalog: a request waits a few milliseconds for others to join (DESIGN §5: metadata statements
 * batched per catalog, not per table). The batcher belongs to the process runtime (runtime.ts) and
 * groups requests by warehouse handle: the pool hands every caller the same handle per connection.
 */
import type { Warehouse } from "../warehouse/warehouse";
import { lastAlteredIso } from "../sql/lastAltered";
import { tablesLastAltered } from "../sql/tableLookup";
import type { TableRef } from "../vocabulary/objectIdentity";

const WINDOW_MS = 15;
const MAX_BATCH = 200;

interface Pending {
  tables: TableRef[];
  waiters: { resolve: (v: Map<string, string | null>) => void; reject: (e: unknown) => void }[];
}

const key = (schema: string, name: string) => `${schema}.${name}`.toLowerCase();

async function flush(wh: Warehouse, catalog: string, batch: Pending): Promise<void> {
  try {
    const rows = await wh.execute(tablesLastAltered(catalog, batch.tables.map((t) => ({ schema: t.schema, name: t.table }))));
    const found = new Map<string, string | null>();
    for (const r of rows) found.set(key(String(r.table_schema), String(r.table_name)), lastAlteredIso(r.last_altered));
    for (const w of batch.waiters) w.resolve(found);
  } catch (err) {
    for (const w of batch.waiters) w.reject(err);
  }
}

/** Pending last_altered reads, per warehouse handle and catalog. */
export class LastAlteredBatcher {
  readonly #pending = new WeakMap<Warehouse, Map<string, Pending>>();

  /** `last_altered` (ISO) of `table` now, or null when it does not exist. */
  async read(wh: Warehouse, table: TableRef): Promise<string | null> {
    let byCatalog = this.#pending.get(wh);
    if (!byCatalog) this.#pending.set(wh, (byCatalog = new Map()));
    const catalog = table.catalog.toLowerCase();
    let batch = byCatalog.get(catalog);
    if (!batch || batch.tables.length >= MAX_BATCH) {
      const fresh: Pending = { tables: [], waiters: [] };
      batch = fresh;
      byCatalog.set(catalog, fresh);
      setTimeout(() => {
        if (byCatalog!.get(catalog) === fresh) byCatalog!.delete(catalog);
        void flush(wh, table.catalog, fresh);
      }, WINDOW_MS);
    }
    batch.tables.push(table);
    const found = await new Promise<Map<string, string | null>>((resolve, reject) => batch!.waiters.push({ resolve, reject }));
    return found.get(key(table.schema, table.table)) ?? null;
  }
}
