/**
 * Lifecycle of the destination schema (declared to the resource kit in handler.ts), with the same ownership rules as catalogs (DESIGN §4.2): create marked,
 * adopt unmarked, resume our own, refuse another stack's. The CREATE SCHEMA statement itself carries
 * the marker (DBPROPERTIES `catalog_clone.owner`), so a schema whose tag was never written (lost
 * response, crash before SET TAGS) is still recognised as this stack's and its marking is finished
 * (ownership.ts). Delete drops only a schema this stack created whose marker still names it, and only
 * when it is empty (never CASCADE: containerRemoval.ts); otherwise it stays, unmarked.
 */
import { findSchema, listTags, type TagListingRow } from "../../sql/discovery";
import { setTags, unsetTags } from "../../sql/tags";
import { listContainerContents, type ContainerContentRow } from "../../sql/containerContents";
import { createSchema as createSchemaSql, describeSchemaExtended, dropSchema, schemaPropertiesOf, setSchemaProperties } from "../../sql/schema";
import { commentOn } from "../../sql/comments";
import type { Warehouse } from "../../warehouse/warehouse";
import { executeIdempotent } from "../idempotentWrite";
import { createMarked, deleteMarked, type LocatedContainer } from "../markedContainer";
import { OWNER_PROPERTY, OWNER_TAG, effectiveMarker } from "../ownership";
import type { SchemaInputs, SchemaOutputs } from "./inputs";

/**
 * Does the schema exist? One statement on the metastore-wide schemata view, so a missing catalog is a
 * plain "no": reading `<catalog>.information_schema` of a dropped catalog fails (on Databricks with
 * TABLE_OR_VIEW_NOT_FOUND on the view itself, as seen on a workspace in issue 7: a class that cannot
 * tell a missing catalog from a missing view).
 */
export async function schemaExists(wh: Warehouse, catalog: string, name: string): Promise<boolean> {
  return (await wh.execute(findSchema(catalog, name))).length > 0;
}

/** The schema's ownership marker tag (`catalog_clone_owner`, see ownership.ts), undefined when absent. */
export async function schemaMarker(wh: Warehouse, catalog: string, name: string): Promise<string | undefined> {
  const rows = (await wh.execute(listTags(catalog, "schema", { schema: name }))) as unknown as TagListingRow[];
  return rows.find((r) => r.schema_name === name.toLowerCase() && r.tag_name === OWNER_TAG)?.tag_value;
}

/** The owner its CREATE SCHEMA wrote into DBPROPERTIES (one DESCRIBE, read only when the tag is missing). */
async function creationMarker(wh: Warehouse, catalog: string, name: string): Promise<string | undefined> {
  const props = schemaPropertiesOf(await wh.execute(describeSchemaExtended({ catalog, schema: name })));
  return props[OWNER_PROPERTY];
}

/** Who owns an existing schema: its tag, else the DBPROPERTIES marker of its creating statement. */
async function schemaOwnership(wh: Warehouse, catalog: string, name: string) {
  const tag = await schemaMarker(wh, catalog, name);
  if (tag !== undefined && tag.trim() !== "") return effectiveMarker(tag, undefined);
  return effectiveMarker(undefined, await creationMarker(wh, catalog, name));
}

/** Writes this stack's marker tag; idempotent, so a lost answer is simply re-sent. */
async function markSchema(wh: Warehouse, inputs: SchemaInputs): Promise<void> {
  await executeIdempotent(wh, setTags({ kind: "SCHEMA", catalog: inputs.catalog, schema: inputs.name }, { [OWNER_TAG]: inputs.owner }));
}

/** How the schema is found, who owns it (read only once it is found), and how it is dropped (RESTRICT). */
function locatedSchema(wh: Warehouse, catalog: string, name: string): LocatedContainer<true> {
  return {
    find: async () => ((await schemaExists(wh, catalog, name)) ? true : undefined),
    ownership: () => schemaOwnership(wh, catalog, name),
    drop: async () => void (await executeIdempotent(wh, dropSchema({ catalog, schema: name }, { cascade: false }))),
  };
}

/** Creates (or adopts) the destination schema (markedContainer.ts). */
export async function createSchema(wh: Warehouse, inputs: SchemaInputs): Promise<SchemaOutputs> {
  return createMarked({
    ...locatedSchema(wh, inputs.catalog, inputs.name),
    label: "Schema",
    id: `${inputs.catalog}.${inputs.name}`,
    inputs,
    wh,
    create: createSchemaSql({
      catalog: inputs.catalog,
      schema: inputs.name,
      ifNotExists: false,
      comment: inputs.comment,
      // The marker travels with the creating statement (DESIGN §4.9).
      properties: { [OWNER_PROPERTY]: inputs.owner },
    }),
    alreadyExists: ["SCHEMA_ALREADY_EXISTS"],
    creationMarker: "DBPROPERTIES marker",
    mark: () => markSchema(wh, inputs),
    // Nothing to keep: the schema is gone from the destination too; record it without creating anything.
    whenMissing: () =>
      inputs.retainedBecause ? { ...inputs, adopted: false, createdByStack: false, lastAction: `not created (${inputs.retainedBecause})` } : undefined,
  });
}

/** Removes this stack's markers from a schema it leaves in place: the tag and the DBPROPERTIES marker (set to ''). */
async function unmarkSchema(wh: Warehouse, catalog: string, name: string): Promise<void> {
  await executeIdempotent(wh, unsetTags({ kind: "SCHEMA", catalog, schema: name }, [OWNER_TAG]));
  await executeIdempotent(wh, setSchemaProperties({ catalog, schema: name }, { [OWNER_PROPERTY]: "" }));
}

/** Drops the schema when this stack created it, still marks it and it is empty; otherwise keeps it, unmarked (markedContainer.ts). */
export async function deleteSchema(wh: Warehouse, props: SchemaOutputs): Promise<string> {
  return deleteMarked({
    ...locatedSchema(wh, props.catalog, props.name),
    what: `schema ${props.catalog}.${props.name}`,
    props,
    notCreated: "was not created by this stack",
    contents: async () => (await wh.execute(listContainerContents(props.catalog, props.name))) as unknown as ContainerContentRow[],
    unmark: () => unmarkSchema(wh, props.catalog, props.name),
  });
}

/** Refresh: a schema gone from the destination disappears from state. */
export async function readSchema(wh: Warehouse, props: SchemaOutputs): Promise<SchemaOutputs | undefined> {
  if (!props.createdByStack && !props.adopted) return props; // recorded only (retained, never created)
  return (await schemaExists(wh, props.catalog, props.name)) ? props : undefined;
}

/** In-place changes: only the comment of a schema this stack owns is ever written. */
export async function updateSchema(wh: Warehouse, olds: SchemaOutputs, news: SchemaInputs): Promise<SchemaOutputs> {
  // Partial state of a creation that was not confirmed: run the create logic again.
  if (olds.unfinished) return createSchema(wh, news);
  const outs: SchemaOutputs = { ...news, adopted: olds.adopted, createdByStack: olds.createdByStack, lastAction: "unchanged" };
  if (olds.createdByStack && (olds.comment ?? null) !== (news.comment ?? null)) {
    await executeIdempotent(wh, commentOn({ kind: "SCHEMA", catalog: news.catalog, schema: news.name }, news.comment ?? null));
    return { ...outs, lastAction: "comment updated" };
  }
  if (!olds.createdByStack && !olds.adopted && !news.retainedBecause) {
    // Was only recorded (retained); it is wanted again: create or adopt it now.
    return createSchema(wh, news);
  }
  return outs;
}
