/**
 * SQL user-defined functions (Unity Catalog): `CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] c.s.f(x STRING
 * [DEFAULT ...] [COMMENT '...'], ...) RETURNS type [COMMENT '...'] [[NOT] DETERMINISTIC] [LANGUAGE SQL]
 * [CONTAINS SQL | READS SQL DATA] [SQL SECURITY DEFINER] RETURN expr`, `DROP FUNCTION [IF EXISTS]`,
 * `SHOW [USER|ALL] FUNCTIONS [IN c.s] [[LIKE] 'pattern']`, `DESCRIBE FUNCTION [EXTENDED]`.
 * Databricks has no `SHOW CREATE FUNCTION`; information_schema.routines/parameters carry the definition.
 * Calls are inlined into queries by functionCalls.ts.
 */
import type { Row } from "../row";
import type { StatementHandler } from "../engineContext";
import type { FunctionEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { qualifyObject, qualifySchema, refuseInSharedCatalog, requireSchemaIn } from "../governance/securables";
import { routineAlreadyExists, routineNotFound, ucError } from "../errors/governanceErrors";

/** A declared parameter; `default`/`comment` are kept in the document alongside the model's name/type. */
export interface FunctionParameter {
  name: string;
  type: string;
  default?: string;
  comment?: string;
}

/** What CREATE FUNCTION declared, before it is stored. */
export interface FunctionDefinition {
  parts: string[];
  orReplace: boolean;
  ifNotExists: boolean;
  parameters: FunctionParameter[];
  returnType: string;
  comment: string | null;
  deterministic: boolean;
  dataAccess: "CONTAINS SQL" | "READS SQL DATA";
  body: string;
}

const stopAtParamEnd = (t: { kind: string; value: string }) =>
  (t.kind === "punct" && t.value === ",") || (t.kind === "word" && (t.value === "DEFAULT" || t.value === "COMMENT"));

/** Parses a CREATE FUNCTION statement (pure; exported for unit tests). */
export function parseCreateFunction(cur: StatementCursor): FunctionDefinition {
  cur.expectWords("CREATE");
  const orReplace = cur.acceptWords("OR", "REPLACE");
  if (cur.acceptWords("TEMPORARY") || cur.acceptWords("TEMP")) {
    throw ucError("UNSUPPORTED_FEATURE", "Temporary functions are not supported by the local engine; create a Unity Catalog function.", "0A000");
  }
  cur.expectWords("FUNCTION");
  const ifNotExists = cur.acceptWords("IF", "NOT", "EXISTS");
  if (orReplace && ifNotExists) {
    throw ucError("INVALID_SQL_SYNTAX.CREATE_ROUTINE_WITH_IF_NOT_EXISTS_AND_REPLACE", "Cannot combine OR REPLACE and IF NOT EXISTS in CREATE FUNCTION.", "42000");
  }
  const parts = cur.nameParts();
  const parameters: FunctionParameter[] = [];
  cur.expectPunct("(");
  if (!cur.acceptPunct(")")) {
    do {
      const p: FunctionParameter = { name: cur.identifier(), type: cur.textUntil(stopAtParamEnd) };
      for (;;) {
        if (cur.acceptWords("DEFAULT")) p.default = cur.textUntil(stopAtParamEnd);
        else if (cur.acceptWords("COMMENT")) p.comment = cur.string();
        else break;
      }
      parameters.push(p);
    } while (cur.acceptPunct(","));
    cur.expectPunct(")");
  }
  cur.expectWords("RETURNS");
  let returnType: string;
  if (cur.isWords("TABLE")) {
    cur.acceptWords("TABLE");
    returnType = `TABLE (${cur.parenthesizedText()})`;
  } else {
    returnType = cur.textUntil((t) => t.kind === "word" && ["RETURN", "COMMENT", "DETERMINISTIC", "NOT", "LANGUAGE", "CONTAINS", "READS", "SQL"].includes(t.value));
  }
  let comment: string | null = null;
  let deterministic = true;
  let dataAccess: FunctionDefinition["dataAccess"] = "CONTAINS SQL";
  for (;;) {
    if (cur.acceptWords("COMMENT")) comment = cur.string();
    else if (cur.acceptWords("NOT", "DETERMINISTIC")) deterministic = false;
    else if (cur.acceptWords("DETERMINISTIC")) deterministic = true;
    else if (cur.acceptWords("LANGUAGE")) {
      const lang = cur.identifier().toUpperCase();
      if (lang !== "SQL") throw ucError("UNSUPPORTED_FEATURE", `LANGUAGE ${lang} functions are not supported by the local engine.`, "0A000");
    } else if (cur.acceptWords("CONTAINS", "SQL")) dataAccess = "CONTAINS SQL";
    else if (cur.acceptWords("READS", "SQL", "DATA")) dataAccess = "READS SQL DATA";
    else if (cur.acceptWords("SQL", "SECURITY")) cur.expectWords("DEFINER");
    else break;
  }
  cur.expectWords("RETURN");
  const body = cur.restText();
  return { parts, orReplace, ifNotExists, parameters, returnType: returnType.trim(), comment, deterministic, dataAccess, body };
}

export const createFunctionStatement: StatementHandler = {
  name: "CREATE FUNCTION",
  matches: (t) =>
    startsWithWords(t, "CREATE", "FUNCTION") || startsWithWords(t, "CREATE", "OR", "REPLACE", "FUNCTION") ||
    startsWithWords(t, "CREATE", "TEMPORARY", "FUNCTION") || startsWithWords(t, "CREATE", "OR", "REPLACE", "TEMPORARY", "FUNCTION"),
  async run(ctx, tokens, sql) {
    const def = parseCreateFunction(new StatementCursor(tokens, sql));
    const q = qualifyObject(ctx, def.parts);
    await ctx.mutateMeta((doc) => {
      requireSchemaIn(doc, q.catalog, q.schema);
      refuseInSharedCatalog(doc, q.key, "create a function");
      const existing = doc.functions[q.key];
      if (existing && def.ifNotExists) return;
      if (existing && !def.orReplace) throw routineAlreadyExists(q.catalog, q.schema, q.name);
      const now = Date.now();
      const entry: FunctionEntry = {
        catalog: q.catalog,
        schema: q.schema,
        name: q.name,
        parameters: def.parameters,
        returnType: def.returnType,
        body: def.body,
        deterministic: def.deterministic,
        // OR REPLACE keeps owner, grants and tags of the replaced function, as Unity Catalog does
        owner: existing?.owner ?? ctx.currentUser,
        comment: def.comment,
        tags: existing?.tags ?? {},
        grants: existing?.grants ?? [],
        createdAt: existing?.createdAt ?? now,
        createdBy: existing?.createdBy ?? ctx.currentUser,
        lastAltered: Math.max(now, (existing?.lastAltered ?? 0) + 1),
        lastAlteredBy: ctx.currentUser,
      };
      (entry as FunctionEntry & { dataAccess: string }).dataAccess = def.dataAccess;
      doc.functions[q.key] = entry;
    });
    return [];
  },
};

export const dropFunctionStatement: StatementHandler = {
  name: "DROP FUNCTION",
  matches: (t) => startsWithWords(t, "DROP", "FUNCTION") || startsWithWords(t, "DROP", "TEMPORARY", "FUNCTION"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("DROP");
    cur.acceptWords("TEMPORARY");
    cur.expectWords("FUNCTION");
    const ifExists = cur.acceptWords("IF", "EXISTS");
    const q = qualifyObject(ctx, cur.nameParts());
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      if (!doc.functions[q.key]) {
        if (ifExists) return;
        requireSchemaIn(doc, q.catalog, q.schema);
        throw routineNotFound(q.catalog, q.schema, q.name);
      }
      refuseInSharedCatalog(doc, q.key, "drop a function");
      delete doc.functions[q.key];
    });
    return [];
  },
};

