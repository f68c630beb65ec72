/**
 * Discovery of the views and SQL functions of the source and destination catalogs: ONE read-only
 * statement for both (provider/sql/definitionDiscovery.ts), so a no-drift `up` pays one statement more
 * than tables alone, however many views and functions there are. Fills `views` and `functions` of the
 * two DiscoveredCatalogs the table discovery returned.
 */
import { listDefinitions, type DefinitionListingRow } from "../../provider/sql/definitionDiscovery";
import { parameterOf } from "../../provider/resources/function/lifecycle";
import type { FunctionDefinition } from "../../provider/resources/function/inputs";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { DiscoveredCatalog } from "./discovery";

/** A view as discovered. */
export interface DiscoveredView {
  schema: string;
  name: string;
  /** Its query text; null when this principal cannot read it (information_schema shows it to the owner only). */
  definition: string | null;
  comment: string | null;
}

/** A function as discovered. */
export interface DiscoveredFunction {
  schema: string;
  name: string;
  /** SQL, or EXTERNAL (Python, ...). */
  routineBody: string;
  /** The language of an EXTERNAL body (`Python`); null for SQL. */
  language: string | null;
  /** Its definition as information_schema gives it (the body not yet rewritten; the comment as stored, token included). */
  definition: FunctionDefinition;
  /** The body is hidden from this principal (null routine_definition). */
  hidden: boolean;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Groups the listing rows of one catalog into views and functions (parameters attached in order). */
export function definitionsOf(rows: readonly DefinitionListingRow[], catalog: string): { views: DiscoveredView[]; functions: DiscoveredFunction[] } {
  const mine = rows.filter((r) => String(r.object_catalog) === catalog.toLowerCase());
  const views: DiscoveredView[] = mine
    .filter((r) => r.object_kind === "VIEW")
    .map((r) => ({ schema: String(r.object_schema), name: String(r.object_name), definition: text(r.definition), comment: text(r.comment) }));
  const functions = new Map<string, DiscoveredFunction>();
  for (const r of mine.filter((x) => x.object_kind === "FUNCTION")) {
    functions.set(`${r.object_schema}.${r.object_name}`, {
      schema: String(r.object_schema),
      name: String(r.object_name),
      routineBody: (text(r.routine_body) ?? "SQL").toUpperCase(),
      language: text(r.external_language),
      hidden: text(r.definition) === null,
      definition: {
        parameters: [],
        returns: String(r.data_type),
        body: text(r.definition) ?? "",
        comment: text(r.comment),
        deterministic: text(r.is_deterministic)?.toUpperCase() !== "NO",
      },
    });
  }
  for (const r of mine.filter((x) => x.object_kind === "PARAMETER")) {
    functions.get(`${r.object_schema}.${r.object_name}`)?.definition.parameters.push(parameterOf(String(r.parameter_name), String(r.data_type), text(r.comment), text(r.parameter_default)));
  }
  return { views, functions: [...functions.values()] };
}

/** Reads views and functions of both catalogs (one statement) into `source` and `destination`. */
export async function discoverDefinitions(wh: Warehouse, source: DiscoveredCatalog, destination: DiscoveredCatalog): Promise<void> {
  const rows = (await wh.execute(listDefinitions([source.catalog, destination.catalog]))) as unknown as DefinitionListingRow[];
  Object.assign(source, definitionsOf(rows, source.catalog));
  Object.assign(destination, definitionsOf(rows, destination.catalog));
}
