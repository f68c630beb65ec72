/**
 * Reads the source catalog's governance for planGovernance: direct grants, owners and comments, tags
 * (securables and columns), column comments. Four read-only statements for the whole catalog,
 * whatever its size (DESIGN §3), and only when the `governance` argument is given.
 */
import {
  listColumnComments,
  listDirectGrants,
  listGovernedTags,
  listOwnersAndComments,
  type ColumnCommentRow,
  type DirectGrantRow,
  type GovernedTagRow,
  type OwnerCommentRow,
} from "../../provider/sql/governanceListing";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { securableKey, type SourceGovernance, type SourceSecurableGovernance } from "./governancePlan";

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function discoverGovernance(wh: Warehouse, catalog: string): Promise<SourceGovernance> {
  const out: SourceGovernance = {};
  const at = (type: DirectGrantRow["securable_type"], schema: unknown, name: unknown): SourceSecurableGovernance =>
    (out[securableKey(type, text(schema), text(name))] ??= { grants: {}, owner: null, comment: null, tags: {}, columns: {} });
  const column = (g: SourceSecurableGovernance, c: string) => (g.columns[c] ??= { tags: {}, comment: null });

  for (const r of (await wh.execute(listOwnersAndComments(catalog))) as unknown as OwnerCommentRow[]) {
    const g = at(r.securable_type, r.schema_name, r.object_name);
    g.owner = text(r.owner);
    g.comment = text(r.comment);
  }
  for (const r of (await wh.execute(listDirectGrants(catalog))) as unknown as DirectGrantRow[]) {
    const g = at(r.securable_type, r.schema_name, r.object_name);
    (g.grants[String(r.grantee)] ??= []).push(String(r.privilege_type));
  }
  const tags = listGovernedTags(catalog);
  for (const r of (tags === undefined ? [] : await wh.execute(tags)) as unknown as GovernedTagRow[]) {
    const g = at(r.securable_type, r.schema_name, r.object_name);
    if (r.column_name === null || r.column_name === undefined) g.tags[String(r.tag_name)] = String(r.tag_value ?? "");
    else column(g, String(r.column_name)).tags[String(r.tag_name)] = String(r.tag_value ?? "");
  }
  for (const r of (await wh.execute(listColumnComments(catalog))) as unknown as ColumnCommentRow[]) {
    column(at("TABLE", r.schema_name, r.object_name), String(r.column_name)).comment = text(r.comment);
  }
  return out;
}