/** Databricks SHOW pattern: `*` matches anything, `|` separates alternatives, case-insensitive. */
export function showPatternMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alts = pattern
    .trim()
    .split("|")
    .map((a) => new RegExp("^" + a.trim().split("*").map((s) => s.replace(/[.+?^${}()[\]\\]/g, "\\$&")).join(".*") + "$", "i"));
  return (name) => alts.some((re) => re.test(name));
}

/**
 * `SHOW [USER | SYSTEM | ALL] FUNCTIONS [{IN | FROM} [c.]s] [[LIKE] 'pattern']` → column `function`
 * with qualified names. Built-in functions are not listed (the local engine has no catalogue of them).
 */
export const showFunctionsStatement: StatementHandler = {
  name: "SHOW FUNCTIONS",
  matches: (t) =>
    startsWithWords(t, "SHOW", "FUNCTIONS") || startsWithWords(t, "SHOW", "USER", "FUNCTIONS") ||
    startsWithWords(t, "SHOW", "ALL", "FUNCTIONS") || startsWithWords(t, "SHOW", "SYSTEM", "FUNCTIONS"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW");
    const scope = cur.acceptOneOf("USER", "SYSTEM", "ALL");
    cur.expectWords("FUNCTIONS");
    let schema = { catalog: ctx.session.catalog.toLowerCase(), schema: ctx.session.schema.toLowerCase() };
    if (cur.acceptOneOf("IN", "FROM")) schema = qualifySchema(ctx, cur.nameParts());
    cur.acceptWords("LIKE");
    const pattern = cur.atEnd() ? undefined : cur.string();
    cur.expectEnd();
    const doc = ctx.readMeta();
    requireSchemaIn(doc, schema.catalog, schema.schema);
    if (scope === "SYSTEM") return [];
    const match = showPatternMatcher(pattern);
    return Object.values(doc.functions)
      .filter((f) => f.catalog === schema.catalog && f.schema === schema.schema && match(f.name))
      .map((f) => `${f.catalog}.${f.schema}.${f.name}`)
      .sort()
      .map((name) => ({ function: name }));
  },
};

