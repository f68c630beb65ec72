/**
 * Calls to Unity Catalog SQL functions inside a query, inlined before the query reaches DuckDB:
 * `c.s.f(a, b)` becomes `(CAST((<body with x := (a), y := (b)>) AS <return type>))`. Inlining (rather
 * than DuckDB macros) keeps DuckDB free of per-workspace state shared by processes, and lets function
 * bodies call other functions. Pure text → text over Spark SQL.
 */
import type { MetastoreDocument, FunctionEntry } from "../metastore/model";
import { tokenize, type Token } from "./lexer";
import type { FunctionParameter } from "../statements/functions";
import { printName, ucError } from "../errors/governanceErrors";

const MAX_DEPTH = 16;

const isName = (t: Token | undefined) => t !== undefined && (t.kind === "word" || t.kind === "ident");
const isPunct = (t: Token | undefined, p: string) => t !== undefined && t.kind === "punct" && t.value === p;
const nameOf = (t: Token) => (t.kind === "ident" ? t.value : t.text).toLowerCase();

/** Resolves a 1-3 part call name against `schema` defaults. */
function resolveFunction(doc: MetastoreDocument, parts: string[], catalog: string, schema: string): FunctionEntry | undefined {
  if (parts.length === 3) return doc.functions[parts.join(".")];
  if (parts.length === 2) return doc.functions[`${catalog}.${parts[0]}.${parts[1]}`];
  return doc.functions[`${catalog}.${schema}.${parts[0]}`];
}

/** Replaces parameter references in a function body by the (parenthesised) argument texts. */
function substituteParameters(body: string, params: FunctionParameter[], args: string[]): string {
  const byName = new Map(params.map((p, i) => [p.name.toLowerCase(), args[i]]));
  const toks = tokenize(body);
  let out = "";
  let last = 0;
  toks.forEach((t, i) => {
    if (!isName(t) || isPunct(toks[i - 1], ".") || isPunct(toks[i + 1], "(")) return;
    const arg = byName.get(nameOf(t));
    if (arg === undefined) return;
    out += body.slice(last, t.start) + `(${arg})`;
    last = t.end;
  });
  return out + body.slice(last);
}

function inline(doc: MetastoreDocument, fn: FunctionEntry, args: string[], depth: number): string {
  const params = fn.parameters as FunctionParameter[];
  const full: string[] = [];
  for (let i = 0; i < params.length; i++) {
    if (i < args.length) full.push(args[i]);
    else if (params[i].default !== undefined) full.push(params[i].default!);
    else break;
  }
  if (args.length > params.length || full.length < params.length) {
    const required = params.filter((p) => p.default === undefined).length;
    throw ucError(
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      `The ${printName(fn.catalog, fn.schema, fn.name)} requires ${required === params.length ? params.length : `[${required}, ${params.length}]`} parameters but the actual number is ${args.length}.`,
      "42605",
    );
  }
  // unqualified names in the body resolve in the function's own schema
  const body = expandAt(substituteParameters(fn.body, params, full), doc, fn.catalog, fn.schema, depth + 1);
  if (fn.returnType.toUpperCase().startsWith("TABLE")) {
    throw ucError("UNSUPPORTED_FEATURE", `Table function ${printName(fn.catalog, fn.schema, fn.name)} cannot be called by the local engine.`, "0A000");
  }
  return `(CAST((${body}) AS ${fn.returnType}))`;
}

function expandAt(sql: string, doc: MetastoreDocument, catalog: string, schema: string, depth: number): string {
  if (depth > MAX_DEPTH) throw ucError("ROUTINE_RECURSION", "SQL functions call each other too deeply (recursion is not allowed).", "42P19");
  if (Object.keys(doc.functions).length === 0) return sql;
  const toks = tokenize(sql);
  let out = "";
  let last = 0;
  for (let i = 0; i < toks.length; i++) {
    if (!isName(toks[i]) || isPunct(toks[i - 1], ".")) continue;
    const parts = [nameOf(toks[i])];
    let j = i;
    while (isPunct(toks[j + 1], ".") && isName(toks[j + 2])) {
      parts.push(nameOf(toks[j + 2]));
      j += 2;
    }
    if (!isPunct(toks[j + 1], "(") || parts.length > 3) {
      i = j;
      continue;
    }
    const fn = resolveFunction(doc, parts, catalog, schema);
    if (!fn) {
      i = j;
      continue;
    }
    const args: string[] = [];
    let level = 0;
    let argStart = toks[j + 1].end;
    let k = j + 1;
    for (; k < toks.length; k++) {
      if (isPunct(toks[k], "(")) level++;
      else if (isPunct(toks[k], ")") && --level === 0) {
        args.push(sql.slice(argStart, toks[k].start));
        break;
      } else if (isPunct(toks[k], ",") && level === 1) {
        args.push(sql.slice(argStart, toks[k].start));
        argStart = toks[k].end;
      }
    }
    if (k >= toks.length) return out + sql.slice(last); // unbalanced: leave it to the parser's error
    const argTexts = args.length === 1 && args[0].trim() === "" ? [] : args.map((a) => expandAt(a.trim(), doc, catalog, schema, depth));
    out += sql.slice(last, toks[i].start) + inline(doc, fn, argTexts, depth);
    last = toks[k].end;
    i = k;
  }
  return out + sql.slice(last);
}

/**
 * Inlines every call to a Unity Catalog function in `sparkSql`. One-part names resolve in the session
 * schema, two-part names in the session catalog (Databricks resolves built-ins first; a UC function
 * named like a built-in would shadow it here).
 */
export function expandFunctionCalls(sparkSql: string, doc: MetastoreDocument, session: { catalog: string; schema: string }): string {
  return expandAt(sparkSql, doc, session.catalog.toLowerCase(), session.schema.toLowerCase(), 0);
}

/**
 * Token-level entry for the engine's rewriter: returns `tokens` unchanged when no Unity Catalog
 * function is called, else the tokens of the expanded text.
 */
export function expandFunctionCallTokens(tokens: readonly Token[], doc: MetastoreDocument, session: { catalog: string; schema: string }): readonly Token[] {
  if (Object.keys(doc.functions).length === 0) return tokens;
  const text = tokens.map((t) => t.text).join(" ");
  const expanded = expandFunctionCalls(text, doc, session);
  return expanded === text ? tokens : tokenize(expanded);
}
