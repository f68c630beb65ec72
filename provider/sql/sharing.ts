/**
 * Delta Sharing DDL (reference §5): shares and recipients on the provider side, the consumer's
 * metastore id, and the consumer-side catalog over a share (createCatalog with `usingShare`).
 */
import { propertyList, quoteIdent, quoteLiteral } from "./quote";
import { objectSql, schemaSql, type ObjectName, type SchemaName } from "./objectName";

const ifNotExists = (v: boolean | undefined): string => (v === false ? "" : "IF NOT EXISTS ");
const ifExists = (v: boolean | undefined): string => (v === false ? "" : "IF EXISTS ");

/** `CREATE SHARE [IF NOT EXISTS] s [COMMENT '...']` (IF NOT EXISTS unless `ifNotExists: false`). */
export function createShare(name: string, opts: { comment?: string; ifNotExists?: boolean } = {}): string {
  const comment = opts.comment === undefined ? "" : ` COMMENT ${quoteLiteral(opts.comment)}`;
  return `CREATE SHARE ${ifNotExists(opts.ifNotExists)}${quoteIdent(name)}${comment}`;
}

/** `DROP SHARE [IF EXISTS] s`. */
export function dropShare(name: string, opts: { ifExists?: boolean } = {}): string {
  return `DROP SHARE ${ifExists(opts.ifExists)}${quoteIdent(name)}`;
}

export interface ShareTableArgs {
  share: string;
  table: ObjectName;
  comment?: string;
  /** `AS schema.table`: the name recipients see (must be two parts). */
  sharedAs?: { schema: string; name: string };
  /** `WITH HISTORY` (needed for recipients' time travel / CDF / streaming) or `WITHOUT HISTORY`; omitted: the default. */
  history?: boolean;
}

/** `ALTER SHARE s ADD TABLE c.s.t [COMMENT '...'] [AS sch.tbl] [WITH|WITHOUT HISTORY]`. */
export function shareAddTable(args: ShareTableArgs): string {
  let sql = `ALTER SHARE ${quoteIdent(args.share)} ADD TABLE ${objectSql(args.table)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.sharedAs) sql += ` AS ${quoteIdent(args.sharedAs.schema)}.${quoteIdent(args.sharedAs.name)}`;
  if (args.history !== undefined) sql += args.history ? " WITH HISTORY" : " WITHOUT HISTORY";
  return sql;
}

/** `ALTER SHARE s REMOVE TABLE c.s.t` (the provider-side name, or the `sharedAs` alias). */
export function shareRemoveTable(share: string, table: ObjectName | { schema: string; name: string }): string {
  const name = "catalog" in table ? objectSql(table) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  return `ALTER SHARE ${quoteIdent(share)} REMOVE TABLE ${name}`;
}

/** `ALTER SHARE s ADD SCHEMA c.s` (every current and future table of the schema). */
export function shareAddSchema(share: string, schema: SchemaName): string {
  return `ALTER SHARE ${quoteIdent(share)} ADD SCHEMA ${schemaSql(schema)}`;
}

/** `SHOW ALL IN SHARE s`: the objects of a share. */
export function showAllInShare(share: string): string {
  return `SHOW ALL IN SHARE ${quoteIdent(share)}`;
}

/** `DESCRIBE SHARE s`. */
export function describeShare(share: string): string {
  return `DESCRIBE SHARE ${quoteIdent(share)}`;
}

export interface CreateRecipientArgs {
  name: string;
  /**
   * The consumer metastore's sharing identifier (`<cloud>:<region>:<uuid>`, the consumer's
   * `current_metastore()`): Databricks-to-Databricks sharing. Omitted: open (token) sharing.
   */
  sharingIdentifier?: string;
  comment?: string;
  properties?: Record<string, string>;
  /** Default true. */
  ifNotExists?: boolean;
}

/** `CREATE RECIPIENT [IF NOT EXISTS] r [USING ID '...'] [COMMENT '...'] [PROPERTIES (...)]`. */
export function createRecipient(args: CreateRecipientArgs): string {
  let sql = `CREATE RECIPIENT ${ifNotExists(args.ifNotExists)}${quoteIdent(args.name)}`;
  if (args.sharingIdentifier !== undefined) sql += ` USING ID ${quoteLiteral(args.sharingIdentifier)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.properties && Object.keys(args.properties).length > 0) sql += ` PROPERTIES ${propertyList(args.properties)}`;
  return sql;
}

/** `DROP RECIPIENT [IF EXISTS] r`. */
export function dropRecipient(name: string, opts: { ifExists?: boolean } = {}): string {
  return `DROP RECIPIENT ${ifExists(opts.ifExists)}${quoteIdent(name)}`;
}

/** `DESCRIBE RECIPIENT r` (rows of recipient facts, incl. the activation link for token recipients). */
export function describeRecipient(name: string): string {
  return `DESCRIBE RECIPIENT ${quoteIdent(name)}`;
}

/** `SELECT current_metastore() AS metastore_id`: this workspace's sharing identifier. */
export function currentMetastore(): string {
  return "SELECT current_metastore() AS metastore_id";
}

/** `SHOW SHARES IN PROVIDER p` (consumer side). */
export function showSharesInProvider(provider: string): string {
  return `SHOW SHARES IN PROVIDER ${quoteIdent(provider)}`;
}

/** `SHOW PROVIDERS` (consumer side). */
export function showProviders(): string {
  return "SHOW PROVIDERS";
}

/** `SHOW RECIPIENTS` (provider side): name, created_at, created_by, comment. */
export function showRecipients(): string {
  return "SHOW RECIPIENTS";
}

/** `SHOW GRANTS ON SHARE s`: one row per recipient holding SELECT on it (column `recipient`). */
export function showGrantsOnShare(share: string): string {
  return `SHOW GRANTS ON SHARE ${quoteIdent(share)}`;
}

/** `SHOW GRANTS TO RECIPIENT r`: the shares granted to a recipient (column `share`). */
export function showGrantsToRecipient(recipient: string): string {
  return `SHOW GRANTS TO RECIPIENT ${quoteIdent(recipient)}`;
}

/** `DESCRIBE PROVIDER p` (consumer side): info_name / info_value rows, incl. the provider's metastore id. */
export function describeProvider(provider: string): string {
  return `DESCRIBE PROVIDER ${quoteIdent(provider)}`;
}
