/**
 * Destination-schema handler, with the same ownership rules as catalogs (DESIGN §4.2): create marked,
 * adopt unmarked, resume our own, refuse another stack's. Delete drops (CASCADE) only a schema this stack created whose marker still names it.
 */
import type * as pulumi from "@pulumi/pulumi";
import { findSchema, listTags, type TagListingRow } from "../../sql/discovery";
import { setTags } from "../../sql/tags";
import { createSchema as createSchemaSql, dropSchema } from "../../sql/schema";
import { commentOn } from "../../sql/comments";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { checkFailures } from "../checkFailures";
import { checkWarehouse, configureConnection, warehouseFor } from "../connection";
import { OWNER_PROPERTY, OWNER_TAG, ownershipOf, outputsForExisting } from "../ownership";
import { SchemaInputs, type SchemaOutputs } from "./inputs";

/**
 * Does the schema exist? One statement on the metastore-wide schemata view, so a missing catalog is a
 * plain "no": reading `<catalog>.information_schema` of a dropped catalog fails (on Databricks with
 * TABLE_OR_VIEW_NOT_FOUND on the view itself, as seen on a workspace in issue 7: a class that cannot
 * tell a missing catalog from a missing view).
 */
export async function schemaExists(wh: Warehouse, catalog: string, name: string): Promise<boolean> {
  return (await wh.execute(findSchema(catalog, name))).length > 0;
}

/** The schema's ownership marker (the `catalog_clone_owner` tag, see ownership.ts), undefined when absent. */
export async function schemaMarker(wh: Warehouse, catalog: string, name: string): Promise<string | undefined> {
  const rows = (await wh.execute(listTags(catalog, "schema"))) as unknown as TagListingRow[];
  return rows.find((r) => r.schema_name === name && r.tag_name === OWNER_TAG)?.tag_value;
}

async function takeExisting(wh: Warehouse, inputs: SchemaInputs): Promise<SchemaOutputs> {
  const marker = await schemaMarker(wh, inputs.catalog, inputs.name);
  return { ...inputs, ...outputsForExisting(marker, inputs.owner, "Schema", `${inputs.catalog}.${inputs.name}`) };
}

/** Creates (or adopts) the destination schema. */
export async function createSchema(wh: Warehouse, inputs: SchemaInputs): Promise<SchemaOutputs> {
  if (await schemaExists(wh, inputs.catalog, inputs.name)) return takeExisting(wh, inputs);
  if (inputs.retainedBecause) {
    // Nothing to keep: the schema is gone from the destination too; record it without creating anything.
    return { ...inputs, adopted: false, createdByStack: false, lastAction: `not created (${inputs.retainedBecause})` };
  }
  try {
    await wh.execute(
      createSchemaSql({
        catalog: inputs.catalog,
        schema: inputs.name,
        ifNotExists: false,
        comment: inputs.comment,
        properties: { [OWNER_PROPERTY]: inputs.owner },
      }),
    );
  } catch (err) {
    if (hasErrorClass(err, "SCHEMA_ALREADY_EXISTS")) return takeExisting(wh, inputs);
    throw err;
  }
  try {
    await wh.execute(setTags({ kind: "SCHEMA", catalog: inputs.catalog, schema: inputs.name }, { [OWNER_TAG]: inputs.owner }));
  } catch (err) {
    // Atomic per object: an untagged schema would later look adoptable; remove what we just created.
    await wh.execute(dropSchema({ catalog: inputs.catalog, schema: inputs.name }, { cascade: true })).catch(() => undefined);
    throw err;
  }
  return { ...inputs, adopted: false, createdByStack: true, lastAction: "created" };
}

/** Drops the schema only when this stack created it and the marker still names this stack. */
export async function deleteSchema(wh: Warehouse, props: SchemaOutputs): Promise<string> {
  const qualified = `${props.catalog}.${props.name}`;
  if (!props.createdByStack) return `left in place: schema ${qualified} was not created by this stack`;
  if (!(await schemaExists(wh, props.catalog, props.name))) return `already gone: schema ${qualified}`;
  const owner = ownershipOf(await schemaMarker(wh, props.catalog, props.name), props.owner);
  if (owner.kind !== "this") return `left in place: schema ${qualified} no longer carries this stack's marker`;
  await wh.execute(dropSchema({ catalog: props.catalog, schema: props.name }, { cascade: true }));
  return `dropped schema ${qualified}`;
}

