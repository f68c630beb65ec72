/**
 * What a protected table's copy needs from the source (issue 10, row filters and column masks): each
 * protected table's row filter (function, ON columns) and masks (column, function, USING COLUMNS), and
 * the SQL functions of the source catalog they call, read in 4 statements per catalog (ROW_FILTERS,
 * COLUMN_MASKS, ROUTINES, PARAMETERS), only when some source table has a policy (discovery's table
 * listing already says which). Read-only, so it also runs during preview.
 *
 * policyCopyFor (pure) turns that into the copy's policies and the functions to create first, or into the
 * reason the table cannot be copied safely.
 */
import {
  listColumnMasks,
  listRoutineParameters,
  listRoutines,
  listRowFilters,
  type ColumnMaskListingRow,
  type RoutineListingRow,
  type RoutineParameterRow,
  type RowFilterListingRow,
} from "../../provider/sql/discovery";
import { referencedObjects, rewriteFunctionCalls } from "../../provider/sql/catalogRewriter";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { FunctionRef, PolicyFunction, PolicySpec } from "../../provider/resources/protectedTable/inputs";

/** A SQL function of the source catalog, as information_schema shows it. */
export interface SourceFunction {
  schema: string;
  name: string;
  /** `SQL`, or `EXTERNAL` (Python, Scala: not rebuilt). */
  routineBody: string;
  /** The body after RETURN; null when this principal may not read it. */
  body: string | null;
  returns: string;
  parameters: { name: string; type: string }[];
}

/** The source's policies per table (`schema.table`, lower-cased) and its functions (`schema.name`, lower-cased). */
export interface SourcePolicies {
  tables: Map<string, PolicySpec>;
  functions: Map<string, SourceFunction>;
}

const lower = (s: unknown) => String(s).toLowerCase();
const splitList = (s: string | null) => (s ? s.split(",").map((c) => c.trim()).filter((c) => c.length > 0) : []);

/** Reads the policies of every table of `catalog` and its functions: 4 read-only statements. */
export async function discoverSourcePolicies(wh: Warehouse, catalog: string): Promise<SourcePolicies> {
  const filters = (await wh.execute(listRowFilters(catalog))) as unknown as RowFilterListingRow[];
  const masks = (await wh.execute(listColumnMasks(catalog))) as unknown as ColumnMaskListingRow[];
  const routines = (await wh.execute(listRoutines(catalog))) as unknown as RoutineListingRow[];
  const params = (await wh.execute(listRoutineParameters(catalog))) as unknown as RoutineParameterRow[];
  const tables = new Map<string, PolicySpec>();
  const of = (schema: unknown, table: unknown) => {
    const key = `${lower(schema)}.${lower(table)}`;
    let spec = tables.get(key);
    if (!spec) tables.set(key, (spec = { rowFilter: null, masks: [] }));
    return spec;
  };
  const ref = (c: unknown, s: unknown, n: unknown): FunctionRef => ({ catalog: lower(c), schema: lower(s), name: lower(n) });
  for (const f of filters) of(f.schema_name, f.table_name).rowFilter = { function: ref(f.filter_catalog, f.filter_schema, f.filter_name), columns: splitList(f.filter_col_usage) };
  for (const m of masks) of(m.schema_name, m.table_name).masks.push({ column: String(m.column_name), function: ref(m.mask_catalog, m.mask_schema, m.mask_name), using: splitList(m.mask_col_usage) });
  for (const spec of tables.values()) spec.masks.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
  const functions = new Map<string, SourceFunction>();
  for (const r of routines) {
    functions.set(`${lower(r.routine_schema)}.${lower(r.routine_name)}`, {
      schema: lower(r.routine_schema),
      name: lower(r.routine_name),
      routineBody: String(r.routine_body ?? "SQL").toUpperCase(),
      body: r.routine_definition === null || r.routine_definition === undefined ? null : String(r.routine_definition),
      returns: String(r.full_data_type ?? ""),
      parameters: [],
    });
  }
  for (const p of [...params].sort((a, b) => Number(a.ordinal_position) - Number(b.ordinal_position))) {
    functions.get(`${lower(p.specific_schema)}.${lower(p.specific_name)}`)?.parameters.push({ name: String(p.parameter_name), type: String(p.full_data_type) });
  }
  return { tables, functions };
}

/** What copying one protected table takes: its policies and the functions to create first (callees first), or why it cannot be copied. */
export type PolicyCopy = { policies: PolicySpec; functions: PolicyFunction[] } | { skip: string };

/**
 * The copy's policies for the source table's `spec`. With `policyFunctions: "destination"` every function
 * of the source catalog they call (directly or through other functions of that catalog) is recreated in
 * the destination, same schema and name, its body's calls of those functions re-pointed (tables it reads
 * stay the source's); the
 * policies then call those. Functions of other catalogs are called where they are. A function that cannot
 * be rebuilt (not SQL, body unreadable, schema out of scope) makes the table skipped, with the way out.
 */
export function policyCopyFor(
  spec: PolicySpec,
  source: SourcePolicies,
  opts: { sourceCatalog: string; destinationCatalog: string; policyFunctions: "destination" | "source"; schemasInScope: ReadonlySet<string> },
): PolicyCopy {
  if (opts.policyFunctions === "source") return { policies: spec, functions: [] };
  const src = opts.sourceCatalog.toLowerCase();
  const functions: PolicyFunction[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  let problem: string | undefined;
  const visit = (schema: string, name: string): void => {
    const key = `${schema}.${name}`;
    if (done.has(key) || problem) return;
    if (visiting.has(key)) {
      problem = `its policy functions call each other in a cycle (through ${src}.${key})`;
      return;
    }
    const f = source.functions.get(key);
    if (!f) {
      problem = `its policy function ${src}.${key} cannot be read from ${src}.information_schema.routines`;
      return;
    }
    if (f.routineBody !== "SQL" || f.body === null) {
      problem = `its policy function ${src}.${key} is ${f.routineBody !== "SQL" ? `an ${f.routineBody} function` : "a function whose body this principal cannot read"}, which is not rebuilt`;
      return;
    }
    if (!opts.schemasInScope.has(schema)) {
      problem = `its policy function ${src}.${key} is in schema ${schema}, which is out of scope`;
      return;
    }
    visiting.add(key);
    for (const [c, s, n] of referencedObjects(f.body)) {
      if (c === src && source.functions.has(`${s}.${n}`)) visit(s, n);
    }
    visiting.delete(key);
    done.add(key);
    functions.push({
      name: { catalog: opts.destinationCatalog, schema, name },
      parameters: f.parameters,
      returns: f.returns,
      // Only calls of the recreated functions move to the destination. Tables and views the body reads
      // (an entitlement table, say) stay the source's: in the destination, principals mapped into it could
      // write them and so decide who sees which rows; the function runs with its definer's rights anyway.
      body: rewriteFunctionCalls(f.body, opts.sourceCatalog, opts.destinationCatalog, (s, n) => source.functions.has(`${s}.${n}`)),
    });
  };
  const map = (fn: FunctionRef): FunctionRef => {
    if (fn.catalog !== src) return fn;
    visit(fn.schema, fn.name);
    return { catalog: opts.destinationCatalog, schema: fn.schema, name: fn.name };
  };
  const policies: PolicySpec = {
    rowFilter: spec.rowFilter ? { function: map(spec.rowFilter.function), columns: spec.rowFilter.columns } : null,
    masks: spec.masks.map((m) => ({ column: m.column, function: map(m.function), using: m.using })),
  };
  if (problem) return { skip: `${problem}; set policyFunctions to "source" to call the source's functions instead.` };
  return { policies, functions };
}
