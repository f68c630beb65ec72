/**
 * The destination functions a protected table's policies call, created before the table (a policy cannot
 * name a missing function). This is the minimal path of issue 10's policies work, not a function resource
 * kind: each function carries this stack's creation token in its COMMENT (ownership.ts), so
 * - a missing function is created with the token;
 * - one carrying the token is this stack's and is replaced when its body differs;
 * - one without it is someone else's: refused, whatever its body (never overwritten, never called: its
 *   owner could later change it to unmask the data);
 * and destroy drops only the functions this stack created that no row filter or column mask of the
 * destination catalog calls any more (policyReferences, read after the table is gone, so the last table
 * to go drops a shared function).
 */
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { createFunction, dropFunction } from "../../sql/function";
import { findRoutines, policyReferences, type PolicyReferenceRow, type RoutineLookupRow } from "../../sql/protectedTable";
import { executeIdempotent } from "../idempotentWrite";
import { creationToken, creationTokenOwner } from "../ownership";
import type { FunctionRef, PolicyFunction } from "./inputs";

export function functionKey(f: FunctionRef): string {
  return `${f.catalog}.${f.schema}.${f.name}`.toLowerCase();
}

function keyToRef(key: string): FunctionRef {
  const [catalog, schema, name] = key.split(".");
  return { catalog, schema, name };
}

/** Bodies compared without their layout (information_schema may return the text re-spaced). */
const sameBody = (a: string | null, b: string) => a !== null && a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

/**
 * Creates or updates the functions, in order (a function's callees come first in `functions`). Returns
 * the three-part names this stack holds: those it created now or before (`held`) that still carry its token.
 * Writes nothing when every function is already as wanted.
 */
export async function ensurePolicyFunctions(wh: Warehouse, owner: string, functions: readonly PolicyFunction[], held: readonly string[]): Promise<string[]> {
  const mine = new Set(held.map((h) => h.toLowerCase()));
  if (functions.length === 0) return [...mine];
  const existing = new Map<string, RoutineLookupRow>();
  for (const catalog of new Set(functions.map((f) => f.name.catalog))) {
    const ofCatalog = functions.filter((f) => f.name.catalog === catalog).map((f) => ({ schema: f.name.schema, name: f.name.name }));
    const rows = (await wh.execute(findRoutines(catalog, ofCatalog))) as unknown as RoutineLookupRow[];
    for (const r of rows) existing.set(`${catalog}.${r.routine_schema}.${r.routine_name}`.toLowerCase(), r);
  }
  for (const f of functions) {
    const key = functionKey(f.name);
    const found = existing.get(key);
    const args = { name: f.name, parameters: f.parameters, returns: f.returns, body: f.body, comment: creationToken(owner) };
    if (!found) {
      // CREATE without OR REPLACE: a function someone created since the lookup is never overwritten. A
      // re-send after a lost answer finds the function: it is ours when it carries our token.
      try {
        await executeIdempotent(wh, createFunction({ ...args, mode: "create" }));
      } catch (err) {
        if (!hasErrorClass(err, "ROUTINE_ALREADY_EXISTS")) throw err;
        const [again] = (await wh.execute(findRoutines(f.name.catalog, [{ schema: f.name.schema, name: f.name.name }]))) as unknown as RoutineLookupRow[];
        if (creationTokenOwner(again?.comment) !== owner) throw err;
      }
      mine.add(key);
      continue;
    }
    const marker = creationTokenOwner(found.comment);
    if (marker === owner) {
      if (!sameBody(found.routine_definition, f.body)) await executeIdempotent(wh, createFunction({ ...args, mode: "createOrReplace" }));
      mine.add(key);
    } else {
      // Refused even with the same body: its owner (another stack or a person) could later change it to
      // `RETURN true` and unmask the copy's data, so the copy's policies never call a function we do not hold.
      throw new Error(
        `Function ${key} exists in the destination ${marker ? `and belongs to stack ${marker}` : "and was not created by this stack"}` +
          `${sameBody(found.routine_definition, f.body) ? " (its body equals the source's policy function, but its owner could change it later)" : ", with another body than the source's policy function"}. ` +
          "It is never overwritten, nor called by the copy's row filters and column masks: drop or rename it, " +
          "or set policyFunctions to \"source\" so that the copy's policies call the source's functions.",
      );
    }
  }
  return [...mine];
}

/**
 * Drops the functions this stack created (`created`) that no row filter or column mask in their catalog
 * calls any more and that still carry this stack's token. Returns what it dropped.
 */
export async function dropUnusedPolicyFunctions(wh: Warehouse, owner: string, created: readonly string[]): Promise<string[]> {
  const dropped: string[] = [];
  for (const catalog of new Set(created.map((c) => c.split(".")[0]))) {
    const ofCatalog = created.filter((c) => c.split(".")[0] === catalog).map(keyToRef);
    let used: PolicyReferenceRow[];
    let rows: RoutineLookupRow[];
    try {
      used = (await wh.execute(policyReferences(catalog))) as unknown as PolicyReferenceRow[];
      rows = (await wh.execute(findRoutines(catalog, ofCatalog))) as unknown as RoutineLookupRow[];
    } catch {
      continue; // the catalog is gone (or unreadable): nothing of ours to drop there
    }
    const calls = new Set(used.map((u) => `${catalog}.${u.function_schema}.${u.function_name}`.toLowerCase()));
    for (const r of rows) {
      const key = `${catalog}.${r.routine_schema}.${r.routine_name}`.toLowerCase();
      if (calls.has(key) || creationTokenOwner(r.comment) !== owner) continue;
      await executeIdempotent(wh, dropFunction(keyToRef(key)));
      dropped.push(key);
    }
  }
  return dropped;
}
