/**
 * Errors of the core families (parsing, catalogs, tables, Delta, queries), worded as Databricks prints
 * them (reference §7). One function per error class so every family reports a condition the same way.
 */
import { EngineError } from "./engineError";

/** Renders a qualified name as Databricks quotes it in messages: `` `c`.`s`.`t` ``. */
export function displayName(...parts: string[]): string {
  return parts.map((p) => "`" + p.replace(/`/g, "``") + "`").join(".");
}

export function engineError(errorClass: string, text: string, sqlState: string): EngineError {
  return new EngineError({ errorClass, message: EngineError.format(errorClass, text, sqlState), sqlState });
}

export const errors = {
  tableNotFound: (name: string) =>
    engineError("TABLE_OR_VIEW_NOT_FOUND", `The table or view ${name} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.`, "42P01"),
  tableAlreadyExists: (name: string) =>
    engineError("TABLE_OR_VIEW_ALREADY_EXISTS", `Cannot create table or view ${name} because it already exists.\nChoose a different name, drop or replace the existing object, add the IF NOT EXISTS clause to tolerate pre-existing objects, add the OR REPLACE clause to replace the existing materialized view, or add the OR REFRESH clause to refresh the existing streaming table.`, "42P07"),
  schemaNotFound: (name: string) =>
    engineError("SCHEMA_NOT_FOUND", `The schema ${name} cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS.`, "42704"),
  // Unity Catalog's class, not Spark's CATALOG_NOT_FOUND (42P08). Text and SQLSTATE as Databricks prints
  // them (reference §7 marks the class; the wording is the one seen in workspace error reports): the
  // name in single quotes, unqualified.
  catalogNotFound: (catalog: string) =>
    engineError("NO_SUCH_CATALOG_EXCEPTION", `Catalog '${catalog}' was not found. Please verify the catalog name and then retry the query or command again.`, "42704"),
  schemaAlreadyExists: (name: string) =>
    engineError("SCHEMA_ALREADY_EXISTS", `Cannot create schema ${name} because it already exists.\nChoose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema.`, "42P06"),
  // GUESS: SQLSTATE of CATALOG_ALREADY_EXISTS is not verified (reference §7).
  catalogAlreadyExists: (name: string) =>
    engineError("CATALOG_ALREADY_EXISTS", `Cannot create catalog ${name} because it already exists.\nChoose a different name, drop the existing catalog, or add the IF NOT EXISTS clause to tolerate pre-existing catalog.`, "42P04"),
  schemaNotEmpty: (name: string) =>
    engineError("SCHEMA_NOT_EMPTY", `Cannot drop a schema ${name} because it contains objects.\nUse DROP SCHEMA ... CASCADE to drop the schema and all its objects.`, "2BP01"),
  versionNotFound: (version: number, earliest: number, latest: number) =>
    engineError("DELTA_VERSION_NOT_FOUND", `Cannot time travel Delta table to version ${version}. Available versions: [${earliest}, ${latest}].`, "22003"),
  timestampGreater: (provided: string, table: string, max: string) =>
    engineError("DELTA_TIMESTAMP_GREATER_THAN_COMMIT", `The provided timestamp (${provided}) is after the latest version available to this table (${table}). Please use a timestamp before or at ${max}.`, "42816"),
  timestampEarlier: (provided: string, table: string, min: string) =>
    engineError("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", `The provided timestamp (${provided}) is before the earliest version available to this table (${table}). Please use a timestamp after ${min}.`, "42816"),
  cannotReplaceMissing: (name: string) =>
    engineError("DELTA_CANNOT_REPLACE_MISSING_TABLE", `Table ${name} cannot be replaced as it does not exist. Use CREATE OR REPLACE TABLE to create the table.`, "42P01"),
  fileNotFound: (file: string) =>
    engineError("DELTA_FILE_NOT_FOUND_DETAILED", `File ${file} referenced in the transaction log cannot be found. This occurs when data has been manually deleted from the file system rather than using the table \`DELETE\` statement. For more information, see https://docs.databricks.com/delta/delta-intro.html#frequently-asked-questions`, "42K03"),
  notADeltaTable: (name: string, op: string) =>
    engineError("DELTA_NOT_A_DELTA_TABLE", `${name} is not a Delta table. ${op} is only supported for Delta tables.`, "0AKDD"),
  /**
   * A Delta-only command on a Parquet/Iceberg/... table. Delta's DeltaErrors.notADeltaTableException(op);
   * `DESCRIBE HISTORY` of a Parquet table reports this class on Databricks (seen in workspace reports);
   * GUESS that RESTORE and OPTIMIZE use the same one.
   */
  deltaOnlyOperation: (op: string) =>
    engineError("DELTA_ONLY_OPERATION", `${op} is only supported for Delta tables.`, "0AKDD"),
  /** GUESS (Spark's QueryCompilationErrors.tableNotSupportTimeTravelError): time travel on a non-Delta table. */
  timeTravelUnsupported: (name: string) =>
    engineError("UNSUPPORTED_FEATURE.TIME_TRAVEL", `The feature is not supported: Time travel on the relation: ${name}.`, "0A000"),
  /**
   * Unity Catalog managed tables are Delta (or, in newer releases, Iceberg); other formats need a
   * LOCATION (an external table). Class as reported from workspaces; GUESS on SQLSTATE and exact text.
   */
  managedTableFormat: (format: string) =>
    engineError("INVALID_PARAMETER_VALUE.MANAGED_TABLE_FORMAT", `Only Delta is supported for managed tables (and Iceberg where managed Iceberg tables are enabled); ${format} tables must be external: add a LOCATION clause.`, "22023"),
  /**
   * Spark's hash()/xxhash64() on a MAP (at any depth) or a VARIANT: DATATYPE_MISMATCH.HASH_MAP_TYPE /
   * HASH_VARIANT_TYPE (Spark HashExpression.checkInputDataTypes; texts from Spark's error conditions,
   * GUESS on the exact VARIANT wording).
   */
  hashTypeMismatch: (fn: string, expr: string, kind: "MAP" | "VARIANT") =>
    engineError(
      `DATATYPE_MISMATCH.HASH_${kind}_TYPE`,
      `Cannot resolve "${expr}" due to data type mismatch: Input to the function \`${fn}\` cannot contain elements of the "${kind}" type` +
        (kind === "MAP"
          ? `. In Spark, same maps may have different hashcode, thus hash expressions are prohibited on "MAP" elements. To restore previous behavior set "spark.sql.legacy.allowHashOnMapType" to "true".`
          : " yet."),
      "42K09",
    ),
  /**
   * A WHERE condition that is not BOOLEAN (Spark CheckAnalysis on Filter; queryRewriter filterGuard).
   * GUESS: class, SQLSTATE and text from Spark's error conditions, not confirmed on a workspace.
   */
  filterNotBoolean: (expr: string, type: string) =>
    engineError(
      "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
      `Cannot resolve "${expr}" due to data type mismatch: Filter expression "${expr}" of type "${type}" is not a boolean.`,
      "42K09",
    ),
  expectTableNotView: (op: string, name: string) =>
    engineError("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", `'${op}' expects a table but ${name} is a view.`, "42809"),
  syntax: (near: string) =>
    engineError("PARSE_SYNTAX_ERROR", `Syntax error at or near ${near}.`, "42601"),
  unsupported: (what: string) =>
    engineError("UNSUPPORTED_FEATURE.LOCAL_ENGINE", `The local Unity Catalog engine does not support ${what}. Run it against a Databricks SQL warehouse, or extend provider/warehouse/local.`, "0A000"),
  cannotRestoreVersion: (version: number, earliest: number, latest: number) =>
    engineError("DELTA_CANNOT_RESTORE_TABLE_VERSION", `Cannot restore table to version ${version}. Available versions: [${earliest}, ${latest}].`, "22003"),
  cannotRestoreTimestampGreater: (provided: string, latest: string) =>
    engineError("DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER", `Cannot restore table to timestamp (${provided}) as it is after the latest version available. Please use a timestamp before (${latest}).`, "22003"),
  cloneUnsupportedSource: (name: string, format: string) =>
    engineError("DELTA_CLONE_UNSUPPORTED_SOURCE", `Unsupported clone source '${name}', whose format is ${format}.\nThe supported formats are 'delta', 'iceberg' and 'parquet'.`, "0AKDC"),
  cloneReplaceSameTable: (name: string) =>
    engineError("DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE", `You tried to REPLACE an existing table (${name}) with CLONE. This operation is unsupported. Try a different target for CLONE or delete the table at the current target.`, "0AKDC"),
  unresolvedColumn: (name: string) =>
    engineError("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", `A column, variable, or function parameter with name ${name} cannot be resolved.`, "42703"),
  unresolvedRoutine: (name: string) =>
    engineError("UNRESOLVED_ROUTINE", `Cannot resolve routine ${name} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`].`, "42883"),
  castInvalid: (detail: string) => engineError("CAST_INVALID_INPUT", detail, "22018"),
  internal: (detail: string) => engineError("INTERNAL_ERROR", detail, "XX000"),
  engineColumnExists: (name: string) =>
    engineError("COLUMN_ALREADY_EXISTS", `The column \`${name}\` already exists. Choose another name or rename the existing column.`, "42711"),
  insertColumnMismatch: (table: string, expected: number, got: number) =>
    engineError("INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS", `Cannot write to ${table}, the reason is not enough data columns:\nTable columns: ${expected}.\nData columns: ${got}.`, "21S01"),
};
