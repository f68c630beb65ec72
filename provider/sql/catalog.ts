/**
 * Catalog DDL. Unity Catalog has no settable properties on a regular catalog in SQL (`OPTIONS` is for
 * foreign catalogs), so ownership markers on catalogs are tags (tags.ts) and the comment.
 */
import { propertyList, quoteIdent, quoteLiteral } from "./quote";

export interface CreateCatalogArgs {
  name: string;
  /** Default true: `IF NOT EXISTS`, so a crash-and-retry adopts what the first attempt created. */
  ifNotExists?: boolean;
  /** `MANAGED LOCATION 'path'` (needs an external location and CREATE MANAGED STORAGE on it). */
  managedLocation?: string;
  comment?: string;
  /** `USING SHARE provider.share`: a catalog over a Delta Sharing share (consumer side). */
  usingShare?: { provider: string; share: string };
  /** `OPTIONS (...)`: foreign-catalog / connection options; passed through as a property list. */
  options?: Record<string, string>;
}

/** `CREATE CATALOG [IF NOT EXISTS] c [USING SHARE p.s] [MANAGED LOCATION '...'] [COMMENT '...'] [OPTIONS (...)]`. */
export function createCatalog(args: CreateCatalogArgs): string {
  let sql = `CREATE CATALOG ${args.ifNotExists === false ? "" : "IF NOT EXISTS "}${quoteIdent(args.name)}`;
  if (args.usingShare) sql += ` USING SHARE ${quoteIdent(args.usingShare.provider)}.${quoteIdent(args.usingShare.share)}`;
  if (args.managedLocation !== undefined) sql += ` MANAGED LOCATION ${quoteLiteral(args.managedLocation)}`;
  if (args.comment !== undefined) sql += ` COMMENT ${quoteLiteral(args.comment)}`;
  if (args.options && Object.keys(args.options).length > 0) sql += ` OPTIONS ${propertyList(args.options)}`;
  return sql;
}

/** `DROP CATALOG [IF EXISTS] c CASCADE|RESTRICT`. Defaults: ifExists true, cascade false (RESTRICT fails on a non-empty catalog). */
export function dropCatalog(name: string, opts: { ifExists?: boolean; cascade?: boolean } = {}): string {
  return `DROP CATALOG ${opts.ifExists === false ? "" : "IF EXISTS "}${quoteIdent(name)} ${opts.cascade ? "CASCADE" : "RESTRICT"}`;
}

/** `USE CATALOG c`. */
export function useCatalog(name: string): string {
  return `USE CATALOG ${quoteIdent(name)}`;
}
