/**
 * Inputs and outputs of a protected-table copy (`catalog-clone:ProtectedTable`): a source table with a
 * row filter and/or column masks, which Databricks refuses to CLONE, copied into a destination table
 * created WITH its policies (provider/sql/protectedTable.ts), after the functions they call.
 */
import { z } from "zod";
import { objectNamePart, tableRefSchema } from "../../vocabulary/objectIdentity";

/** A function's three-part name. */
export const FunctionRef = z.object({
  catalog: objectNamePart("catalog"),
  schema: objectNamePart("schema"),
  name: objectNamePart("name"),
});
export type FunctionRef = z.infer<typeof FunctionRef>;

/** The row filter and column masks the destination table is created with (arguments in the source's order). */
export const PolicySpec = z.object({
  /** `WITH ROW FILTER function ON (columns)`; null: no row filter. */
  rowFilter: z.object({ function: FunctionRef, columns: z.array(z.string()) }).nullable(),
  /** One mask per column: `column ... MASK function USING COLUMNS (using)`. */
  masks: z.array(z.object({ column: z.string(), function: FunctionRef, using: z.array(z.string()) })),
});
export type PolicySpec = z.infer<typeof PolicySpec>;

/** A SQL function a policy calls, created in the destination before the table (body already pointing at the destination). */
export const PolicyFunction = z.object({
  name: FunctionRef,
  parameters: z.array(z.object({ name: z.string(), type: z.string() })),
  returns: z.string(),
  body: z.string(),
});
export type PolicyFunction = z.infer<typeof PolicyFunction>;

export const ProtectedTableInputs = z.object({
  /** Non-secret warehouse selector (provider/resources/connectionRef.ts); absent → stack config / env. */
  connection: z.unknown().optional(),
  /** `<project>/<stack>`: the ownership marker written into TBLPROPERTIES and function comments. */
  owner: z.string().min(1, "owner must be '<project>/<stack>'"),
  /** The protected source table (only ever read, through its policies). */
  source: tableRefSchema,
  /** The destination table, created with `policies` in its creating statement. */
  destination: tableRefSchema,
  /** The destination's row filter and masks (pointing at the destination's functions, or the source's). */
  policies: PolicySpec,
  /** Functions created (or kept up to date) in the destination before the table; empty when the policies call the source's. */
  functions: z.array(PolicyFunction).default([]),
  /** What discovery saw of the source: its information_schema `last_altered` (a policy change moves it too). */
  sourceFingerprint: z.object({ lastAltered: z.string().nullable() }),
  /** What discovery saw of the destination. */
  destinationFingerprint: z.object({ exists: z.boolean(), lastAltered: z.string().nullable().optional() }),
});
export type ProtectedTableInputs = z.infer<typeof ProtectedTableInputs>;

export const ProtectedTableOutputs = ProtectedTableInputs.extend({
  /** The stack created the table (always: an existing table nobody marked is never adopted): destroy drops it. */
  createdByStack: z.boolean(),
  /** Destination functions this stack created (three-part names): destroy drops those no policy calls any more. */
  createdFunctions: z.array(z.string()),
  /** The source `last_altered` the copy was taken at (drift baseline). */
  copiedSourceLastAltered: z.string().nullable(),
  /** Destination `last_altered` right after the last write (drift baseline). */
  destinationLastAltered: z.string().nullable(),
  /** Rows the stack's principal read in the source and then in the destination (they must match). */
  rows: z.object({ source: z.number(), destination: z.number() }).nullable(),
  /** What the last run did: `cloned`, `re-cloned`, `adopted`, `functions-updated`, `unchanged`. */
  lastAction: z.string(),
  lastReason: z.string(),
  /** When these outputs were produced (ISO-8601). */
  ranAt: z.string().optional(),
});
export type ProtectedTableOutputs = z.infer<typeof ProtectedTableOutputs>;
