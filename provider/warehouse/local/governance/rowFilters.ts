/**
 * Row filters (reference §4.4): `ALTER TABLE t SET ROW FILTER f ON (col, ...)` / `DROP ROW FILTER`.
 * One filter per table; the function must exist. Reads apply it through accessPolicies.ts.
 */
import type { EngineContext, StatementHandler } from "../engineContext";
import type { MetastoreDocument, TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { qualifyObject, refuseInSharedCatalog, requireSchemaIn, resolveSecurable, touch } from "./securables";
import { invalidParameter, routineNotFound, ucError, printName } from "../errors/governanceErrors";
import { resolveColumn } from "./tags";

/** Resolves a policy function name to its `catalog.schema.name` key; it must exist (ROUTINE_NOT_FOUND). */
export function requirePolicyFunction(ctx: EngineContext, doc: MetastoreDocument, parts: string[], arity: number): string {
  const q = qualifyObject(ctx, parts);
  requireSchemaIn(doc, q.catalog, q.schema);
  const fn = doc.functions[q.key];
  if (!fn) throw routineNotFound(q.catalog, q.schema, q.name);
  if (fn.parameters.length !== arity) {
    throw invalidParameter(
      `Function ${printName(q.catalog, q.schema, q.name)} takes ${fn.parameters.length} argument(s) but the policy passes ${arity}.`,
    );
  }
  return q.key;
}

export const rowFilterStatement: StatementHandler = {
  name: "ALTER TABLE ROW FILTER",
  matches: (t) => {
    if (!startsWithWords(t, "ALTER", "TABLE")) return false;
    const after = skipName(t, 2);
    return after > 2 && (wordsAt(t, after, "SET", "ROW", "FILTER") || wordsAt(t, after, "DROP", "ROW", "FILTER"));
  },
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER", "TABLE");
    const parts = cur.nameParts();
    const setting = cur.acceptOneOf("SET", "DROP") === "SET";
    cur.expectWords("ROW", "FILTER");
    let fnParts: string[] = [];
    let columns: string[] = [];
    if (setting) {
      fnParts = cur.nameParts();
      cur.expectWords("ON");
      columns = cur.identifierList();
    }
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      const s = resolveSecurable(ctx, doc, "TABLE", parts);
      refuseInSharedCatalog(doc, s.key, "set a row filter");
      const table = s.entry as TableEntry;
      if (table.type === "VIEW") throw ucError("ROW_COLUMN_ACCESS.UNSUPPORTED_ON_VIEW", "Row filters can only be set on tables.", "0A000");
      if (setting) {
        const fn = requirePolicyFunction(ctx, doc, fnParts, columns.length);
        table.rowFilter = { function: fn, inputColumns: columns.map((c) => resolveColumn(ctx, table, c)) };
      } else {
        table.rowFilter = null;
      }
      touch(table, ctx);
    });
    return [];
  },
};

export const rowFilterStatements: StatementHandler[] = [rowFilterStatement];
