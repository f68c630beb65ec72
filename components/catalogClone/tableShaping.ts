/**
 * Subsets, shape and masking in the CatalogClone arguments: the zod schemas of `masking`,
 * `tblProperties`, `schemaOnly` and the per-table `where` / `schemaOnly` / `tblProperties` of
 * `tableOverrides`, the checks that span fields (refused with SHALLOW, reserved property keys), and
 * the `shape` input each planned table gets (provider/resources/table/shape.ts). Pure: no SQL runs.
 */
import { z } from "zod";
import { DEFAULT_KEEP_LAST } from "../../provider/sql/masking";
import { validateRowExpression } from "../../provider/sql/rowExpression";
import { reservedPropertyProblem, type ColumnMaskInput, type TableShape } from "../../provider/resources/table/shape";

function rowExpression(field: string) {
  return z.string({ error: `${field} must be a SQL expression string.` }).superRefine((s, ctx) => {
    try {
      validateRowExpression(s, field);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** A row subset: one boolean SQL expression over the source table's own columns. */
export const whereSchema = rowExpression("where");

/** TBLPROPERTIES set on created tables; `catalog_clone.*` keys are this project's markers and refused. */
export const tblPropertiesSchema = z
  .record(z.string().min(1, { error: "tblProperties keys must not be empty." }), z.string({ error: "tblProperties values must be strings." }), {
    error: 'tblProperties must be an object of strings, e.g. { "delta.enableChangeDataFeed": "false" }.',
  })
  .superRefine((p, ctx) => {
    const problem = reservedPropertyProblem(Object.keys(p));
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const STRATEGY_NAMES = ["email", "hash", "partial", "redact", "null"] as const;

/** How one column is masked: a strategy name, or an object for options and custom expressions. */
export const maskRuleSchema = z.union(
  [
    z.enum(STRATEGY_NAMES),
    z.strictObject({
      /** `email` (`***@domain`), `hash` (SHA-256 hex), `partial` (all but the last characters as `*`), `redact` (a constant), `null`, or `expression`. */
      strategy: z.enum([...STRATEGY_NAMES, "expression"]),
      /** `partial` only: characters kept at the end (default 4), shown only when at least as many are hidden. */
      keepLast: z.number().int().min(0).max(64).optional(),
      /** `redact` only: the constant written instead of the value (default `***`). */
      replacement: z.string().optional(),
      /** `expression` only: one SQL expression over the row's own columns, e.g. `concat(left(name, 1), '.')`. */
      expression: z.string().optional(),
    }),
  ],
  {
    error: 'a masking rule must be "email", "hash", "partial", "redact", "null" or { strategy, keepLast?, replacement?, expression? }.',
  },
);
export type MaskRule = z.infer<typeof maskRuleSchema>;

/** Key of a masking rule or override: `schema.table`, where either part may use `*` as a wildcard. */
const TABLE_PATTERN_RE = /^[^.\s/]+\.[^.\s/]+$/;

export const maskingSchema = z
  .record(
    z.string(),
    z.record(z.string().min(1, { error: "masking column names must not be empty." }), maskRuleSchema, {
      error: 'each masking entry must map column names to rules, e.g. { email: "email", ssn: "partial" }.',
    }),
    { error: 'masking must be an object keyed by "schema.table" or a pattern such as "crm.*", e.g. { "crm.customers": { email: "email" } }.' },
  )
  .superRefine((m, ctx) => {
    for (const [key, columns] of Object.entries(m)) {
      if (!TABLE_PATTERN_RE.test(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `masking key "${key}" must be "schema.table" (source names; "*" matches any characters, e.g. "crm.*").` });
      }
      for (const [column, rule] of Object.entries(columns)) {
        if (typeof rule === "string") continue;
        const at = `masking["${key}"].${column}`;
        if (rule.strategy === "expression") {
          if (rule.expression === undefined) ctx.addIssue({ code: "custom", path: [key, column, "expression"], message: `${at}: strategy "expression" needs an expression.` });
          else {
            try {
              validateRowExpression(rule.expression, `${at}.expression`);
            } catch (e) {
              ctx.addIssue({ code: "custom", path: [key, column, "expression"], message: e instanceof Error ? e.message : String(e) });
            }
          }
        } else if (rule.expression !== undefined) {
          ctx.addIssue({ code: "custom", path: [key, column, "expression"], message: `${at}: expression is only used with strategy "expression"; remove it or set strategy "expression".` });
        }
        if (rule.keepLast !== undefined && rule.strategy !== "partial") {
          ctx.addIssue({ code: "custom", path: [key, column, "keepLast"], message: `${at}: keepLast is only used with strategy "partial".` });
        }
        if (rule.replacement !== undefined && rule.strategy !== "redact") {
          ctx.addIssue({ code: "custom", path: [key, column, "replacement"], message: `${at}: replacement is only used with strategy "redact".` });
        }
      }
    }
  });
export type Masking = z.infer<typeof maskingSchema>;

/** What the cross-field checks read from the resolved arguments. */
interface ShapingArgs {
  cloneType: string;
  schemaOnly?: boolean;
  tblProperties?: Record<string, string>;
  masking?: Masking;
  tableOverrides?: Record<string, { where?: string; schemaOnly?: boolean; tblProperties?: Record<string, string> }>;
}

/** Problems that span fields: a `where` subset or masking with cloneType SHALLOW (they are written as copies). */
export function shapingProblems(a: ShapingArgs): { path: (string | number)[]; message: string }[] {
  if (a.cloneType !== "SHALLOW") return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [key, o] of Object.entries(a.tableOverrides ?? {})) {
    if (o.where !== undefined) {
      out.push({
        path: ["tableOverrides", key, "where"],
        message: `tableOverrides["${key}"].where needs cloneType DEEP: a subset is written by CREATE TABLE … AS SELECT (a copy of the rows), which a SHALLOW clone is not. Use cloneType DEEP, or remove where.`,
      });
    }
  }
  if (a.masking && Object.keys(a.masking).length > 0) {
    out.push({
      path: ["masking"],
      message: "masking needs cloneType DEEP: a masked table is written by CREATE TABLE … AS SELECT (a copy), and a SHALLOW clone would read the source's raw files. Use cloneType DEEP, or remove masking.",
    });
  }
  return out;
}

function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "i");
  return re.test(name);
}

function normalizeRule(rule: MaskRule): ColumnMaskInput["rule"] {
  if (typeof rule === "string") return rule === "partial" ? { strategy: "partial", keepLast: DEFAULT_KEEP_LAST } : { strategy: rule };
  const out: ColumnMaskInput["rule"] = { strategy: rule.strategy };
  if (rule.strategy === "partial") out.keepLast = rule.keepLast ?? DEFAULT_KEEP_LAST;
  if (rule.replacement !== undefined) out.replacement = rule.replacement;
  if (rule.expression !== undefined) out.expression = rule.expression;
  return out;
}

/**
 * The masks of table `schema.table`: the rules of its exact key first (the column must exist), then
 * those of every matching pattern, in the order written (a column already masked keeps its first rule;
 * a pattern's column may be absent from a table).
 */
export function masksFor(masking: Masking | undefined, schema: string, table: string): ColumnMaskInput[] {
  const name = `${schema}.${table}`;
  const out: ColumnMaskInput[] = [];
  const entries = Object.entries(masking ?? {});
  const exact = entries.filter(([k]) => !k.includes("*") && k.toLowerCase() === name.toLowerCase());
  const patterns = entries.filter(([k]) => k.includes("*") && globMatches(k, name));
  for (const [key, columns] of [...exact, ...patterns]) {
    for (const [column, rule] of Object.entries(columns)) {
      if (out.some((m) => m.column.toLowerCase() === column.toLowerCase())) continue;
      out.push({ column, rule: normalizeRule(rule), required: !key.includes("*"), origin: `masking["${key}"].${column}` });
    }
  }
  return out;
}

/** The `shape` input of one planned table (undefined: a plain clone, so nothing changes for stacks without shaping). */
export function tableShapeFor(a: ShapingArgs, schema: string, table: string): TableShape | undefined {
  const o = Object.entries(a.tableOverrides ?? {}).find(([k]) => k.toLowerCase() === `${schema}.${table}`.toLowerCase())?.[1];
  const shape: TableShape = {};
  if (o?.where !== undefined) shape.where = o.where;
  if (o?.schemaOnly ?? a.schemaOnly) shape.schemaOnly = true;
  const props = { ...(a.tblProperties ?? {}), ...(o?.tblProperties ?? {}) };
  if (Object.keys(props).length > 0) shape.tblProperties = props;
  const masks = masksFor(a.masking, schema, table);
  if (masks.length > 0) shape.masks = masks;
  return Object.keys(shape).length > 0 ? shape : undefined;
}

/** What the report says about shaping (absent when no table is shaped). */
export interface ShapingReport {
  /** Tables created empty with the source's structure (schemaOnly). */
  schemaOnly: string[];
  /** Tables written as a row subset, with their predicate. */
  subsets: { name: string; where: string }[];
  /** Tables with masked columns (column → strategy); pattern columns absent from a table are listed too, and skipped by the write. */
  masked: { name: string; columns: Record<string, string> }[];
  /** Tables given extra TBLPROPERTIES (keys). */
  tblProperties: { name: string; keys: string[] }[];
  /**
   * Exact keys of `masking` and shaping `tableOverrides` that name no table this run clones (misspelt, out
   * of scope, skipped or gone): their rules applied to nothing.
   */
  unmatched: string[];
}

/** The report's `shaping` section for the planned tables, or nothing when none is shaped. */
export function shapingReport(a: ShapingArgs, tables: readonly { schema: string; table: string }[]): { shaping?: ShapingReport } {
  const r: ShapingReport = { schemaOnly: [], subsets: [], masked: [], tblProperties: [], unmatched: [] };
  const planned = new Set(tables.map((t) => `${t.schema}.${t.table}`.toLowerCase()));
  const shapingOverrides = Object.entries(a.tableOverrides ?? {}).filter(([, o]) => o.where !== undefined || o.schemaOnly !== undefined || o.tblProperties !== undefined);
  for (const k of [...Object.keys(a.masking ?? {}).filter((k) => !k.includes("*")).map((k) => `masking["${k}"]`), ...shapingOverrides.map(([k]) => `tableOverrides["${k}"]`)]) {
    const name = k.slice(k.indexOf('"') + 1, k.lastIndexOf('"')).toLowerCase();
    if (!planned.has(name)) r.unmatched.push(k);
  }
  for (const t of tables) {
    const name = `${t.schema}.${t.table}`;
    const shape = tableShapeFor(a, t.schema, t.table);
    if (!shape) continue;
    if (shape.schemaOnly) r.schemaOnly.push(name);
    else if (shape.where !== undefined) r.subsets.push({ name, where: shape.where });
    if (shape.masks) r.masked.push({ name, columns: Object.fromEntries(shape.masks.map((m) => [m.column, m.rule.strategy])) });
    if (shape.tblProperties) r.tblProperties.push({ name, keys: Object.keys(shape.tblProperties) });
  }
  const any = r.schemaOnly.length + r.subsets.length + r.masked.length + r.tblProperties.length + r.unmatched.length > 0;
  return any ? { shaping: r } : {};
}

/** Plan lines (printed at program time, preview included) for the shaped tables and the keys that matched none. */
export function describeShaping(a: ShapingArgs, tables: readonly { schema: string; table: string }[]): string[] {
  const lines: string[] = [];
  for (const t of tables) {
    const shape = tableShapeFor(a, t.schema, t.table);
    if (!shape) continue;
    const parts: string[] = [];
    if (shape.schemaOnly) parts.push("schema only (no rows)");
    else if (shape.where !== undefined) parts.push(`rows where ${shape.where}`);
    if (shape.masks) parts.push(`mask ${shape.masks.map((m) => `${m.column} (${m.rule.strategy})`).join(", ")}`);
    if (shape.tblProperties) parts.push(`tblProperties ${Object.keys(shape.tblProperties).join(", ")}`);
    lines.push(`  shape ${t.schema}.${t.table}: ${parts.join("; ")}`);
  }
  for (const k of shapingReport(a, tables).shaping?.unmatched ?? []) lines.push(`  warning: ${k} names no table this run clones (misspelt, out of scope or skipped): it applies to nothing`);
  return lines;
}
