/**
 * Properties of the catalog-reference rewriter (provider/sql/catalogRewriter.ts) on SQL built from a
 * small grammar: names (plain, digit-led, Unicode, backtick-quoted with doubled backticks), string
 * literals with escapes (single, double, raw, `''` concatenation), dollar bodies, line and nested block
 * comments, dotted references with comments between their parts, table aliases and CTE names.
 *
 * What must hold, for a source catalog `s` and any non-empty destination `d`:
 * - exactly the first part of each reference of three parts or more whose first part names `s`
 *   (case-insensitively, quoted or not) becomes `` `d` ``, and every other character stays as written
 *   (strings, comments, two-part `s.col` qualifiers, `x.s.t`, catalogs that share a prefix with `s`,
 *   a single quoted name `` `s.a.b` ``); the one documented exception: where the text also declares `s`
 *   as an alias or CTE name, a reference that is neither a table reference nor a call is a column path
 *   through that alias and stays;
 * - rewriting is idempotent: `d` is written quoted, so the rewritten head is a reference to `d`, never
 *   to `s`, unless `d` names `s` itself (then it is rewritten to the same text again). For several
 *   catalogs at once the same holds when no destination names another mapped source (`{a: "b", b: "c"}`
 *   is rewritten a→b in one pass and b→c in the next, by definition);
 * - several catalogs at once equal one at a time, under that same condition.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rewriteCatalogReferences, rewriteCatalogs } from "../../provider/sql/catalogRewriter";
import { quoteIdent, quoteLiteral } from "../../provider/sql/quote";
import { significantTokens, tokenizeSql, type SqlToken } from "../../provider/sql/tokenizer";
import { propertyRuns } from "./propertyRuns";

/** Words never generated as unquoted names: a keyword where a name stands changes the statement. */
const KEYWORDS = new Set(
  ("select from where join on using as with and or not is in like between case when then else end by group order having " +
    "limit union except intersect minus window qualify sort cluster distribute offset set values table into update clone " +
    "view function inner left right full outer cross semi anti natural lateral distinct all return returns null true false " +
    "asc desc version timestamp of tablesample pivot unpivot exists interval cast over partition create replace r")
    .split(" "),
);
/** What the tokenizer reads as one unquoted name: a letter or `_` first, or digits glued to `_`. */
const UNQUOTED = /^(?:[\p{L}_][\p{L}\p{N}_]*|[0-9]+_[\p{L}\p{N}_]*)$/u;
const canBeUnquoted = (name: string) => UNQUOTED.test(name) && !KEYWORDS.has(name.toLowerCase());
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** One piece of generated SQL and what the rewriter must turn it into. */
interface Piece {
  text: string;
  /** The text after rewriting, when the piece is a reference to the source catalog. */
  rewritten?: string;
  /** A column-position reference: stays when the text declares the source catalog's name as an alias. */
  columnPath?: boolean;
  /** The decoded name this piece declares as an alias or CTE name. */
  declares?: string;
}
type Pieces = Piece[];
const cat = (...xs: (string | Piece | Pieces)[]): Pieces => xs.flatMap((x) => (typeof x === "string" ? [{ text: x }] : Array.isArray(x) ? x : [x]));
const render = (ps: Pieces) => ps.map((p) => p.text).join("");
function expectedRewrite(ps: Pieces, source: string): string {
  const aliased = ps.some((p) => p.declares !== undefined && sameName(p.declares, source));
  return ps.map((p) => (p.rewritten !== undefined && !(p.columnPath && aliased) ? p.rewritten : p.text)).join("");
}

/** A name as written plus its decoded value. */
interface Name {
  text: string;
  value: string;
}
const plainWord: fc.Arbitrary<Name> = fc
  .tuple(fc.constantFrom(..."abcxyz_é".split("")), fc.string({ unit: fc.constantFrom(..."abcdefgz_019é".split("")), maxLength: 6 }))
  .map(([a, b]) => a + b)
  .filter((w) => !KEYWORDS.has(w))
  .map((w) => ({ text: w, value: w }));
