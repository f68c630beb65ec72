/** Volume DDL (volumes cannot be cloned; the tool recreates them and copies files separately). */
import { quoteLiteral } from "./quote";
import { objectSql, type ObjectName } from "./objectName";

export interface CreateVolumeArgs {
  name: ObjectName;
  /** Default true. */
  ifNotExists?: boolean;
  /** Set for an EXTERNAL volume. */
  location?: string;
  comment?: string;
}

/** `CREATE [EXTERNAL] VOLUME [IF NOT EXISTS] c.s.v [LOCATION '...'] [COMMENT '...']`. */
export function createVolume(args: CreateVolumeArgs): string {
  const ext = args.location !== undefined;
  let sql = `CREATE ${ext ? "EXTERNAL " : ""}VOLUME ${args.ifNotExists === false ? "" : "IF NOT EXISTS "}${objectSql(args.name)}`;
  if (ext) sql += ` LOCATION ${quoteLiteral(args.location!)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  return sql;
}

/** `DROP VOLUME [IF EXISTS] c.s.v`. */
export function dropVolume(name: ObjectName, opts: { ifExists?: boolean } = {}): string {
  return `DROP VOLUME ${opts.ifExists === false ? "" : "IF EXISTS "}${objectSql(name)}`;
}

/** A row of findVolume. */
export interface VolumeLookupRow {
  volume_type: string;
  storage_location: string | null;
  comment: string | null;
}

/**
 * The volume `name`, if it exists: one row from the metastore-wide `system.information_schema.volumes`
 * (so a dropped catalog is a plain "no", as findSchema does for schemas).
 */
export function findVolume(name: ObjectName): string {
  return (
    "SELECT volume_type, storage_location, comment FROM system.information_schema.volumes " +
    `WHERE volume_catalog = ${quoteLiteral(name.catalog.toLowerCase())} AND volume_schema = ${quoteLiteral(name.schema.toLowerCase())} ` +
    `AND volume_name = ${quoteLiteral(name.name.toLowerCase())}`
  );
}

/**
 * The volumes of `catalog` shaped as rows of the table listing (discovery.ts listTablesWithPolicies), to be
 * UNIONed into that one statement: discovery reads volumes without a statement of its own. `table_type` is
 * `VOLUME`, `data_source_format` the volume type (MANAGED / EXTERNAL), `storage_location` its location.
 */
export function volumesAsTableRows(infoSchemaVolumes: string): string {
  return (
    "SELECT volume_schema AS table_schema, volume_name AS table_name, 'VOLUME' AS table_type, volume_type AS data_source_format, " +
    "last_altered AS last_altered, volume_owner AS table_owner, comment AS comment, NULL AS row_filter, NULL AS masked_columns, " +
    `NULL AS mask_function, storage_location AS storage_location FROM ${infoSchemaVolumes}`
  );
}
