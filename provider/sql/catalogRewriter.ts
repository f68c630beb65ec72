/**
 * Rewrites references to one catalog into another inside SQL text (view definitions, function bodies,
 * row-filter / column-mask function names) when a catalog is cloned under a new name.
 *
 * Only the first part of a multi-part name (`cat.schema.object`, or longer for `cat.schema.table.column`)
 * is a catalog reference, so only that token is replaced; strings, comments and every other token stay
 * exactly as written. Limits: names built at run time (`IDENTIFIER('prod.s.t')`, dynamic SQL in strings)
 * and Python bodies (`$$...$$`) are not seen, by design; a STRUCT column named like the catalog read
 * two levels deep (`prod.a.b`) cannot be told from a table name without the schema, and is rewritten.
 */
import { quoteIdent } from "./quote";
import { significantTokens, tokenizeSql, type SqlToken } from "./tokenizer";

/** Keywords after which a name is a table/function reference rather than a column expression. */
const TABLE_REF_KEYWORDS = new Set(["FROM", "JOIN", "TABLE", "INTO", "UPDATE", "CLONE", "VIEW", "FUNCTION"]);
/**
 * Keywords that end a FROM list at the current parenthesis depth. Not ON or USING: a join condition holds
 * no comma outside parentheses, so in `FROM a JOIN b ON a.k = b.k, c` the comma goes on with the list.
 */
const FROM_LIST_END = new Set([
  "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS",
  "WINDOW", "QUALIFY", "SELECT", "SORT", "CLUSTER", "DISTRIBUTE", "OFFSET", "SET", "VALUES",
]);
/** Words that cannot be an implicit alias (`FROM t prod` makes `prod` an alias, `FROM t WHERE` does not). */
const NOT_ALIAS = new Set([
  ...FROM_LIST_END, ...TABLE_REF_KEYWORDS, "ON", "USING", "AS", "AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN", "CASE", "WHEN",
  "THEN", "ELSE", "END", "BY", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "SEMI", "ANTI", "NATURAL",
  "LATERAL", "DISTINCT", "ALL", "WITH", "RETURN", "RETURNS", "NULL", "TRUE", "FALSE", "ASC", "DESC", "VERSION",
  "TIMESTAMP", "OF", "TABLESAMPLE", "PIVOT", "UNPIVOT", "EXISTS", "INTERVAL", "CAST", "OVER", "PARTITION",
]);

export const isNamePart = (t: SqlToken | undefined): t is SqlToken => !!t && (t.kind === "word" || t.kind === "ident");
export const isPunct = (t: SqlToken | undefined, p: string): boolean => !!t && t.kind === "punct" && t.text === p;
export const keyword = (t: SqlToken | undefined): string | undefined => (t && t.kind === "word" ? t.text.toUpperCase() : undefined);
export const partName = (t: SqlToken): string => (t.kind === "ident" ? t.value : t.text).toLowerCase();

/** A multi-part name found in SQL text, with the index (in significant tokens) of its first part. */
export interface NameChain {
  first: number;
  parts: SqlToken[];
  /** True when the name stands where a table/function reference is expected (after FROM, JOIN, ...). */
  tableRefPosition: boolean;
  /** True when the name is followed by `(` (a function call). */
  call: boolean;
}

/** The dotted names of `sig` with at least `minParts` parts (2 unless asked: single words are everywhere). */
export function nameChains(sig: SqlToken[], minParts = 2): NameChain[] {
  const chains: NameChain[] = [];
  const inFrom: boolean[] = [false];
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k];
    const kw = keyword(t);
    if (isPunct(t, "(")) { inFrom.push(false); continue; }
    if (isPunct(t, ")")) { if (inFrom.length > 1) inFrom.pop(); continue; }
    if (kw === "FROM" || kw === "JOIN") inFrom[inFrom.length - 1] = true;
    else if (kw && FROM_LIST_END.has(kw)) inFrom[inFrom.length - 1] = false;
    if (!isNamePart(t) || isPunct(sig[k - 1], ".")) continue;
    const parts = [t];
    let j = k;
    while (isPunct(sig[j + 1], ".") && isNamePart(sig[j + 2])) {
      parts.push(sig[j + 2]);
      j += 2;
    }
    if (parts.length < minParts) continue;
    const prev = sig[k - 1];
    const prevKw = keyword(prev);
    chains.push({
      first: k,
      parts,
      tableRefPosition: (!!prevKw && TABLE_REF_KEYWORDS.has(prevKw)) || (isPunct(prev, ",") && inFrom[inFrom.length - 1]),
      call: isPunct(sig[j + 1], "("),
    });
    k = j;
  }
  return chains;
}

