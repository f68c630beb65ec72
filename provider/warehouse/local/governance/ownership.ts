/**
 * `ALTER { CATALOG | SCHEMA | TABLE | VIEW | VOLUME | FUNCTION | SHARE | RECIPIENT } x [SET] OWNER TO p`
 * (reference §4.3): transfers ownership, which moves the object's lastAltered.
 */
import type { StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { readSecurableType, refuseInSharedCatalog, resolveSecurable, touch } from "./securables";

const KINDS = ["CATALOG", "SCHEMA", "DATABASE", "TABLE", "VIEW", "VOLUME", "FUNCTION", "SHARE", "RECIPIENT"];

function matchesOwner(t: readonly Token[]): boolean {
  if (!startsWithWords(t, "ALTER")) return false;
  let i = 1;
  if (wordsAt(t, 1, "MATERIALIZED", "VIEW")) i = 3;
  else if (t[1]?.kind === "word" && KINDS.includes(t[1].value)) i = 2;
  else return false;
  const after = skipName(t, i);
  if (after === i) return false;
  return wordsAt(t, after, "OWNER", "TO") || wordsAt(t, after, "SET", "OWNER", "TO");
}

export const alterOwnerStatement: StatementHandler = {
  name: "ALTER OWNER",
  matches: matchesOwner,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER");
    const type = readSecurableType(cur);
    const parts = cur.nameParts();
    cur.acceptWords("SET");
    cur.expectWords("OWNER", "TO");
    const principal = cur.principal();
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      const s = resolveSecurable(ctx, doc, type, parts);
      if (type !== "CATALOG" && type !== "SHARE" && type !== "RECIPIENT") refuseInSharedCatalog(doc, s.key, "change an owner");
      s.entry.owner = principal;
      touch(s.entry, ctx);
    });
    return [];
  },
};
