/**
 * Lifecycle of a cloned SQL function (declared to the resource kit in handler.ts), the view/function
 * rules of definedObject.ts with what is the function's own:
 * - found with ONE statement on system.information_schema.routines + parameters (definitionLookup.ts);
 * - its ownership marker is a token `[catalog_clone_owner=<project>/<stack>]` appended to its COMMENT
 *   (ownership.ts creationToken), because a function has no properties or TBLPROPERTIES and tags are
 *   set by a second statement: the COMMENT travels with the creating statement (DESIGN §4.9), is read
 *   back from information_schema.routines in the same query that finds the function, and is stripped
 *   before comparing definitions. Replaced out of band without the token, it is no longer ours.
 * - only SQL-bodied functions (routine_body SQL); Python bodies are skipped by the planner.
 */
import { createFunction, dropFunction } from "../../sql/function";
import { findFunction, type FunctionLookupRow } from "../../sql/definitionLookup";
import type { ObjectName } from "../../sql/objectName";
import type { Warehouse } from "../../warehouse/warehouse";
import { createDefined, deleteDefined, readDefined, updateDefined, type DefinedObject, type FoundDefinition } from "../definedObject";
import { executeIdempotent } from "../idempotentWrite";
import { commentWithToken, commentWithoutToken, creationTokenOwner } from "../ownership";
import type { FunctionDefinition, FunctionInputs, FunctionOutputs } from "./inputs";

/** A parameter as information_schema shows it (null comment or default: absent), as lookup and discovery both build it. */
export function parameterOf(name: string, type: string, comment: string | null, dflt: string | null): FunctionDefinition["parameters"][number] {
  return { name, type, ...(comment !== null ? { comment } : {}), ...(dflt !== null ? { default: dflt } : {}) };
}

/** The function as the lookup rows describe it (its ownership token stripped from the comment); undefined when there is none. */
export function functionFromRows(rows: readonly FunctionLookupRow[]): FoundDefinition<FunctionDefinition> | undefined {
  if (rows.length === 0) return undefined;
  const r = rows[0];
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const parameters = rows
    .filter((p) => p.parameter_name !== null && p.parameter_name !== undefined)
    .map((p) => parameterOf(String(p.parameter_name), String(p.parameter_type), text(p.parameter_comment), text(p.parameter_default)));
  const definition = text(r.routine_definition);
  return {
    definition:
      definition === null
        ? null
        : {
            parameters,
            returns: String(r.full_data_type),
            body: definition,
            comment: commentWithoutToken(text(r.comment)),
            deterministic: text(r.is_deterministic)?.toUpperCase() !== "NO",
          },
    marker: creationTokenOwner(text(r.comment)),
  };
}

/** How one destination function is found, written and dropped. */
export function definedFunction(wh: Warehouse, name: ObjectName): DefinedObject<FunctionDefinition> {
  return {
    label: "Function",
    id: `${name.catalog}.${name.schema}.${name.name}`,
    find: async () => functionFromRows((await wh.execute(findFunction(name))) as unknown as FunctionLookupRow[]),
    write: async (d, mode, marker) => {
      const comment = marker === null ? d.comment : commentWithToken(d.comment, marker.owner);
      const sql = createFunction({
        name,
        parameters: d.parameters,
        returns: d.returns,
        body: d.body,
        deterministic: d.deterministic,
        mode: mode === "create" ? "create" : "createOrReplace",
        ...(comment !== null ? { comment } : {}),
      });
      // CREATE OR REPLACE of one definition is idempotent; a plain CREATE is not (createDefined resolves it).
      if (mode === "replace") await executeIdempotent(wh, sql);
      else await wh.execute(sql);
    },
    drop: async () => void (await executeIdempotent(wh, dropFunction(name))),
    alreadyExists: ["ROUTINE_ALREADY_EXISTS"],
  };
}

const nameOf = (i: FunctionInputs): ObjectName => ({ catalog: i.destination.catalog, schema: i.destination.schema, name: i.destination.name });

export async function createFunctionObject(wh: Warehouse, inputs: FunctionInputs): Promise<FunctionOutputs> {
  return { ...inputs, ...(await createDefined(definedFunction(wh, nameOf(inputs)), inputs.definition, inputs.owner)) };
}

export async function updateFunctionObject(wh: Warehouse, olds: FunctionOutputs, news: FunctionInputs): Promise<FunctionOutputs> {
  return { ...news, ...(await updateDefined(definedFunction(wh, nameOf(news)), olds, news.definition, news.owner)) };
}

export async function readFunctionObject(wh: Warehouse, props: FunctionOutputs): Promise<FunctionOutputs | undefined> {
  const now = await readDefined(definedFunction(wh, nameOf(props)));
  return now ? { ...props, observed: now.observed } : undefined;
}

export async function deleteFunctionObject(wh: Warehouse, props: FunctionOutputs): Promise<string | undefined> {
  return deleteDefined(definedFunction(wh, nameOf(props)), props);
}
