/**
 * Column masks (reference §4.4): `ALTER TABLE t ALTER COLUMN c SET MASK f [USING COLUMNS (a, ...)]` /
 * `ALTER TABLE t ALTER COLUMN c DROP MASK`. One mask per column; the mask function receives the column
 * first, then the USING COLUMNS. Reads apply it through accessPolicies.ts.
 */
import type { StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import type { TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { refuseInSharedCatalog, resolveSecurable, touch } from "./securables";
import { ucError } from "../errors/governanceErrors";
import { resolveColumn } from "./tags";
import { requirePolicyFunction } from "./rowFilters";

function matchesMask(t: readonly Token[]): boolean {
  if (!startsWithWords(t, "ALTER", "TABLE")) return false;
  const after = skipName(t, 2);
  if (after === 2 || !(wordsAt(t, after, "ALTER", "COLUMN") || wordsAt(t, after, "CHANGE", "COLUMN"))) return false;
  const c = skipName(t, after + 2);
  return wordsAt(t, c, "SET", "MASK") || wordsAt(t, c, "DROP", "MASK");
}

export const columnMaskStatement: StatementHandler = {
  name: "ALTER COLUMN MASK",
  matches: matchesMask,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER", "TABLE");
    const parts = cur.nameParts();
    cur.acceptOneOf("ALTER", "CHANGE");
    cur.expectWords("COLUMN");
    const column = cur.identifier();
    const setting = cur.acceptOneOf("SET", "DROP") === "SET";
    cur.expectWords("MASK");
    let fnParts: string[] = [];
    let using: string[] = [];
    if (setting) {
      fnParts = cur.nameParts();
      if (cur.acceptWords("USING", "COLUMNS")) using = cur.identifierList();
    }
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      const s = resolveSecurable(ctx, doc, "TABLE", parts);
      refuseInSharedCatalog(doc, s.key, "set a column mask");
      const table = s.entry as TableEntry;
      if (table.type === "VIEW") throw ucError("ROW_COLUMN_ACCESS.UNSUPPORTED_ON_VIEW", "Column masks can only be set on tables.", "0A000");
      const col = resolveColumn(ctx, table, column);
      table.columnMasks = table.columnMasks.filter((m) => m.column !== col);
      if (setting) {
        const fn = requirePolicyFunction(ctx, doc, fnParts, 1 + using.length);
        table.columnMasks.push({ column: col, function: fn, usingColumns: using.map((c) => resolveColumn(ctx, table, c)) });
      }
      touch(table, ctx);
    });
    return [];
  },
};

export const columnMaskStatements: StatementHandler[] = [columnMaskStatement];