/** Lower-cased names declared as table aliases or CTE names (`AS prod`, `FROM t prod`, `WITH prod AS (`). */
export function declaredAliases(sig: SqlToken[]): Set<string> {
  const aliases = new Set<string>();
  for (let k = 1; k < sig.length; k++) {
    const t = sig[k];
    if (!isNamePart(t) || isPunct(sig[k + 1], ".")) continue;
    if (t.kind === "word" && NOT_ALIAS.has(t.text.toUpperCase())) continue;
    const prev = sig[k - 1];
    const explicit = keyword(prev) === "AS";
    // After a name, `)`, or a time-travel clause's literal (`FROM t VERSION AS OF 3 prod`).
    const implicit =
      (isNamePart(prev) && !(prev.kind === "word" && NOT_ALIAS.has(prev.text.toUpperCase()))) ||
      isPunct(prev, ")") ||
      ((prev?.kind === "number" || prev?.kind === "string") && keyword(sig[k - 2]) === "OF");
    const cte = keyword(sig[k + 1]) === "AS" && isPunct(sig[k + 2], "(");
    if (explicit || implicit || cte) aliases.add(partName(t));
  }
  return aliases;
}

/**
 * Replaces the catalog part of every multi-part name (3 parts or more) whose catalog is a key of
 * `mapping` (compared case-insensitively, quoted or not) with the mapped catalog, backtick-quoted.
 * A catalog name that the text also declares as a table alias or CTE name is only rewritten where a
 * table or function reference stands (after FROM/JOIN/..., or before `(`), because elsewhere
 * `alias.struct_col.field` is a column path.
 * @throws SqlTextError when the text cannot be tokenized (unterminated literal or comment, invalid escape).
 */
export function rewriteCatalogs(sql: string, mapping: Readonly<Record<string, string>>, only?: (chain: NameChain) => boolean): string {
  const map = new Map(Object.entries(mapping).map(([from, to]) => [from.toLowerCase(), to]));
  if (map.size === 0) return sql;
  const sig = significantTokens(tokenizeSql(sql));
  const aliases = declaredAliases(sig);
  const replacements: { start: number; end: number; text: string }[] = [];
  for (const chain of nameChains(sig)) {
    if (chain.parts.length < 3) continue;
    const catalog = partName(chain.parts[0]);
    const to = map.get(catalog);
    if (to === undefined) continue;
    if (aliases.has(catalog) && !chain.tableRefPosition && !chain.call) continue;
    if (only && !only(chain)) continue;
    replacements.push({ start: chain.parts[0].start, end: chain.parts[0].end, text: quoteIdent(to) });
  }
  let out = "";
  let at = 0;
  for (const r of replacements) {
    out += sql.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + sql.slice(at);
}

/** Replaces references to catalog `from` with catalog `to` (see rewriteCatalogs). */
export function rewriteCatalogReferences(sql: string, from: string, to: string): string {
  return rewriteCatalogs(sql, { [from]: to });
}

/**
 * Replaces catalog `from` with `to` only in calls of the functions `isFunction(schema, name)` names
 * (`from.schema.name(...)`); every other reference (tables, views) keeps pointing at `from`.
 */
export function rewriteFunctionCalls(sql: string, from: string, to: string, isFunction: (schema: string, name: string) => boolean): string {
  return rewriteCatalogs(sql, { [from]: to }, (chain) => chain.call && chain.parts.length === 3 && isFunction(partName(chain.parts[1]), partName(chain.parts[2])));
}

/**
 * The three-part object names (`catalog.schema.object`, lower-cased, unquoted) referenced in SQL text,
 * deduplicated, in order of first appearance. Useful to order view creation and to find references to
 * catalogs outside the clone.
 */
export function referencedObjects(sql: string): [string, string, string][] {
  const sig = significantTokens(tokenizeSql(sql));
  const aliases = declaredAliases(sig);
  const seen = new Set<string>();
  const out: [string, string, string][] = [];
  for (const chain of nameChains(sig)) {
    if (chain.parts.length !== 3) continue;
    const parts = chain.parts.map(partName) as [string, string, string];
    if (aliases.has(parts[0]) && !chain.tableRefPosition && !chain.call) continue;
    const key = JSON.stringify(parts);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(parts);
  }
  return out;
}