/** `DESCRIBE FUNCTION [EXTENDED] f` → column `function_desc`, one `Label: value` line per row. */
export function describeFunctionRows(f: FunctionEntry, extended: boolean): Row[] {
  const params = f.parameters as FunctionParameter[];
  const lines: string[] = [`Function:      ${f.catalog}.${f.schema}.${f.name}`, `Type:          ${f.returnType.startsWith("TABLE") ? "TABLE" : "SCALAR"}`];
  if (params.length === 0) lines.push("Input:         ()");
  params.forEach((p, i) => lines.push(`${i === 0 ? "Input:        " : "             "} ${p.name} ${p.type}${p.default !== undefined ? ` DEFAULT ${p.default}` : ""}`));
  lines.push(`Returns:       ${f.returnType}`);
  if (extended) {
    lines.push(
      `Comment:       ${f.comment ?? ""}`,
      `Deterministic: ${f.deterministic}`,
      `Data Access:   ${(f as FunctionEntry & { dataAccess?: string }).dataAccess ?? "CONTAINS SQL"}`,
      `Configs:       `,
      `Owner:         ${f.owner}`,
      `Create Time:   ${new Date(f.createdAt).toISOString()}`,
      `Body:          ${f.body}`,
    );
  }
  return lines.map((function_desc) => ({ function_desc }));
}

export const describeFunctionStatement: StatementHandler = {
  name: "DESCRIBE FUNCTION",
  matches: (t) => startsWithWords(t, "DESCRIBE", "FUNCTION") || startsWithWords(t, "DESC", "FUNCTION"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.acceptOneOf("DESCRIBE", "DESC");
    cur.expectWords("FUNCTION");
    const extended = cur.acceptWords("EXTENDED");
    const q = qualifyObject(ctx, cur.nameParts());
    cur.expectEnd();
    const doc = ctx.readMeta();
    const f = doc.functions[q.key];
    if (!f) {
      requireSchemaIn(doc, q.catalog, q.schema);
      throw routineNotFound(q.catalog, q.schema, q.name);
    }
    return describeFunctionRows(f, extended);
  },
};

/** Looks up a function for callers outside the family (policies, showCreate). */
export const functionStatements: StatementHandler[] = [createFunctionStatement, dropFunctionStatement, showFunctionsStatement, describeFunctionStatement];
