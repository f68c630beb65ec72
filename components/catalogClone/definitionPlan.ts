/**
 * Planning of views and SQL functions: a pure function from the arguments, what discovery saw and the
 * tables the plan clones, to the views and functions to register (their text rewritten for the
 * destination, in dependency order, each with the objects it reads) and those left out with their
 * reason. Nothing is guessed:
 * - a view or function reading an object of the source catalog that this clone does not produce (out of
 *   scope, skipped, missing) is skipped (OUT_OF_SCOPE_REFERENCE) or, with
 *   `definitions.outOfScopeReferences: "keepSource"`, cloned with that reference kept on the source;
 * - objects that read each other in a cycle are skipped (DEPENDENCY_CYCLE): no creation order exists;
 * - skipping one skips what reads it, transitively (the loop runs until nothing changes).
 */
import { rewriteDefinition, type DefinitionReference } from "../../provider/sql/definitionRewriter";
import { commentWithoutToken } from "../../provider/resources/ownership";
import type { FunctionDefinition } from "../../provider/resources/function/inputs";
import type { ViewDefinition } from "../../provider/resources/view/inputs";
import type { ResolvedCatalogCloneArgs } from "./args";
import type { DiscoveredFunction, DiscoveredView } from "./definitionDiscovery";
import type { DiscoveredCatalog } from "./discovery";

/** `table:s.t`, `view:s.v`, `function:s.f`: a child the component registers (or registered). */
export type ObjectKey = string;

export const tableKey = (schema: string, name: string): ObjectKey => `table:${schema}.${name}`;
export const viewKey = (schema: string, name: string): ObjectKey => `view:${schema}.${name}`;
export const functionKey = (schema: string, name: string): ObjectKey => `function:${schema}.${name}`;

/** Why a view or function of the source is not cloned. */
export type DefinitionSkipReason =
  | "DEFINITIONS_OFF"
  | "DEFINITION_HIDDEN"
  | "FUNCTION_NOT_SQL"
  | "TABLE_FUNCTION"
  | "OUT_OF_SCOPE_REFERENCE"
  | "DEPENDENCY_CYCLE"
  | "UNREADABLE_DEFINITION"
  | "EXCLUDED_SCHEMA";

export interface SkippedDefinition {
  schema: string;
  name: string;
  /** VIEW or FUNCTION. */
  tableType: "VIEW" | "FUNCTION";
  reason: DefinitionSkipReason;
  detail: string;
}

export interface PlannedView {
  schema: string;
  name: string;
  definition: ViewDefinition;
  /** The destination view as discovered (null: absent). */
  observed: ViewDefinition | null;
  /** The cloned objects it reads (tables, views, functions), to depend on. */
  dependsOn: ObjectKey[];
  /** References left on the source catalog (keepSourceReferences, or outOfScopeReferences keepSource). */
  sourceReferences: string[];
}

export interface PlannedFunction {
  schema: string;
  name: string;
  definition: FunctionDefinition;
  observed: FunctionDefinition | null;
  dependsOn: ObjectKey[];
  sourceReferences: string[];
}

export interface DefinitionPlan {
  /** In creation order: everything an object reads comes before it. */
  views: PlannedView[];
  functions: PlannedFunction[];
  skipped: SkippedDefinition[];
  /** One line per reference kept on the source catalog although its object is not cloned (outOfScopeReferences keepSource). */
  warnings: string[];
}

interface Candidate {
  key: ObjectKey;
  kind: "view" | "function";
  schema: string;
  name: string;
  text: string;
  view?: DiscoveredView;
  fn?: DiscoveredFunction;
}

/** A view listed by information_schema.tables without a definition row. */
const view = (schema: string, name: string): DiscoveredView => ({ schema, name, definition: null, comment: null });

/** The function as written in the destination: the source's definition, body rewritten, the comment without any stray ownership token. */
function functionDefinition(fn: DiscoveredFunction, body: string): FunctionDefinition {
  return { ...fn.definition, body, comment: commentWithoutToken(fn.definition.comment) };
}

/** Keys in creation order (dependencies first), ties by key; undefined keys (not cloned) ignored. Members of cycles come back in `cyclic`. */
export function creationOrder(deps: ReadonlyMap<ObjectKey, readonly ObjectKey[]>): { order: ObjectKey[]; cyclic: Set<ObjectKey> } {
  const order: ObjectKey[] = [];
  const state = new Map<ObjectKey, "visiting" | "done">();
  const cyclic = new Set<ObjectKey>();
  const stack: ObjectKey[] = [];
  const visit = (k: ObjectKey) => {
    const s = state.get(k);
    if (s === "done") return;
    if (s === "visiting") {
      // Everything on the stack from k's first visit is on the cycle.
      for (let i = stack.lastIndexOf(k); i < stack.length; i++) cyclic.add(stack[i]);
      return;
    }
    state.set(k, "visiting");
    stack.push(k);
    for (const d of [...(deps.get(k) ?? [])].sort()) if (deps.has(d)) visit(d);
    stack.pop();
    state.set(k, "done");
    order.push(k);
  };
  for (const k of [...deps.keys()].sort()) visit(k);
  // What reads a cyclic object cannot be created either; the caller skips it with its own reason.
  return { order: order.filter((k) => !cyclic.has(k)), cyclic };
}

