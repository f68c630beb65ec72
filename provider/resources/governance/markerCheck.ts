/**
 * Another stack's object is never touched (DESIGN §4.2): before writing governance on a securable, its
 * marker is read (one statement) and another stack's refuses the write, naming that stack. The object's
 * own resource refuses it first in a normal run; this guards the governance resource on its own (a
 * marker changed between runs, a securable handed to the resource by a program).
 */
import { showTableProperties } from "../../sql/properties";
import { isObjectNotFound, type Warehouse } from "../../warehouse/warehouse";
import { catalogMarker } from "../catalog/lifecycle";
import { schemaMarker } from "../schema/lifecycle";
import { readMarkers } from "../table/markers";
import { creationTokenOwner, otherStackError, ownershipOf } from "../ownership";
import { listOwnersAndComments, type OwnerCommentRow } from "../../sql/governanceListing";
import type { GovernedSecurable } from "./inputs";

async function markerOf(wh: Warehouse, s: GovernedSecurable): Promise<string | null | undefined> {
  if (s.type === "CATALOG") return catalogMarker(wh, s.catalog);
  if (s.type === "SCHEMA") return schemaMarker(wh, s.catalog, s.schema!);
  if (s.type === "VOLUME" || s.type === "FUNCTION") {
    // A volume's or function's marker is the creation token its CREATE put in its comment (volume, function resources).
    const rows = (await wh.execute(listOwnersAndComments(s.catalog, { type: s.type, catalog: s.catalog, schema: s.schema, name: s.name }))) as unknown as OwnerCommentRow[];
    return creationTokenOwner(rows[0]?.comment === null || rows[0]?.comment === undefined ? null : String(rows[0].comment));
  }
  try {
    const rows = await wh.execute(showTableProperties({ catalog: s.catalog, schema: s.schema!, name: s.name! }));
    return readMarkers(Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]))).owner;
  } catch (err) {
    if (isObjectNotFound(err)) return undefined; // gone: observe() says so next
    throw err;
  }
}

/** The error to raise when another stack's marker is on the securable; undefined when it is this stack's or nobody's. */
export async function otherStackGovernance(wh: Warehouse, s: GovernedSecurable, owner: string, label: string): Promise<Error | undefined> {
  const found = ownershipOf(await markerOf(wh, s), owner);
  return found.kind === "other" ? otherStackError(s.type[0] + s.type.slice(1).toLowerCase(), label, found.owner, owner) : undefined;
}
