/**
 * Queries: SELECT / WITH / VALUES / FROM-first / `TABLE t` / parenthesised queries, rewritten for
 * DuckDB by the engine's rewriter.
 */
import type { Token } from "../frontEnd/lexer";
import type { StatementHandler } from "../engineContext";

const STARTS = new Set(["SELECT", "WITH", "VALUES", "FROM", "TABLE"]);

export const queryStatement: StatementHandler = {
  name: "SELECT",
  matches: (t) => (t[0]?.kind === "word" && STARTS.has(t[0].value)) || (t[0]?.kind === "punct" && t[0].value === "("),
  async run(core, tokens) {
    let toks: readonly Token[] = tokens;
    if (toks[0].kind === "word" && toks[0].value === "TABLE") {
      // `TABLE t` is `SELECT * FROM t`
      const from: Token = { ...toks[0], value: "FROM", text: "FROM" };
      const select: Token[] = [
        { ...toks[0], value: "SELECT", text: "SELECT" },
        { ...toks[0], kind: "punct", value: "*", text: "*" },
      ];
      toks = [...select, from, ...toks.slice(1)];
    }
    return core.duck.query(core.rewrite(toks));
  },
};
