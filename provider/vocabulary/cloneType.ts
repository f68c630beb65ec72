/**
 * Clone type: how a destination table holds its data. One definition for CatalogClone's `cloneType`,
 * the table resource's input, the planner and the CLONE statement builder.
 */
import { z } from "zod";

/**
 * `DEEP` copies the data files (independent of the source; use for qa and DR), `SHALLOW` references
 * the source's files (instant and free, breaks if the source is vacuumed; Delta managed tables only).
 */
export const cloneTypeSchema = z.enum(["DEEP", "SHALLOW"], {
  error: 'must be "DEEP" (copy data files) or "SHALLOW" (reference the source files).',
});
export type CloneType = z.infer<typeof cloneTypeSchema>;

/**
 * The clone type of a table resource whose inputs name none. CatalogClone has no default (users must
 * choose: the two differ in cost and in what survives a source VACUUM) and always passes its choice on;
 * this default covers table inputs without the field (state written before it was an input).
 */
export const DEFAULT_CLONE_TYPE: CloneType = "DEEP";
