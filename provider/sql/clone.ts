/**
 * `CREATE TABLE ... CLONE`: the statement that copies a Delta table (DEEP: data files copied; SHALLOW:
 * data files referenced). Re-running `CREATE OR REPLACE ... DEEP CLONE` onto an earlier clone copies
 * only the files the target lacks, so re-clones use it instead of DROP + CREATE (DESIGN §5).
 */
import { propertyList, quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";
import { cloneTypeSchema, type CloneType } from "../vocabulary/cloneType";
import { asOfClause, type TimeTravel } from "./timeTravel";

/**
 * How the target is created:
 * - `create`: `CREATE TABLE` (fails with TABLE_OR_VIEW_ALREADY_EXISTS if the target exists);
 * - `createOrReplace`: `CREATE OR REPLACE TABLE` (incremental for deep clones of the same source);
 * - `ifNotExists`: `CREATE TABLE IF NOT EXISTS` (no-op when the target exists);
 * - `replace`: `REPLACE TABLE` (fails with DELTA_CANNOT_REPLACE_MISSING_TABLE if the target is missing).
 */
export type CloneMode = "create" | "createOrReplace" | "ifNotExists" | "replace";

export interface CloneTableArgs {
  target: ObjectName;
  source: ObjectName;
  /** DEEP copies data files, SHALLOW references the source's files. */
  cloneType: CloneType;
  /** Default `create`. */
  mode?: CloneMode;
  /** Pins the source version. */
  asOf?: TimeTravel;
  /** TBLPROPERTIES set on the clone (added to the properties copied from the source). */
  properties?: Record<string, string>;
  /** LOCATION of an external clone. */
  location?: string;
}

const MODE_PREFIX: Record<CloneMode, string> = {
  create: "CREATE TABLE",
  createOrReplace: "CREATE OR REPLACE TABLE",
  ifNotExists: "CREATE TABLE IF NOT EXISTS",
  replace: "REPLACE TABLE",
};

/**
 * `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] tgt DEEP|SHALLOW CLONE src [VERSION AS OF n | TIMESTAMP AS OF ts]
 * [TBLPROPERTIES (...)] [LOCATION '...']`. The result set is one row of clone metrics
 * (`source_table_size`, `source_num_of_files`, `num_removed_files`, `num_copied_files`, `removed_files_size`,
 * `copied_files_size`).
 */
export function cloneTable(args: CloneTableArgs): string {
  if (!cloneTypeSchema.options.includes(args.cloneType)) {
    throw new Error(`cloneType must be DEEP or SHALLOW, got ${JSON.stringify(args.cloneType)}.`);
  }
  const mode = args.mode ?? "create";
  if (!(mode in MODE_PREFIX)) throw new Error(`Unknown clone mode ${JSON.stringify(mode)}.`);
  let sql = `${MODE_PREFIX[mode]} ${objectSql(args.target)} ${args.cloneType} CLONE ${objectSql(args.source)}${asOfClause(args.asOf)}`;
  if (args.properties && Object.keys(args.properties).length > 0) sql += ` TBLPROPERTIES ${propertyList(args.properties)}`;
  if (args.location !== undefined) sql += ` LOCATION ${quoteLiteral(args.location)}`;
  return sql;
}
