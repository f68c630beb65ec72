/**
 * Inputs and outputs of the destination-schema resource (`catalog-clone:Schema`), as zod schemas:
 * the single source of their TypeScript types and of check() failures.
 *
 * CONTRACT NOTE (additive): the schema's ownership marker is read from the TAG `catalog_clone_owner`
 * (one `information_schema.schema_tags` query, like catalogs); DBPROPERTIES `catalog_clone.owner` is
 * still written at CREATE for humans. `retainedBecause` is an addition: a schema kept only for retained tables.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

export const SchemaInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker (tag `catalog_clone_owner`, plus DBPROPERTIES `catalog_clone.owner`). */
  owner: ownerInput,
  /** Destination catalog. */
  catalog: objectNamePart("catalog"),
  /** Schema name (lower case). */
  name: objectNamePart("name"),
  /** COMMENT when this stack creates the schema. */
  comment: z.string().optional(),
  /** Set when the schema no longer exists in the source but still holds retained tables: keep it, create nothing. */
  retainedBecause: z.string().optional(),
});
export type SchemaInputs = z.infer<typeof SchemaInputs>;

export const SchemaOutputs = SchemaInputs.extend(markedObjectOutputs);
export type SchemaOutputs = z.infer<typeof SchemaOutputs>;
