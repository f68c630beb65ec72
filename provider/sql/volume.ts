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
