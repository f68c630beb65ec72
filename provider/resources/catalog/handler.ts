/**
 * Destination-catalog handler. Ownership rules (DESIGN §4.2):
 * - missing catalog → CREATE (marked with this stack's tag); a failed marking drops it again (atomic);
 * - existing, unmarked → ADOPTED: no write at all, never dropped;
 * - existing, marked by this stack (a crash left it) → taken back idempotently;
 * - existing, marked by another stack → refused before any write, naming that stack.
 * Delete drops (CASCADE) only a catalog this stack created whose marker still names this stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createCatalog as createCatalogSql, dropCatalog } from "../../sql/catalog";
import { commentOn } from "../../sql/comments";
import { findCatalog, listTags, type TagListingRow } from "../../sql/discovery";
import { setTags } from "../../sql/tags";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { checkWarehouse, configureConnection, warehouseFor } from "../connection";
import { OWNER_TAG, ownershipOf, outputsForExisting } from "../ownership";
import { CatalogInputs, type CatalogOutputs } from "./inputs";
import { checkFailures } from "../checkFailures";

/** Does the catalog exist? (one statement) */
export async function catalogExists(wh: Warehouse, name: string): Promise<boolean> {
  return (await wh.execute(findCatalog(name))).length > 0;
}

/** The catalog's ownership marker tag, undefined when absent. */
export async function catalogMarker(wh: Warehouse, name: string): Promise<string | undefined> {
  const rows = (await wh.execute(listTags(name, "catalog"))) as unknown as TagListingRow[];
  return rows.find((r) => r.tag_name === OWNER_TAG)?.tag_value;
}

/** Takes an existing catalog per the ownership rules (no write unless refused → throws). */
async function takeExisting(wh: Warehouse, inputs: CatalogInputs): Promise<CatalogOutputs> {
  return { ...inputs, ...outputsForExisting(await catalogMarker(wh, inputs.name), inputs.owner, "Catalog", inputs.name) };
}

/** Creates (or adopts) the destination catalog. */
export async function createCatalog(wh: Warehouse, inputs: CatalogInputs): Promise<CatalogOutputs> {
  if (await catalogExists(wh, inputs.name)) return takeExisting(wh, inputs);
  try {
    await wh.execute(createCatalogSql({ name: inputs.name, ifNotExists: false, managedLocation: inputs.managedLocation, comment: inputs.comment }));
  } catch (err) {
    // Someone created it between our check and our CREATE: apply the ownership rules to what is there.
    if (hasErrorClass(err, "CATALOG_ALREADY_EXISTS", "SCHEMA_ALREADY_EXISTS")) return takeExisting(wh, inputs);
    throw err;
  }
  try {
    await wh.execute(setTags({ kind: "CATALOG", catalog: inputs.name }, { ...(inputs.properties ?? {}), [OWNER_TAG]: inputs.owner }));
  } catch (err) {
    // Atomic per object: an unmarked catalog would later look adoptable by anyone; remove what we just created.
    await wh.execute(dropCatalog(inputs.name, { cascade: true })).catch(() => undefined);
    throw err;
  }
  return { ...inputs, adopted: false, createdByStack: true, lastAction: "created" };
}

/** Drops the catalog only when this stack created it and the marker still names this stack. */
export async function deleteCatalog(wh: Warehouse, props: CatalogOutputs): Promise<string> {
  if (!props.createdByStack) return `left in place: catalog ${props.name} was adopted, not created by this stack`;
  if (!(await catalogExists(wh, props.name))) return `already gone: catalog ${props.name}`;
  const owner = ownershipOf(await catalogMarker(wh, props.name), props.owner);
  if (owner.kind !== "this") {
    return `left in place: catalog ${props.name} no longer carries this stack's marker (${owner.kind === "other" ? owner.owner : "none"})`;
  }
  await wh.execute(dropCatalog(props.name, { cascade: true }));
  return `dropped catalog ${props.name}`;
}

