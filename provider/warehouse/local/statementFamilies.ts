/**
 * Every statement family of the engine, in the order the session tries them (first match wins):
 * governance, functions, volumes, Delta Sharing and SHOW CREATE TABLE first, then catalogs, tables,
 * DML, Delta commands and queries. Also the providers of `information_schema` relations and the
 * resolvers of tables in catalogs created `USING SHARE`.
 *
 * To add a family: write its StatementHandler(s) in a folder by concern and append them here.
 */
import type { SharedTableResolver, StatementHandler, VirtualRelationProvider } from "./engineContext";
import { grantStatements } from "./governance/grants";
import { alterOwnerStatement } from "./governance/ownership";
import { tagStatements } from "./governance/tags";
import { commentStatements } from "./governance/comments";
import { propertyStatements } from "./governance/tableProperties";
import { constraintStatements } from "./governance/constraints";
import { rowFilterStatements } from "./governance/rowFilters";
import { columnMaskStatements } from "./governance/columnMasks";
import { functionStatements } from "./statements/functions";
import { volumeStatements } from "./statements/volumes";
import { providerStatements } from "./sharing/providers";
import { shareStatements } from "./sharing/shares";
import { recipientStatements } from "./sharing/recipients";
import { sharedCatalogStatements, sharedTableResolver } from "./sharing/sharedCatalogs";
import { showCreateStatements } from "./statements/showCreateTable";
import { informationSchemaProvider } from "./statements/infoSchema";
import { catalogStatements } from "./statements/catalogStatements";
import { tableStatements } from "./statements/tableStatements";
import { dmlStatements } from "./statements/dmlStatements";
import { deltaStatements } from "./statements/deltaStatements";
import { queryStatement } from "./statements/queryStatement";

/** Statement handlers in the order they are tried (first match wins). */
export const statementFamilies: StatementHandler[] = [
  // governance
  ...grantStatements,
  alterOwnerStatement,
  ...tagStatements,
  ...commentStatements,
  ...propertyStatements,
  ...constraintStatements,
  ...rowFilterStatements,
  ...columnMaskStatements,
  // functions, volumes
  ...functionStatements,
  ...volumeStatements,
  // Delta Sharing (SHOW SHARES IN PROVIDER before SHOW SHARES)
  ...providerStatements,
  ...shareStatements,
  ...recipientStatements,
  ...sharedCatalogStatements,
  // introspection
  ...showCreateStatements,
  // catalogs and schemas, tables and views, DML, Delta commands, queries
  ...catalogStatements,
  ...tableStatements,
  ...dmlStatements,
  ...deltaStatements,
  queryStatement,
];

/** Providers of virtual relations for SELECT rewriting (first non-undefined answer wins). */
export const virtualRelationProviders: VirtualRelationProvider[] = [informationSchemaProvider];

/**
 * Resolvers for tables of catalogs created `USING SHARE` (Delta Sharing consumer side): given a name
 * in such a catalog, return the provider workspace directory and the provider's TableEntry; the
 * engine then reads that table's Delta log and files (read-only). First answer wins.
 */
export const sharedTableResolvers: SharedTableResolver[] = [sharedTableResolver];
