/**
 * The table handlers' history reads, batched per catalog (../readBatcher.ts): the newest row of a
 * table just written (its drift baseline) and the rows since a recorded version (a drift confirmation).
 * Tables written or confirmed at about the same time share one statement (sql/historyBatch.ts); a batch
 * of one sends the single-table statement. Absence is concluded per table only: when a batch fails
 * because one of its tables is missing (or the warehouse refuses the subquery form), each table is read
 * on its own (lookup.ts), which says null for a missing table and rethrows anything else.
 */
import { hasErrorClass, isObjectNotFound, type Warehouse } from "../../warehouse/warehouse";
import { historyRowsSince, newestHistoryRows } from "../../sql/historyBatch";
import type { TableRef } from "../../vocabulary/objectIdentity";
import { ReadBatcher } from "../readBatcher";
import type { ReadHold } from "../readHold";
import { historyTop, type HistoryTop } from "./drift";
import { HISTORY_SINCE_LIMIT, historySince, latestHistory, objectName } from "./lookup";

/** Rows of a batched statement, by the key of the table they belong to (`table_key`), newest first. */
function byKey(rows: Record<string, unknown>[]): Map<string, HistoryTop[]> {
  const out = new Map<string, HistoryTop[]>();
  for (const r of rows) {
    const top = historyTop(r);
    if (!top) continue;
    const k = String(r.table_key);
    const list = out.get(k) ?? [];
    list.push(top);
    out.set(k, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.version - a.version);
  return out;
}

/** The batch failed for a reason that says nothing about most of its tables: read them one by one. */
function readSingly(err: unknown): boolean {
  return isObjectNotFound(err) || hasErrorClass(err, "PARSE_SYNTAX_ERROR");
}

type SinceRequest = { table: TableRef; from: number };

export class HistoryBatcher {
  readonly #newest: ReadBatcher<TableRef, HistoryTop | null>;
  readonly #since: ReadBatcher<SinceRequest, HistoryTop[] | null>;

  /** `hold`: the updates of this process whose reads a batch waits for (readHold.ts); none in tests of the batch alone. */
  constructor(hold?: ReadHold) {
    this.#newest = new ReadBatcher<TableRef, HistoryTop | null>(
      async (wh, _catalog, tables) => {
        if (tables.length === 1) return [await latestHistory(wh, tables[0])];
        let found: Map<string, HistoryTop[]>;
        try {
          found = byKey(await wh.execute(newestHistoryRows(tables.map((t, i) => ({ key: String(i), table: objectName(t) })))));
        } catch (err) {
          if (!readSingly(err)) throw err;
          return Promise.all(tables.map((t) => latestHistory(wh, t)));
        }
        // Every existing Delta table has a newest row; none in the answer is never taken for absence.
        return Promise.all(tables.map(async (t, i) => found.get(String(i))?.[0] ?? (await latestHistory(wh, t))));
      },
      { windowMs: 15, maxBatch: 100, hold },
    );
    this.#since = new ReadBatcher<SinceRequest, HistoryTop[] | null>(
      async (wh, _catalog, reqs) => {
        if (reqs.length === 1) return [await historySince(wh, reqs[0].table, reqs[0].from)];
        let found: Map<string, HistoryTop[]>;
        try {
          found = byKey(
            await wh.execute(historyRowsSince(reqs.map((r, i) => ({ key: String(i), table: objectName(r.table), from: r.from })), HISTORY_SINCE_LIMIT)),
          );
        } catch (err) {
          if (!readSingly(err)) throw err;
          return Promise.all(reqs.map((r) => historySince(wh, r.table, r.from)));
        }
        // No row at or after `from` is an answer (re-created or restored below it: drift.ts "behind").
        return reqs.map((_, i) => found.get(String(i)) ?? []);
      },
      { windowMs: 15, maxBatch: 100, hold },
    );
  }

  /** Newest history row of `table`, or null when it does not exist. */
  newest(wh: Warehouse, table: TableRef): Promise<HistoryTop | null> {
    return this.#newest.read(wh, table.catalog.toLowerCase(), table);
  }

  /** As lookup.ts historySince: the rows at or after `from` (newest first; `from` null: the newest row), null when the table does not exist. */
  async since(wh: Warehouse, table: TableRef, from: number | null): Promise<HistoryTop[] | null> {
    if (from === null) {
      const top = await this.newest(wh, table);
      return top === null ? null : [top];
    }
    return this.#since.read(wh, table.catalog.toLowerCase(), { table, from });
  }
}
