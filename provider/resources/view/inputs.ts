/**
 * Inputs and outputs of the cloned view resource (`catalog-clone:View`), as zod schemas: the single
 * source of their TypeScript types and of check() failures.
 *
 * The component fills them from discovery (components/catalogClone/definitionPlan.ts): the query to
 * write (references already rewritten for the destination) and the destination view as discovery saw
 * it (`observed`), so a no-drift run compares inputs with outputs and runs no statement.
 */
import { z } from "zod";
import { objectRefSchema } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

/** What defines a view: compared as a whole to tell a changed view from an unchanged one. */
export const ViewDefinitionSchema = z.object({
  /** The query after AS, as information_schema.views.view_definition gives it. */
  query: z.string().min(1),
  /** The view's COMMENT; null when none. */
  comment: z.string().nullable(),
});
export type ViewDefinition = z.infer<typeof ViewDefinitionSchema>;

export const ViewInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker, written into the view's TBLPROPERTIES by its creating statement. */
  owner: ownerInput,
  /** The source view (only ever read), recorded in TBLPROPERTIES `catalog_clone.source`. */
  source: objectRefSchema,
  /** The destination view. */
  destination: objectRefSchema,
  /** The definition to write. */
  definition: ViewDefinitionSchema,
  /** The destination view as discovery saw it; null when absent. */
  observed: ViewDefinitionSchema.nullable().default(null),
});
export type ViewInputs = z.infer<typeof ViewInputs>;

export const ViewOutputs = ViewInputs.extend({
  ...markedObjectOutputs,
  /** An adopted view's definition before this stack first wrote it (written back on destroy); null otherwise. */
  previous: ViewDefinitionSchema.nullable(),
});
export type ViewOutputs = z.infer<typeof ViewOutputs>;