/** Refresh: a schema gone from the destination disappears from state. */
export async function readSchema(wh: Warehouse, props: SchemaOutputs): Promise<SchemaOutputs | undefined> {
  if (!props.createdByStack && !props.adopted) return props; // recorded only (retained, never created)
  return (await schemaExists(wh, props.catalog, props.name)) ? props : undefined;
}

/** In-place changes: only the comment of a schema this stack owns is ever written. */
export async function updateSchema(wh: Warehouse, olds: SchemaOutputs, news: SchemaInputs): Promise<SchemaOutputs> {
  const outs: SchemaOutputs = { ...news, adopted: olds.adopted, createdByStack: olds.createdByStack, lastAction: "unchanged" };
  if (olds.createdByStack && (olds.comment ?? null) !== (news.comment ?? null)) {
    await wh.execute(commentOn({ kind: "SCHEMA", catalog: news.catalog, schema: news.name }, news.comment ?? null));
    return { ...outs, lastAction: "comment updated" };
  }
  if (!olds.createdByStack && !olds.adopted && !news.retainedBecause) {
    // Was only recorded (retained); it is wanted again: create or adopt it now.
    return createSchema(wh, news);
  }
  return outs;
}

const COMPARED: (keyof SchemaInputs)[] = ["owner", "comment", "retainedBecause", "connection"];

/** Pure diff: another catalog or name is another schema (replace); the rest updates in place. */
export function diffSchema(olds: Partial<SchemaOutputs>, news: SchemaInputs): pulumi.dynamic.DiffResult {
  const replaces = (["catalog", "name"] as const).filter((k) => olds[k] !== news[k]);
  if (replaces.length > 0) return { changes: true, replaces: [...replaces], deleteBeforeReplace: false };
  const changed = COMPARED.filter((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
  return { changes: changed.length > 0 };
}

// ---- dynamic provider methods (called through shim.ts in the provider plugin) ----

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureConnection(req.config);
}

export async function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return checkFailures(SchemaInputs, news);
}

export async function diff(id: string, olds: SchemaOutputs, news: SchemaInputs): Promise<pulumi.dynamic.DiffResult> {
  const parsed = SchemaInputs.parse(news);
  checkWarehouse(olds.warehouse, parsed.connection, `Schema ${id}`);
  return diffSchema(olds, parsed);
}

export async function create(inputs: SchemaInputs): Promise<pulumi.dynamic.CreateResult> {
  const parsed = SchemaInputs.parse(inputs);
  const id = `${parsed.catalog}.${parsed.name}`;
  const warehouse = checkWarehouse(undefined, parsed.connection, `Schema ${id}`);
  const outs = await createSchema(await warehouseFor(parsed.connection), parsed);
  return { id, outs: { ...outs, warehouse } };
}

export async function read(id: string, props: SchemaOutputs): Promise<pulumi.dynamic.ReadResult> {
  const warehouse = checkWarehouse(props.warehouse, props.connection, `Schema ${id}`);
  const outs = await readSchema(await warehouseFor(props.connection), props);
  return outs ? { id, props: { ...outs, warehouse } } : {};
}

export async function update(id: string, olds: SchemaOutputs, news: SchemaInputs): Promise<pulumi.dynamic.UpdateResult> {
  const parsed = SchemaInputs.parse(news);
  const warehouse = checkWarehouse(olds.warehouse, parsed.connection, `Schema ${id}`);
  return { outs: { ...(await updateSchema(await warehouseFor(parsed.connection), olds, parsed)), warehouse } };
}

async function deleteMethod(id: string, props: SchemaOutputs): Promise<void> {
  checkWarehouse(props.warehouse, props.connection, `Schema ${id}`);
  await deleteSchema(await warehouseFor(props.connection), props);
}
export { deleteMethod as delete };
