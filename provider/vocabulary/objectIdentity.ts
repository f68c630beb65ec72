/**
 * Object identity: names of Unity Catalog catalogs, schemas and tables, and the three-part name of a
 * table. Two strengths, one definition each:
 * - `unityCatalogName(field)`: a name a user writes (CatalogClone arguments, stack config), checked
 *   against Unity Catalog's naming rules and for look-alikes (unambiguousName.ts), lower-cased as Unity
 *   Catalog stores it;
 * - `objectNamePart(field)`: a name the program passes to a resource (already checked, or read from
 *   discovery, where the source's own names are taken as they are), only required to be non-empty.
 */
import { z } from "zod";
import { ambiguousNameProblem } from "./unambiguousName";

/**
 * A Unity Catalog name (catalog or schema) in arguments. Unity Catalog stores names lower-cased and
 * forbids periods, spaces, forward slashes and control characters; at most 255 characters. Names that
 * would look like another name (invisible characters, look-alike scripts) are refused too.
 */
export function unityCatalogName(field: string) {
  return z
    .string({ error: `${field} must be a string (a Unity Catalog name).` })
    .min(1, { error: `${field} must not be empty.` })
    .max(255, { error: `${field} must be at most 255 characters.` })
    .refine((s) => !/[.\s/\u0000-\u001f\u007f]/.test(s), {
      error: `${field} may not contain periods, spaces, slashes or control characters (Unity Catalog naming rules); use a plain name such as "dev_sandbox".`,
    })
    .superRefine((s, ctx) => {
      const problem = ambiguousNameProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: `${field} ${problem}` });
    })
    .transform((s) => s.toLowerCase());
}

/** One part (catalog, schema or object name) of a resource's object name, as the program passes it. */
export function objectNamePart(field: string) {
  return z.string().min(1, { error: `${field} must not be empty.` });
}

/** A three-part table name: `catalog.schema.table`. */
export const tableRefSchema = z.object({
  catalog: objectNamePart("catalog"),
  schema: objectNamePart("schema"),
  table: objectNamePart("table"),
});
export type TableRef = z.infer<typeof tableRefSchema>;

/** A three-part name of a view or function: `catalog.schema.name`. */
export const objectRefSchema = z.object({
  catalog: objectNamePart("catalog"),
  schema: objectNamePart("schema"),
  name: objectNamePart("name"),
});
export type ObjectRef = z.infer<typeof objectRefSchema>;
