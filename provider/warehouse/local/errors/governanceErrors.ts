/**
 * The Databricks errors the governance, functions, volumes and sharing families raise, built in
 * one place so their classes, SQLSTATEs and texts stay consistent. Classes marked GUESS are not
 * confirmed against a real workspace (see reference §7).
 */
import type { EngineError } from "./engineError";
import { displayName, engineError, errors } from "./coreErrors";

/** `[CLASS] text SQLSTATE: xxxxx` as an EngineError (the core's engineError). */
export const ucError = engineError;

/** Backticked dotted name as Databricks prints names in messages: `c`.`s`.`t` (the core's displayName). */
export const printName = displayName;

/** Same class and text as the core engine (coreErrors.ts), so every family reports it alike. */
export function catalogNotFound(catalog: string): EngineError {
  return errors.catalogNotFound(catalog);
}

export function schemaNotFound(catalog: string, schema: string): EngineError {
  return errors.schemaNotFound(displayName(catalog, schema));
}

export function routineNotFound(catalog: string, schema: string, name: string): EngineError {
  return ucError(
    "ROUTINE_NOT_FOUND",
    `The routine ${printName(catalog, schema, name)} cannot be found. Verify the spelling and correctness of the schema and catalog. To tolerate the error on drop use DROP FUNCTION IF EXISTS.`,
    "42883",
  );
}

export function routineAlreadyExists(catalog: string, schema: string, name: string): EngineError {
  return ucError(
    "ROUTINE_ALREADY_EXISTS",
    `Cannot create the function ${printName(catalog, schema, name)} because it already exists. Choose a different name, drop or replace the existing function, or add the IF NOT EXISTS clause to tolerate a pre-existing function.`,
    "42723",
  );
}

// GUESS: class/SQLSTATE of missing/duplicate volumes, shares, recipients and providers are not confirmed.
export function objectNotFound(kind: "VOLUME" | "SHARE" | "RECIPIENT" | "PROVIDER", name: string): EngineError {
  const noun = kind.charAt(0) + kind.slice(1).toLowerCase();
  return ucError(`${kind}_NOT_FOUND`, `${noun} ${printName(...name.split("."))} does not exist. Verify the name, or use IF EXISTS to tolerate a missing ${noun.toLowerCase()}.`, "42704");
}

export function objectAlreadyExists(kind: "VOLUME" | "SHARE" | "RECIPIENT" | "CATALOG", name: string): EngineError {
  const noun = kind.charAt(0) + kind.slice(1).toLowerCase();
  return ucError(
    `${kind}_ALREADY_EXISTS`,
    `${noun} ${printName(...name.split("."))} already exists. Choose a different name, drop the existing ${noun.toLowerCase()}, or add IF NOT EXISTS.`,
    kind === "CATALOG" ? "42P04" : "42710",
  );
}

export function columnNotFound(column: string, table: string): EngineError {
  return ucError(
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    `A column, variable, or function parameter with name ${printName(column)} cannot be resolved in table ${table}.`,
    "42703",
  );
}

/** Invalid argument to a Unity Catalog operation (GUESS: class as the REST API reports it). */
export function invalidParameter(text: string): EngineError {
  return ucError("INVALID_PARAMETER_VALUE", text, "22023");
}
