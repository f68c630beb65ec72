/**
 * Lifecycle of a cloned view (declared to the resource kit in handler.ts), the view/function rules of
 * definedObject.ts with what is the view's own:
 * - found with ONE statement on system.information_schema.tables + views (definitionLookup.ts), plus
 *   `SHOW TBLPROPERTIES` for its marker once it is found as a view;
 * - its ownership marker is TBLPROPERTIES `catalog_clone.owner` (with `catalog_clone.source` and
 *   `catalog_clone.pre_clone_version`: `none` when created, `adopted` when it existed before), written
 *   by the creating `CREATE [OR REPLACE] VIEW` itself (DESIGN §4.9), like tables;
 * - an adopted view is written back (CREATE OR REPLACE, without our properties) on destroy. Its own
 *   TBLPROPERTIES are not restored (only its query and comment are recorded).
 */
import { createView, dropView } from "../../sql/view";
import { findView, type ViewLookupRow } from "../../sql/definitionLookup";
import type { ObjectName } from "../../sql/objectName";
import { showTableProperties } from "../../sql/properties";
import { isObjectNotFound, type Warehouse } from "../../warehouse/warehouse";
import { createDefined, deleteDefined, readDefined, updateDefined, type DefinedObject, type FoundDefinition } from "../definedObject";
import { executeIdempotent } from "../idempotentWrite";
import { OWNER_PROPERTY } from "../ownership";
import { PRE_CLONE_VERSION_PROPERTY, SOURCE_PROPERTY } from "../table/markers";
import type { ViewDefinition, ViewInputs, ViewOutputs } from "./inputs";

/** The view's owner marker (TBLPROPERTIES), undefined when unmarked or gone since. */
async function viewMarker(wh: Warehouse, name: ObjectName): Promise<string | undefined> {
  try {
    const rows = await wh.execute(showTableProperties(name));
    const v = rows.find((r) => String(r.key) === OWNER_PROPERTY)?.value;
    return v === undefined || v === null || String(v).trim() === "" ? undefined : String(v);
  } catch (err) {
    if (isObjectNotFound(err)) return undefined;
    throw err;
  }
}

/** How one destination view is found, written and dropped. */
export function definedView(wh: Warehouse, name: ObjectName, source: string): DefinedObject<ViewDefinition> {
  return {
    label: "View",
    id: `${name.catalog}.${name.schema}.${name.name}`,
    find: async (): Promise<FoundDefinition<ViewDefinition> | undefined> => {
      const [row] = (await wh.execute(findView(name))) as unknown as ViewLookupRow[];
      if (!row) return undefined;
      if (String(row.table_type).toUpperCase() !== "VIEW") return { definition: null, marker: undefined, otherKind: String(row.table_type) };
      const query = row.view_definition === null || row.view_definition === undefined ? null : String(row.view_definition);
      const comment = row.comment === null || row.comment === undefined ? null : String(row.comment);
      return { definition: query === null ? null : { query, comment }, marker: await viewMarker(wh, name) };
    },
    write: async (d, mode, marker) => {
      const sql = createView({
        name,
        query: d.query,
        mode: mode === "create" ? "create" : "createOrReplace",
        ...(d.comment !== null ? { comment: d.comment } : {}),
        // As on tables (table/markers.ts): `none` for a view this stack created, so a removal without the
        // stack's state (components/reap) drops only those; an adopted one needs its recorded definition.
        ...(marker !== null
          ? { properties: { [OWNER_PROPERTY]: marker.owner, [SOURCE_PROPERTY]: source, [PRE_CLONE_VERSION_PROPERTY]: marker.adopted ? "adopted" : "none" } }
          : {}),
      });
      // CREATE OR REPLACE of one definition is idempotent; a plain CREATE is not (createDefined resolves it).
      if (mode === "replace") await executeIdempotent(wh, sql);
      else await wh.execute(sql);
    },
    drop: async () => void (await executeIdempotent(wh, dropView(name))),
    alreadyExists: ["TABLE_OR_VIEW_ALREADY_EXISTS"],
  };
}

const viewOf = (wh: Warehouse, i: ViewInputs) =>
  definedView(wh, { catalog: i.destination.catalog, schema: i.destination.schema, name: i.destination.name }, `${i.source.catalog}.${i.source.schema}.${i.source.name}`.toLowerCase());

export async function createViewObject(wh: Warehouse, inputs: ViewInputs): Promise<ViewOutputs> {
  return { ...inputs, ...(await createDefined(viewOf(wh, inputs), inputs.definition, inputs.owner)) };
}

export async function updateViewObject(wh: Warehouse, olds: ViewOutputs, news: ViewInputs): Promise<ViewOutputs> {
  return { ...news, ...(await updateDefined(viewOf(wh, news), olds, news.definition, news.owner)) };
}

export async function readViewObject(wh: Warehouse, props: ViewOutputs): Promise<ViewOutputs | undefined> {
  const now = await readDefined(viewOf(wh, props));
  return now ? { ...props, observed: now.observed } : undefined;
}

export async function deleteViewObject(wh: Warehouse, props: ViewOutputs): Promise<string | undefined> {
  return deleteDefined(viewOf(wh, props), props);
}
