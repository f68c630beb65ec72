/**
 * The `definitions` argument of a CatalogClone: how views and SQL functions are cloned (their own
 * schema here, hooked into args.ts, so the table arguments stay where they are).
 */
import { z } from "zod";
import { objectShapeError } from "../../provider/vocabulary/objectShapeError";

export const definitionsSchema = z.strictObject(
  {
    /** Clone the source's views (default `true`); `false` lists every view as skipped (DEFINITIONS_OFF). */
    views: z.boolean({ error: "definitions.views must be true or false." }).default(true),
    /** Clone the source's SQL functions (default `true`); `false` lists every function as skipped (DEFINITIONS_OFF). */
    functions: z.boolean({ error: "definitions.functions must be true or false." }).default(true),
    /**
     * `true`: cloned views and functions keep reading the SOURCE catalog (its tables, views and functions),
     * so a destination serves prod data through its views. Default `false`: references to the source catalog
     * are pointed at the destination's copies.
     */
    keepSourceReferences: z.boolean({ error: "definitions.keepSourceReferences must be true or false." }).default(false),
    /**
     * What to do with a view or function that reads an object of the source catalog this clone does not
     * clone (out of scope, skipped, or missing): `skip` (default) leaves it out and lists it with reason
     * OUT_OF_SCOPE_REFERENCE; `keepSource` clones it with that one reference still pointing at the source
     * catalog (the plan lists each such reference). Never guessed: every case is reported.
     */
    outOfScopeReferences: z.enum(["skip", "keepSource"], { error: 'definitions.outOfScopeReferences must be "skip" or "keepSource".' }).default("skip"),
  },
  { error: objectShapeError("definitions", '{ views?: true, functions?: true, keepSourceReferences?: false, outOfScopeReferences?: "skip" }') },
);
export type DefinitionsOptions = z.output<typeof definitionsSchema>;
