/**
 * Which source tables go into the share, and why the others do not (nothing disappears silently).
 * Delta Sharing carries neither row filters nor column masks: a protected table shared raw would let the
 * target read rows and values the source hides (DESIGN §4.10), so it is refused (the default: the run
 * fails naming the tables) or, with `policyTables: "skip"`, left out and listed.
 */
import type { DiscoveredTable } from "../catalogClone/discovery";
import type { TableRef } from "../../provider/vocabulary/objectIdentity";

/** A source object that is not shared, with the reason. */
export interface NotShared {
  /** `schema.name`. */
  name: string;
  reason: string;
}

export interface ShareSelection {
  tables: TableRef[];
  notShared: NotShared[];
  /** Set when the selection must fail the run (protected tables with `policyTables: "refuse"`). */
  problem?: string;
}

// GUESS (engine and reference §5): Delta tables of these types can be added to a share; views, materialized
// views and streaming tables are not shared by this product (Databricks shares views only to recipients on
// serverless compute, and the embedded engine shares tables and schemas only).
const SHAREABLE = new Set(["MANAGED", "EXTERNAL", "MANAGED_SHALLOW_CLONE", "EXTERNAL_SHALLOW_CLONE"]);

/** Splits the source's tables into those to share and those left out, with reasons. Pure. */
export function selectShareable(catalog: string, tables: readonly DiscoveredTable[], policyTables: "refuse" | "skip"): ShareSelection {
  const out: ShareSelection = { tables: [], notShared: [] };
  const refused: string[] = [];
  for (const t of tables) {
    const name = `${t.schema}.${t.name}`;
    if (!SHAREABLE.has(t.tableType)) {
      out.notShared.push({ name, reason: `${t.tableType} is not shared (Delta Sharing of this product carries Delta tables only)` });
    } else if ((t.format ?? "DELTA").toUpperCase() !== "DELTA") {
      out.notShared.push({ name, reason: `${t.format} table: only Delta tables can be shared` });
    } else if (t.policies && (t.policies.rowFilter || t.policies.maskedColumns > 0)) {
      out.notShared.push({ name, reason: "protected by a row filter or column mask, which Delta Sharing does not carry: never shared raw" });
      refused.push(name);
    } else {
      out.tables.push({ catalog, schema: t.schema, table: t.name });
    }
  }
  if (refused.length > 0 && policyTables === "refuse") {
    out.problem =
      `source tables ${refused.join(", ")} have a row filter or column mask; Delta Sharing does not carry them, so sharing them would expose ` +
      `what the policy hides. Set policyTables: "skip" to leave them out of the share (they are listed in notShared), or remove them from the source scope.`;
  }
  return out;
}