/** Refresh: gone catalogs disappear from state; otherwise the recorded outputs stand. */
export async function readCatalog(wh: Warehouse, props: CatalogOutputs): Promise<CatalogOutputs | undefined> {
  return (await catalogExists(wh, props.name)) ? props : undefined;
}

/** Applies in-place changes. Only a catalog this stack owns is ever written. */
export async function updateCatalog(wh: Warehouse, olds: CatalogOutputs, news: CatalogInputs): Promise<CatalogOutputs> {
  const outs: CatalogOutputs = { ...news, adopted: olds.adopted, createdByStack: olds.createdByStack, lastAction: "unchanged" };
  if (!olds.createdByStack) return { ...outs, lastAction: "adopted catalog: nothing is written to it" };
  const done: string[] = [];
  if ((olds.comment ?? null) !== (news.comment ?? null)) {
    await wh.execute(commentOn({ kind: "CATALOG", catalog: news.name }, news.comment ?? null));
    done.push("comment updated");
  }
  if (olds.owner !== news.owner || JSON.stringify(olds.properties ?? {}) !== JSON.stringify(news.properties ?? {})) {
    await wh.execute(setTags({ kind: "CATALOG", catalog: news.name }, { ...(news.properties ?? {}), [OWNER_TAG]: news.owner }));
    done.push("tags updated");
  }
  if ((olds.managedLocation ?? null) !== (news.managedLocation ?? null)) {
    done.push("managedLocation only applies when the catalog is created; the existing catalog keeps its location");
  }
  return { ...outs, lastAction: done.length > 0 ? done.join("; ") : "unchanged" };
}

const COMPARED: (keyof CatalogInputs)[] = ["owner", "comment", "managedLocation", "properties", "connection"];

/** Pure diff: a new name replaces (a different catalog); everything else is an in-place update. */
export function diffCatalog(olds: Partial<CatalogOutputs>, news: CatalogInputs): pulumi.dynamic.DiffResult {
  if (olds.name !== news.name) return { changes: true, replaces: ["name"], deleteBeforeReplace: false };
  const changed = COMPARED.filter((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
  return { changes: changed.length > 0 };
}

// ---- dynamic provider methods (called through shim.ts in the provider plugin) ----

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureConnection(req.config);
}

export async function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  return checkFailures(CatalogInputs, news);
}

export async function diff(id: string, olds: CatalogOutputs, news: CatalogInputs): Promise<pulumi.dynamic.DiffResult> {
  const parsed = CatalogInputs.parse(news);
  checkWarehouse(olds.warehouse, parsed.connection, `Catalog ${id}`);
  return diffCatalog(olds, parsed);
}

export async function create(inputs: CatalogInputs): Promise<pulumi.dynamic.CreateResult> {
  const parsed = CatalogInputs.parse(inputs);
  const warehouse = checkWarehouse(undefined, parsed.connection, `Catalog ${parsed.name}`);
  const outs = await createCatalog(await warehouseFor(parsed.connection), parsed);
  return { id: parsed.name, outs: { ...outs, warehouse } };
}

export async function read(id: string, props: CatalogOutputs): Promise<pulumi.dynamic.ReadResult> {
  const warehouse = checkWarehouse(props.warehouse, props.connection, `Catalog ${id}`);
  const outs = await readCatalog(await warehouseFor(props.connection), props);
  return outs ? { id, props: { ...outs, warehouse } } : {};
}

export async function update(id: string, olds: CatalogOutputs, news: CatalogInputs): Promise<pulumi.dynamic.UpdateResult> {
  const parsed = CatalogInputs.parse(news);
  const warehouse = checkWarehouse(olds.warehouse, parsed.connection, `Catalog ${id}`);
  return { outs: { ...(await updateCatalog(await warehouseFor(parsed.connection), olds, parsed)), warehouse } };
}

// `delete` is a reserved word for a function declaration; export it under that name.
async function deleteMethod(id: string, props: CatalogOutputs): Promise<void> {
  checkWarehouse(props.warehouse, props.connection, `Catalog ${id}`);
  await deleteCatalog(await warehouseFor(props.connection), props);
}
export { deleteMethod as delete };
