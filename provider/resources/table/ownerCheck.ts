/**
 * Preview-time ownership check of a table new to this stack's state whose destination already exists
 * (an adoption): another stack's marker fails `check`, which Pulumi runs at preview and at up before
 * any write, with the error `create` would raise (ownership.ts otherStackError). Tables already in
 * state are never read here (their marker was checked when they were adopted), so a no-drift run pays
 * nothing; each adoption pays one read-only SHOW TBLPROPERTIES.
 */
import { showTableProperties } from "../../sql/properties";
import type { Warehouse } from "../../warehouse/warehouse";
import { otherStackError } from "../ownership";
import type { TableInputs } from "./inputs";
import { objectName } from "./lookup";
import { readMarkers, refName } from "./markers";

/**
 * The error `create` would raise for another stack's destination table, undefined when the table is
 * absent, unmarked or this stack's. A failed read is not a verdict: `create` decides (undefined).
 */
export async function otherStackTable(wh: Warehouse, inputs: TableInputs): Promise<Error | undefined> {
  let rows;
  try {
    rows = await wh.execute(showTableProperties(objectName(inputs.destination)));
  } catch {
    return undefined; // gone since discovery, or unreadable: create looks again
  }
  const props: Record<string, string> = {};
  for (const r of rows) props[String(r.key)] = String(r.value);
  const owner = readMarkers(props).owner;
  return owner && owner !== inputs.owner ? otherStackError("Table", refName(inputs.destination), owner, inputs.owner) : undefined;
}
