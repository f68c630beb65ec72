/**
 * Rewrites the text of a view or SQL function of a cloned catalog for the destination, and lists what
 * it reads (for the dependency order):
 * - three-part references to the home (source) catalog, quoted or not, get the catalog each reference
 *   should read: the destination, or the source (kept); other catalogs, string literals, comments, column
 *   and alias qualifiers, and catalogs whose names share a prefix stay untouched (catalogRewriter.ts);
 * - one- and two-part references to objects the home catalog holds (`FROM orders`, `FROM sales.orders`,
 *   `util.f(x)`, `f(x)`) are qualified in full, because in the destination they would otherwise resolve
 *   in the namespace of the session that creates the object, not the source's. Only names standing where
 *   a relation or function is read (after FROM/JOIN/..., or before `(`) and naming an object the home
 *   catalog holds count; CTE names are never qualified.
 *
 * GUESS (Databricks records a view's "catalog and namespace" from the creating session; a SQL function
 * resolves its body likewise): unqualified names in the source resolved in the object's own catalog
 * and schema, i.e. its creator had them as current catalog/schema. A view created from another
 * namespace is misread; qualify names in the source to avoid it. A UDF named like a built-in function
 * (`f(x)` where Databricks resolves the built-in first) would be qualified and so called instead.
 */
import { declaredAliases, isPunct, keyword, nameChains, partName } from "./catalogRewriter";
import { quoteIdent } from "./quote";
import { significantTokens, tokenizeSql, type SqlToken } from "./tokenizer";

/** A relation (table or view) or a function of the home catalog that a definition reads. */
export interface DefinitionReference {
  schema: string;
  name: string;
  kind: "relation" | "function";
}

export interface DefinitionContext {
  /** The catalog the object lives in (the source) and its schema: where unqualified names resolve. */
  home: { catalog: string; schema: string };
  /** Whether the home catalog holds `schema.name` of that kind (so a one-/two-part name is a reference to it). */
  holds(ref: DefinitionReference): boolean;
  /** The catalog a reference to `ref` is written with in the result (the destination, or the home catalog to keep it). */
  catalogFor(ref: DefinitionReference): string;
}

/** Names declared by `WITH name AS (` / `, name AS (` / `name (cols) AS (`: CTEs, which shadow relations. */
function cteNames(sig: SqlToken[]): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k];
    if (t.kind !== "word" && t.kind !== "ident") continue;
    const before = keyword(sig[k - 1]) === "WITH" || keyword(sig[k - 1]) === "RECURSIVE" || isPunct(sig[k - 1], ",");
    if (!before) continue;
    let j = k + 1;
    if (isPunct(sig[j], "(")) {
      // `name (a, b) AS (`: skip the column list
      while (j < sig.length && !isPunct(sig[j], ")")) j++;
      j++;
    }
    if (keyword(sig[j]) === "AS" && isPunct(sig[j + 1], "(")) out.add(partName(t));
  }
  return out;
}

/**
 * `sql` rewritten for the destination (see the header) and the home-catalog objects it reads, in order
 * of first appearance, deduplicated.
 * @throws SqlTextError when the text cannot be tokenized.
 */
export function rewriteDefinition(sql: string, ctx: DefinitionContext): { sql: string; references: DefinitionReference[] } {
  const sig = significantTokens(tokenizeSql(sql));
  const aliases = declaredAliases(sig);
  const ctes = cteNames(sig);
  const home = ctx.home.catalog.toLowerCase();
  const replacements: { start: number; end: number; text: string }[] = [];
  const references: DefinitionReference[] = [];
  const seen = new Set<string>();
  const note = (ref: DefinitionReference) => {
    const k = `${ref.kind}:${ref.schema}.${ref.name}`;
    if (!seen.has(k)) {
      seen.add(k);
      references.push(ref);
    }
  };
  for (const chain of nameChains(sig, 1)) {
    const names = chain.parts.map(partName);
    const kind: DefinitionReference["kind"] = chain.call ? "function" : "relation";
    const referencePosition = chain.tableRefPosition || chain.call;
    if (names.length >= 3) {
      if (names[0] !== home) continue;
      // A catalog name also declared as an alias is only a catalog where a relation or function is read.
      if (aliases.has(names[0]) && !referencePosition) continue;
      // `cat.s.t.col`: a column of cat.s.t, which is the relation read.
      const ref: DefinitionReference = { schema: names[1], name: names[2], kind: names.length === 3 ? kind : "relation" };
      note(ref);
      const to = ctx.catalogFor(ref);
      if (to.toLowerCase() !== home) {
        replacements.push({ start: chain.parts[0].start, end: chain.parts[0].end, text: quoteIdent(to) });
      }
      continue;
    }
    if (!referencePosition) continue;
    if (names.length === 1 && !chain.call && ctes.has(names[0])) continue;
    const ref: DefinitionReference = names.length === 2 ? { schema: names[0], name: names[1], kind } : { schema: ctx.home.schema.toLowerCase(), name: names[0], kind };
    if (!ctx.holds(ref)) continue;
    note(ref);
    const prefix = names.length === 2 ? `${quoteIdent(ctx.catalogFor(ref))}.` : `${quoteIdent(ctx.catalogFor(ref))}.${quoteIdent(ref.schema)}.`;
    replacements.push({ start: chain.parts[0].start, end: chain.parts[0].start, text: prefix });
  }
  replacements.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const r of replacements) {
    out += sql.slice(at, r.start) + r.text;
    at = r.end;
  }
  return { sql: out + sql.slice(at), references };
}
