/**
 * The one way this library explains invalid input: a zod error becomes one problem per field, each
 * naming the field (`scope.includeSchemas[0]`) and saying how to fix it. Used by CatalogClone argument
 * validation, by every resource kind's inputs and recorded state (provider/resources/kit), and by
 * warehouse connection settings, so a mistake reads the same wherever it is made.
 *
 * A leaf module (zod only), so every layer can use it.
 */
import type { z } from "zod";
import { didYouMean } from "./didYouMean";

/** One invalid field and what to do about it. */
export interface InputProblem {
  /** Path of the field, e.g. `destination.catalog` or `scope.includeSchemas[0]`. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Unknown keys that look like credentials get the way secrets are passed instead of a spelling hint. */
const SECRET_LIKE = /token|secret|password|pat$|credential/i;

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** zod's description of a schema (the parts read here). */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  valueType?: { _zod: { def: SchemaDef } };
  options?: { _zod: { def: SchemaDef } }[];
}

/** The object schemas a value at `path` may be (through optional, default, transforms, lists, records, unions). */
function objectsAt(def: SchemaDef, path: readonly PropertyKey[]): SchemaDef[] {
  const wrapped = def.innerType ?? def.in;
  if (wrapped) return objectsAt(wrapped._zod.def, path);
  if (def.type === "union") return (def.options ?? []).flatMap((o) => objectsAt(o._zod.def, path));
  if (path.length === 0) return def.type === "object" ? [def] : [];
  const [head, ...rest] = path;
  const next = def.type === "object" ? def.shape?.[String(head)] : def.type === "array" ? def.element : def.type === "record" ? def.valueType : undefined;
  return next ? objectsAt(next._zod.def, rest) : [];
}

/** Field names the schema accepts at `path`, for "did you mean" hints. */
function knownFields(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
  if (!schema) return [];
  const names = objectsAt((schema as unknown as { _zod: { def: SchemaDef } })._zod.def, path).flatMap((d) => Object.keys(d.shape ?? {}));
  return [...new Set(names)];
}

/**
 * The problems of a failed parse of `input` with `schema`, one per field. `whole` names the input
 * itself when an issue has no path (e.g. "(arguments)").
 */
export function inputProblems(error: z.ZodError, input: unknown, schema?: z.ZodType, whole = "(inputs)"): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of error.issues) {
    const at = pathText(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = at ? `${at}.${key}` : key;
        const candidates = knownFields(schema, issue.path);
        const guess = didYouMean(key, candidates);
        const hint = SECRET_LIKE.test(key)
          ? " Secrets are never resource arguments: set them as secret stack config (`pulumi config set --secret databricks:token ...`) or in the environment (DATABRICKS_TOKEN)."
          : guess
            ? ` Did you mean "${guess}"?`
            : candidates.length > 0
              ? ` Known fields: ${candidates.join(", ")}.`
              : "";
        out.push({ field, message: `unknown field "${key}".${hint}` });
      }
      continue;
    }
    const field = at || whole;
    let message = issue.message;
    if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
      message = `${field} is required.`;
    } else if (issue.code === "invalid_value" && /^[a-z]/.test(message) && !message.includes(field)) {
      // A schema's own fragment ("must be one of ...") reads as a sentence once it names the field.
      message = `${field} ${message}`;
    }
    out.push({ field, message });
  }
  return out;
}

/** The problems on one line: `field: message; field: message`. */
export function problemsText(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join("; ");
}