const digitWord: fc.Arbitrary<Name> = fc
  .tuple(fc.integer({ min: 0, max: 2024 }), fc.string({ unit: fc.constantFrom(..."sal_e9".split("")), maxLength: 4 }))
  .map(([n, w]) => `${n}_${w}`)
  .map((w) => ({ text: w, value: w }));
const quotedName: fc.Arbitrary<Name> = fc
  .string({ unit: fc.constantFrom("a", "Z", "`", "``", ".", " ", "'", '"', "-", "/*", "*/", "--", "\\", "é", "$$", ";"), minLength: 1, maxLength: 5 })
  .map((v) => ({ text: quoteIdent(v), value: v }));
const anyName = fc.oneof({ arbitrary: plainWord, weight: 3 }, digitWord, { arbitrary: quotedName, weight: 2 });

/** A name that does not name `source` (so it is never taken for a reference to it). */
const nameNot = (source: string) => anyName.filter((n) => !sameName(n.value, source));

/** `name` with its letters' case chosen at random. */
const anyCase = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((up) => [...name].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(""));

/** The ways a reference can spell catalog `name`: backtick-quoted always, bare when it is a plain name. */
const spelled = (name: string): fc.Arbitrary<string> =>
  canBeUnquoted(name) ? fc.oneof(anyCase(name), anyCase(name).map(quoteIdent)) : anyCase(name).map(quoteIdent);

const gap = fc.constantFrom("", "", " ", "/**/", " /* a.b.c */ ", "\n-- x.y.z\n", "\n");
const dot = fc.tuple(gap, gap).map(([a, b]) => `${a}.${b}`);
/** `.part` repeated n times, with gaps and comments around the dots. */
const tail = (source: string, n: number) =>
  fc.array(fc.tuple(dot, nameNot(source)), { minLength: n, maxLength: n }).map((xs) => xs.map(([d, p]) => d + p.text).join(""));