/**
 * Plans the views and functions of `source` (and, for the destination side of each, `destination`).
 * `clonedTables` are the `schema.table` names the table plan clones; `inScope` tells whether a view
 * (by schema and name) or function (by schema) is in the clone's scope (out-of-scope ones are listed by
 * the table plan already, or here for functions).
 */
export function planDefinitions(
  args: ResolvedCatalogCloneArgs,
  source: DiscoveredCatalog,
  destination: DiscoveredCatalog,
  clonedTables: ReadonlySet<string>,
  inScope: { view(schema: string, name: string): boolean; schema(schema: string): string | undefined },
  /** Functions (`schema.name`) another child creates in the destination (a protected table's policy functions): read, never planned here. */
  providedFunctions: ReadonlySet<string> = new Set(),
): DefinitionPlan {
  const opts = args.definitions;
  const skipped: SkippedDefinition[] = [];
  const warnings: string[] = [];
  const skip = (c: { schema: string; name: string }, tableType: "VIEW" | "FUNCTION", reason: DefinitionSkipReason, detail: string) =>
    skipped.push({ schema: c.schema, name: c.name, tableType, reason, detail });

  const sourceRelations = new Set(source.tables.map((t) => `${t.schema}.${t.name}`));
  const sourceFunctions = new Set((source.functions ?? []).map((f) => `${f.schema}.${f.name}`));

  const candidates = new Map<ObjectKey, Candidate>();
  // Views are those information_schema.tables lists as VIEW (materialized views etc. are the table plan's);
  // one without a row in information_schema.views is treated as one whose definition is hidden.
  const sourceViews = new Map((source.views ?? []).map((v) => [`${v.schema}.${v.name}`, v]));
  // Without discovered definitions (source.views absent) the table plan lists views as not cloned.
  for (const t of source.views === undefined ? [] : source.tables) {
    if (t.tableType.toUpperCase() !== "VIEW") continue;
    const v = sourceViews.get(`${t.schema}.${t.name}`) ?? view(t.schema, t.name);
    if (!inScope.view(v.schema, v.name)) continue; // listed by the table plan (EXCLUDED_*)
    if (!opts.views) { skip(v, "VIEW", "DEFINITIONS_OFF", "definitions.views is false."); continue; }
    if (v.definition === null) {
      skip(v, "VIEW", "DEFINITION_HIDDEN", "its definition is not visible to this principal (information_schema shows it to the view's owner only); run the clone as the owner or a metastore admin.");
      continue;
    }
    candidates.set(viewKey(v.schema, v.name), { key: viewKey(v.schema, v.name), kind: "view", schema: v.schema, name: v.name, text: v.definition, view: v });
  }
  for (const f of source.functions ?? []) {
    if (providedFunctions.has(`${f.schema}.${f.name}`)) continue; // created with the protected table that calls it
    const out = inScope.schema(f.schema);
    if (out) { skip(f, "FUNCTION", "EXCLUDED_SCHEMA", out); continue; }
    if (!opts.functions) { skip(f, "FUNCTION", "DEFINITIONS_OFF", "definitions.functions is false."); continue; }
    if (f.routineBody !== "SQL") {
      skip(f, "FUNCTION", "FUNCTION_NOT_SQL", `${f.language ?? "external"} functions are not cloned (only SQL bodies are rebuilt); create it in the destination by hand.`);
      continue;
    }
    if (f.definition.returns.toUpperCase().startsWith("TABLE")) {
      skip(f, "FUNCTION", "TABLE_FUNCTION", "table-valued functions are not cloned yet; create it in the destination by hand.");
      continue;
    }
    if (f.hidden) {
      skip(f, "FUNCTION", "DEFINITION_HIDDEN", "its body is not visible to this principal; run the clone as the function's owner or a metastore admin.");
      continue;
    }
    candidates.set(functionKey(f.schema, f.name), { key: functionKey(f.schema, f.name), kind: "function", schema: f.schema, name: f.name, text: f.definition.body, fn: f });
  }

  /** The key an object of the source that a definition reads is registered under, if the clone produces it. */
  const clonedKey = (r: DefinitionReference): ObjectKey | undefined => {
    if (r.kind === "function") {
      const k = functionKey(r.schema, r.name);
      return candidates.has(k) || providedFunctions.has(`${r.schema}.${r.name}`) ? k : undefined;
    }
    if (candidates.has(viewKey(r.schema, r.name))) return viewKey(r.schema, r.name);
    return clonedTables.has(`${r.schema}.${r.name}`) ? tableKey(r.schema, r.name) : undefined;
  };
  const holds = (r: DefinitionReference) => (r.kind === "function" ? sourceFunctions : sourceRelations).has(`${r.schema}.${r.name}`);
  const display = (r: DefinitionReference) => `${source.catalog}.${r.schema}.${r.name}`;

  let rewritten = new Map<ObjectKey, { text: string; deps: ObjectKey[]; kept: string[] }>();
  for (;;) {
    rewritten = new Map();
    let changed = false;
    for (const c of candidates.values()) {
      const outside: DefinitionReference[] = [];
      let result: ReturnType<typeof rewriteDefinition>;
      try {
        result = rewriteDefinition(c.text, {
          home: { catalog: source.catalog, schema: c.schema },
          holds,
          catalogFor: (r) => (opts.keepSourceReferences || clonedKey(r) === undefined ? source.catalog : destination.catalog),
        });
      } catch (err) {
        candidates.delete(c.key);
        skip(c, c.kind === "view" ? "VIEW" : "FUNCTION", "UNREADABLE_DEFINITION", `its text cannot be read as SQL: ${err instanceof Error ? err.message : String(err)}`);
        changed = true;
        continue;
      }
      const deps: ObjectKey[] = [];
      for (const r of result.references) {
        const k = clonedKey(r);
        if (k === undefined) outside.push(r);
        else deps.push(k);
      }
      if (outside.length > 0 && opts.outOfScopeReferences === "skip" && !opts.keepSourceReferences) {
        candidates.delete(c.key);
        skip(
          c,
          c.kind === "view" ? "VIEW" : "FUNCTION",
          "OUT_OF_SCOPE_REFERENCE",
          `reads ${outside.map(display).join(", ")}, which this clone does not produce (out of scope, skipped or missing); ` +
            'set definitions.outOfScopeReferences to "keepSource" to clone it reading the source for those, or bring them into scope.',
        );
        changed = true;
        continue;
      }
      const kept = opts.keepSourceReferences ? result.references.map(display) : outside.map(display);
      rewritten.set(c.key, { text: result.sql, deps: [...new Set(deps)], kept });
    }
    if (changed) continue;
    const graph = new Map<ObjectKey, ObjectKey[]>([...rewritten].map(([k, v]) => [k, v.deps.filter((d) => !d.startsWith("table:"))]));
    const { cyclic } = creationOrder(graph);
    if (cyclic.size === 0) break;
    for (const k of [...cyclic].sort()) {
      const c = candidates.get(k)!;
      candidates.delete(k);
      skip(c, c.kind === "view" ? "VIEW" : "FUNCTION", "DEPENDENCY_CYCLE", `it reads, directly or through others, itself (${[...cyclic].sort().join(" → ")}): no creation order exists.`);
    }
  }

  const graph = new Map<ObjectKey, ObjectKey[]>([...rewritten].map(([k, v]) => [k, v.deps.filter((d) => !d.startsWith("table:"))]));
  const { order } = creationOrder(graph);
  const destViews = new Map((destination.views ?? []).map((v) => [`${v.schema}.${v.name}`, v]));
  const destFunctions = new Map((destination.functions ?? []).map((f) => [`${f.schema}.${f.name}`, f]));
  const views: PlannedView[] = [];
  const functions: PlannedFunction[] = [];
  for (const k of order) {
    const c = candidates.get(k)!;
    const r = rewritten.get(k)!;
    if (!opts.keepSourceReferences && r.kept.length > 0) {
      warnings.push(`${c.schema}.${c.name} keeps reading the source catalog for ${r.kept.join(", ")} (not cloned; definitions.outOfScopeReferences is "keepSource").`);
    }
    if (c.kind === "view") {
      const d = destViews.get(`${c.schema}.${c.name}`);
      views.push({
        schema: c.schema,
        name: c.name,
        definition: { query: r.text, comment: c.view!.comment },
        observed: d && d.definition !== null ? { query: d.definition, comment: d.comment } : null,
        dependsOn: r.deps,
        sourceReferences: r.kept,
      });
    } else {
      const d = destFunctions.get(`${c.schema}.${c.name}`);
      functions.push({
        schema: c.schema,
        name: c.name,
        definition: functionDefinition(c.fn!, r.text),
        observed: d && !d.hidden ? { ...d.definition, comment: commentWithoutToken(d.definition.comment) } : null,
        dependsOn: r.deps,
        sourceReferences: r.kept,
      });
    }
  }
  return { views, functions, skipped, warnings };
}
