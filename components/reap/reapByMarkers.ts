/**
 * Removing an expired clone whose stack state cannot be reached, from the markers alone (DESIGN §4.2,
 * §4.8). Runs only when reapRoute.ts chose it: never for a stack whose reachable state shows protected
 * resources (DESIGN §4.7), since markers cannot tell a protected table. Fails closed; everything kept is
 * reported with its reason:
 * 1. tables: dropped only when their TBLPROPERTIES say this clone's stack created them
 *    (`catalog_clone.owner` = the catalog's owner and `catalog_clone.pre_clone_version` = `none`). A table
 *    the stack adopted (it existed before; its pre-clone version is recorded) is kept: restoring it needs
 *    the stack's state. Views likewise (their `pre_clone_version` is `none` when the stack created them).
 *    Unmarked or another stack's tables and views, and pipelines, are kept. SQL functions are not listed
 *    here: a schema holding one stays (kept, and said so).
 * 2. schemas tagged by the owner, then the catalog: through the same delete as `pulumi destroy`
 *    (schema/catalog lifecycle, markedContainer.ts): dropped with RESTRICT only when empty, never
 *    CASCADE; a container still holding anything is kept, its markers removed, and what it holds listed.
 */
import { listDestinationSecurables, listTables, type DestinationSecurableRow, type TableListingRow } from "../../provider/sql/discovery";
import { showTableProperties } from "../../provider/sql/properties";
import { dropTable } from "../../provider/sql/table";
import { dropView } from "../../provider/sql/view";
import { deleteCatalog } from "../../provider/resources/catalog/lifecycle";
import { executeIdempotent } from "../../provider/resources/idempotentWrite";
import { OWNER_TAG } from "../../provider/resources/ownership";
import { deleteSchema } from "../../provider/resources/schema/lifecycle";
import { readMarkers } from "../../provider/resources/table/markers";
import { isObjectNotFound, type Warehouse } from "../../provider/warehouse/warehouse";
import type { OwnedClone } from "./expiredClones";

/** What removing one clone did: objects removed, objects kept (each with its reason). */
export interface RemovalOutcome {
  removed: string[];
  kept: string[];
}

/** Table types a clone creates (DEEP and SHALLOW clones of tables); others are never dropped by markers. */
const CLONED_TABLE_TYPES = /^(MANAGED|EXTERNAL|MANAGED_SHALLOW_CLONE|EXTERNAL_SHALLOW_CLONE)$/;

/** What a stack-less removal would do with one table, from its markers. */
async function tableDecision(wh: Warehouse, clone: OwnedClone, t: TableListingRow): Promise<{ drop: boolean; why: string }> {
  const name = `${clone.catalog}.${t.table_schema}.${t.table_name}`;
  let props: Record<string, string> = {};
  try {
    for (const r of await wh.execute(showTableProperties({ catalog: clone.catalog, schema: t.table_schema, name: t.table_name }))) props[String(r.key)] = String(r.value);
  } catch (err) {
    if (isObjectNotFound(err)) return { drop: false, why: `${name}: gone already` };
    return { drop: false, why: `${name}: its markers could not be read (${(err as Error).message.split("\n")[0]})` };
  }
  const m = readMarkers(props);
  if (m.owner !== clone.owner) return { drop: false, why: `${name}: not created by ${clone.owner} (marker: ${m.owner ?? "none"})` };
  if (!CLONED_TABLE_TYPES.test(t.table_type) && t.table_type !== "VIEW") return { drop: false, why: `${name}: a ${t.table_type} marked by ${clone.owner} is removed only through its stack` };
  if (m.preCloneVersion !== null) {
    return { drop: false, why: `${name}: adopted by ${clone.owner} (it existed before; restoring it to version ${m.preCloneVersion ?? "?"} needs the stack's state)` };
  }
  return { drop: true, why: `${t.table_type === "VIEW" ? "view" : "table"} ${name}` };
}

/**
 * The plan (dry run) or the removal (`apply`) of one expired clone by its markers. The dry run reads
 * markers only; it lists what would be dropped and what would be kept.
 */
export async function reapByMarkers(wh: Warehouse, clone: OwnedClone, apply: boolean): Promise<RemovalOutcome> {
  const out: RemovalOutcome = { removed: [], kept: [] };
  const tables = (await wh.execute(listTables(clone.catalog))) as unknown as TableListingRow[];
  for (const t of tables) {
    const d = await tableDecision(wh, clone, t);
    if (!d.drop) {
      out.kept.push(d.why);
      continue;
    }
    const name = { catalog: clone.catalog, schema: t.table_schema, name: t.table_name };
    if (apply) await executeIdempotent(wh, t.table_type === "VIEW" ? dropView(name) : dropTable(name));
    out.removed.push(d.why);
  }
  const securables = (await wh.execute(listDestinationSecurables(clone.catalog, OWNER_TAG))) as unknown as DestinationSecurableRow[];
  const ours = securables.filter((s) => s.securable_type === "SCHEMA" && s.owner_tag === clone.owner).map((s) => s.schema_name!);
  if (!apply) {
    // Whether the containers would be empty is known only once the tables are gone: say what decides it.
    out.removed.push(...ours.map((s) => `schema ${clone.catalog}.${s} (if empty once its tables are dropped)`));
    out.removed.push(`catalog ${clone.catalog} (if empty once its tables and schemas are dropped)`);
    return out;
  }
  const held = { owner: clone.owner, adopted: false, createdByStack: true, lastAction: "" };
  for (const schema of ours) sortOutcome(out, await deleteSchema(wh, { ...held, catalog: clone.catalog, name: schema }));
  sortOutcome(out, await deleteCatalog(wh, { ...held, name: clone.catalog }));
  return out;
}

/** A container delete's message (`dropped …` / `left in place: …` / `already gone: …`) into removed or kept. */
function sortOutcome(out: RemovalOutcome, message: string): void {
  if (message.startsWith("dropped ")) out.removed.push(message.slice("dropped ".length));
  else out.kept.push(message.replace(/^left in place: /, ""));
}