const stringLiteral = (source: string): fc.Arbitrary<string> => {
  const unit = fc.constantFrom("x", `${source}.s.t`, `${source.toUpperCase()}.a.b`, "'", '"', "\\", "\n", "`", "--", "/*", "*/", "$$", ";", "é");
  const value = fc.string({ unit, maxLength: 5 });
  return fc.oneof(
    value.map(quoteLiteral), // backslash escapes for \ ' and newlines
    value.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`),
    fc.tuple(value, value).map(([a, b]) => `${quoteLiteral(a)}${quoteLiteral(b)}`), // 'a''b': two literals
    value.filter((v) => !v.includes("'")).map((v) => `r'${v}'`), // raw: no escapes at all
  );
};
const commentText = (source: string) =>
  fc.string({ unit: fc.constantFrom("x", ` ${source}.s.t `, "'", '"', "`", "--", ";", "$$", "é"), maxLength: 4 });
const comment = (source: string): fc.Arbitrary<string> =>
  fc.oneof(
    commentText(source).map((c) => `-- ${c}\n`),
    commentText(source).map((c) => `/* ${c} */`),
    fc.tuple(commentText(source), commentText(source)).map(([a, b]) => `/* ${a} /* ${b} */ ${a} */`), // nested
  );
const dollarBody = (source: string) =>
  fc.string({ unit: fc.constantFrom("x", ` ${source}.s.t `, "'", "`", "\n"), maxLength: 4 }).filter((v) => !v.includes("$")).map((v) => `$$${v}$$`);
const number = fc.constantFrom("1", "2.5", "10L", "1e3", ".5");

/** Everything the grammar builds for one source catalog `s` and destination `d`. */
function grammar(s: string, d: string) {
  const to = quoteIdent(d);
  const head = spelled(s);
  /** A reference of 3 (or 4) parts to the source catalog. */
  const sourceRef = (parts: 3 | 4, position: "table" | "column" | "call") =>
    fc.tuple(head, tail(s, parts - 1)).map(([h, rest]): Piece => ({ text: h + rest, rewritten: to + rest, columnPath: position === "column" }));
  /** Names close to a reference to the source that are not one. */
  const prefixSharing = [`${s}_x`, `${s}x`, `x${s}`, s.slice(0, -1), `${s}\``].filter((n) => n !== "" && !sameName(n, s));
  const lookalike: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(fc.constantFrom(...prefixSharing).chain(spelled), tail(s, 2)).map(([h, r]) => h + r), // other catalog
    fc.tuple(nameNot(s), dot, head, tail(s, 2)).map(([x, dt, h, r]) => x.text + dt + h + r), // s not first
    fc.tuple(head, tail(s, 1)).map(([h, r]) => h + r), // two parts: schema.table or alias.column
    fc.tuple(anyCase(s), fc.constantFrom(".a.b", ".s.t", "`.c")).map(([c, r]) => quoteIdent(c + r)), // one quoted name
    head, // a column named like the catalog
  );
  const literal = fc.oneof(stringLiteral(s), number, dollarBody(s));
  /** An alias name: sometimes the source catalog's own name. */
  const aliasName: fc.Arbitrary<Name> = fc.oneof(nameNot(s), head.map((text) => ({ text, value: s })));
  const declare = (prefix: string) => aliasName.map((a): Piece => ({ text: prefix + a.text, declares: a.value }));

  const scalar: fc.Arbitrary<Pieces> = fc.oneof(
    literal.map((l) => cat(l)),
    nameNot(s).map((n) => cat(n.text)),
    lookalike.map((l) => cat(l)),
    fc.constantFrom<3 | 4>(3, 4).chain((n) => sourceRef(n, "column")).map((r) => cat(r)),
    fc.tuple(sourceRef(3, "call"), fc.oneof(literal, nameNot(s).map((n) => n.text), fc.constant(""))).map(([f, a]) => cat(f, `(${a})`)),
  );
  const selectItem: fc.Arbitrary<Pieces> = fc.oneof(
    { arbitrary: scalar, weight: 4 },
    fc.tuple(scalar, declare(" AS ")).map(([x, a]) => cat(x, a)),
    fc.constant(cat("*")),
  );
  const selectList = fc.array(fc.tuple(selectItem, fc.option(comment(s), { nil: "" })), { minLength: 1, maxLength: 4 }).map((items) =>
    items.flatMap(([item, c], i) => cat(i === 0 ? "" : ", ", c, item)),
  );
  const timeTravel = fc.constantFrom("", "", " VERSION AS OF 3", " TIMESTAMP AS OF '2026-01-01'", "@v2");
  const condition: fc.Arbitrary<Pieces> = fc.oneof(
    fc.constant(cat("true")),
    fc.tuple(scalar, literal).map(([x, l]) => cat(x, " = ", l)),
  );
  const tableRef = (subquery: fc.Arbitrary<Pieces>): fc.Arbitrary<Pieces> => {
    const named = fc.oneof(
      fc.tuple(sourceRef(3, "table"), timeTravel).map(([r, tt]) => cat(r, tt)),
      lookalike.map((l) => cat(l)),
      nameNot(s).map((n) => cat(n.text)),
    );
    const relation = fc.oneof({ arbitrary: named, weight: 3 }, subquery.map((q) => cat("(", q, ")")));
    return fc.tuple(relation, fc.oneof(fc.constant(cat("")), declare(" AS ").map((a) => cat(a)), declare(" ").map((a) => cat(a)))).map(([r, a]) => cat(r, a));
  };
  const fromClause = (subquery: fc.Arbitrary<Pieces>): fc.Arbitrary<Pieces> =>
    fc
      .tuple(
        tableRef(subquery),
        fc.array(
          fc.oneof(
            tableRef(subquery).map((r) => cat(", ", r)),
            fc.tuple(tableRef(subquery), condition).map(([r, c]) => cat(" JOIN ", r, " ON ", c)),
            tableRef(subquery).map((r) => cat(" CROSS JOIN ", r)),
          ),
          { maxLength: 3 },
        ),
      )
      .map(([first, rest]) => cat(" FROM ", first, ...rest));
  const simpleSelect = fc.tuple(selectList, fromClause(fc.constant(cat("SELECT 1")))).map(([l, f]) => cat("SELECT ", l, f));
  const select = fc
    .tuple(
      fc.option(declare("WITH ").map((w) => cat(w, " AS (SELECT 1) ")), { nil: cat("") }),
      selectList,
      fromClause(simpleSelect),
      fc.option(
        fc.oneof(condition, fc.tuple(scalar, simpleSelect).map(([x, q]) => cat(x, " IN (", q, ")"))).map((c) => cat(" WHERE ", c)),
        { nil: cat("") },
      ),
    )
    .map(([w, l, f, c]) => cat(w, "SELECT ", l, f, c));
  const statement = fc.oneof(
    { arbitrary: select, weight: 4 },
    fc.tuple(sourceRef(3, "table"), select).map(([v, q]) => cat("CREATE VIEW ", v, " AS ", q)),
  );
  const text = fc
    .array(fc.tuple(fc.option(comment(s), { nil: "" }), statement), { minLength: 1, maxLength: 3 })
    .map((xs) => xs.flatMap(([c, st], i) => cat(i === 0 ? "" : ";\n", c, st)));
  return { text, head, literal, comment: comment(s), lookalike };
}

/** Source catalog names, valid in Unity Catalog (no dots, spaces, slashes or control characters). */
const sourceName = fc.oneof(
  fc.constantFrom("prod", "p", "main", "prod_eu", "café", "2024_sales", "we`ird", "my-cat", "from", "as", "a$b", "prod'x"),
  fc.string({ unit: fc.constantFrom(..."prod_-`é1$'".split("")), minLength: 1, maxLength: 5 }),
);
const destinationName = (s: string) =>
  fc.oneof(
    fc.constantFrom("qa", "QA", `${s}_qa`, s.toUpperCase(), s, "q`a", "qa b", "q.a", "x--y"),
    fc.string({ unit: fc.constantFrom(..."qa_-`é. '".split("")), minLength: 1, maxLength: 5 }),
  );

const world = sourceName.chain((s) => destinationName(s).chain((d) => grammar(s, d).text.map((pieces) => ({ s, d, pieces }))));

describe("rewriteCatalogReferences (property)", () => {
  it("rewrites exactly the first part of references to the source catalog, quoted or not; every other character stays", () => {
    fc.assert(
      fc.property(world, ({ s, d, pieces }) => {
        expect(rewriteCatalogReferences(render(pieces), s, d)).toBe(expectedRewrite(pieces, s));
      }),
      propertyRuns(300),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(world, ({ s, d, pieces }) => {
        const once = rewriteCatalogReferences(render(pieces), s, d);
        expect(rewriteCatalogReferences(once, s, d)).toBe(once);
      }),
      propertyRuns(200),
    );
  });
});

/** Heads (first parts) of the references of three parts or more in `tokens`, by definition of a dotted name. */
function threePartHeads(tokens: readonly SqlToken[]): Set<SqlToken> {
  const sig = significantTokens(tokens);
  const isName = (t: SqlToken | undefined) => t !== undefined && (t.kind === "word" || t.kind === "ident");
  const isDot = (t: SqlToken | undefined) => t !== undefined && t.kind === "punct" && t.text === ".";
  const heads = new Set<SqlToken>();
  for (let k = 0; k < sig.length; k++) {
    if (isName(sig[k]) && !isDot(sig[k - 1]) && isDot(sig[k + 1]) && isName(sig[k + 2]) && isDot(sig[k + 3]) && isName(sig[k + 4])) heads.add(sig[k]);
  }
  return heads;
}
const nameOf = (t: SqlToken) => (t.kind === "ident" ? t.value : t.text);

/**
 * Token soup: names, dotted names, keywords, literals, comments and punctuation in any order (not SQL,
 * so the alias rule cannot be predicted), for the properties that hold whatever the statement.
 */
function soup(catalogs: string[]) {
  const g = grammar(catalogs[0], "unused");
  const head = fc.oneof(...catalogs.map(spelled), nameNot(catalogs[0]).map((n) => n.text), g.lookalike);
  const chain = fc.tuple(head, fc.array(fc.tuple(dot, anyName), { maxLength: 3 })).map(([h, rest]) => h + rest.map(([d, n]) => d + n.text).join(""));
  const atom = fc.oneof(
    { arbitrary: chain, weight: 4 },
    g.literal,
    g.comment,
    fc.constantFrom(",", "(", ")", "=", ";", "@", "*", "FROM", "JOIN", "AS", "ON", "SELECT", "WHERE", "WITH", "TABLE", "VIEW", "USING", "SET"),
  );
  return fc.array(fc.tuple(atom, fc.constantFrom(" ", "\n", " /* c */ ")), { minLength: 1, maxLength: 14 }).map((xs) => xs.map(([a, sp]) => a + sp).join(""));
}

describe("rewriteCatalogs on any token sequence (property)", () => {
  it("changes only heads of three-part references to a mapped catalog, each to the quoted destination; all of them when no alias can be declared", () => {
    const input = sourceName.chain((s) => fc.tuple(fc.constant(s), destinationName(s), soup([s])));
    fc.assert(
      fc.property(input, ([s, d, sql]) => {
        const before = tokenizeSql(sql);
        const after = tokenizeSql(rewriteCatalogReferences(sql, s, d));
        expect(after.length).toBe(before.length);
        const heads = [...threePartHeads(before)].filter((t) => sameName(nameOf(t), s));
        // The only place an alias or CTE name can be declared is a name not followed by a dot.
        const sig = significantTokens(before);
        const standalone = sig.some((t, k) => (t.kind === "word" || t.kind === "ident") && sameName(nameOf(t), s) && sig[k + 1]?.text !== ".");
        before.forEach((t, i) => {
          const head = heads.includes(t);
          const where = `${JSON.stringify(t.text)} at ${t.start}`;
          if (head && !standalone) expect(after[i].text, `head ${where}`).toBe(quoteIdent(d));
          if (after[i].text !== t.text) {
            expect(head, `changed ${where}`).toBe(true);
            expect(after[i]).toMatchObject({ kind: "ident", value: d, text: quoteIdent(d) });
          } else {
            expect(after[i].kind).toBe(t.kind);
          }
        });
      }),
      propertyRuns(300),
    );
  });

  it("several catalogs at once equal one at a time, and are idempotent, when no destination names a mapped source", () => {
    const input = fc
      .tuple(sourceName, sourceName)
      .filter(([a, b]) => !sameName(a, b))
      .chain(([a, b]) =>
        fc.tuple(
          fc.constant(a),
          fc.constant(b),
          destinationName(a).filter((d) => !sameName(d, a) && !sameName(d, b)),
          destinationName(b).filter((d) => !sameName(d, a) && !sameName(d, b)),
          soup([a, b]),
        ),
      );
    fc.assert(
      fc.property(input, ([a, b, da, db, sql]) => {
        const both = rewriteCatalogs(sql, { [a]: da, [b]: db });
        expect(both).toBe(rewriteCatalogReferences(rewriteCatalogReferences(sql, a, da), b, db));
        expect(rewriteCatalogs(both, { [a]: da, [b]: db })).toBe(both);
      }),
      propertyRuns(300),
    );
  });
});
