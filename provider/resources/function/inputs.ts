/**
 * Inputs and outputs of the cloned SQL function resource (`catalog-clone:Function`), as zod schemas:
 * the single source of their TypeScript types and of check() failures.
 *
 * The component fills them from discovery (components/catalogClone/definitions.ts): the definition to
 * write (its body already rewritten to the destination catalog) and the destination function as
 * discovery saw it (`observed`), so a no-drift run compares inputs with outputs and runs no statement.
 */
import { z } from "zod";
import { objectRefSchema } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

/** One parameter of a SQL function. */
export const FunctionParameterSchema = z.object({
  /** Parameter name. */
  name: z.string().min(1),
  /** SQL type text (`STRING`, `DECIMAL(10,2)`), as information_schema.parameters.full_data_type reports it. */
  type: z.string().min(1),
  /** Parameter comment; absent when none. */
  comment: z.string().optional(),
  /** DEFAULT expression; absent when none. */
  default: z.string().optional(),
});

/** What defines a SQL function: compared as a whole to tell a changed function from an unchanged one. */
export const FunctionDefinitionSchema = z.object({
  /** Parameters, in order. */
  parameters: z.array(FunctionParameterSchema),
  /** Return type text. */
  returns: z.string().min(1),
  /** The expression after RETURN. */
  body: z.string().min(1),
  /** COMMENT, without this stack's ownership token (ownership.ts creationToken); null when none. */
  comment: z.string().nullable(),
  /** DETERMINISTIC (true) or NOT DETERMINISTIC. */
  deterministic: z.boolean(),
});
export type FunctionDefinition = z.infer<typeof FunctionDefinitionSchema>;

export const FunctionInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker, carried as a token in the function's COMMENT (functions have no properties). */
  owner: ownerInput,
  /** The source function (only ever read), for messages and the report. */
  source: objectRefSchema,
  /** The destination function. */
  destination: objectRefSchema,
  /** The definition to write. */
  definition: FunctionDefinitionSchema,
  /** The destination function as discovery saw it (its token stripped); null when absent. */
  observed: FunctionDefinitionSchema.nullable().default(null),
});
export type FunctionInputs = z.infer<typeof FunctionInputs>;

export const FunctionOutputs = FunctionInputs.extend({
  ...markedObjectOutputs,
  /** An adopted function's definition before this stack first wrote it (written back on destroy); null otherwise. */
  previous: FunctionDefinitionSchema.nullable(),
});
export type FunctionOutputs = z.infer<typeof FunctionOutputs>;
