/**
 * Registration point for statement families that live outside the engine core (governance,
 * functions, volumes, sharing, SHOW CREATE TABLE, information_schema). The engine consults
 * `statementFamilies` in order BEFORE its own statements, and asks `virtualRelationProviders`
 * (in order, first answer wins) for any relation named `<catalog>.information_schema.<view>` or
 * `system.information_schema.<view>` found in a query.
 *
 * To plug a family in: import its handler(s)/provider here and append them to the arrays.
 */
import type { StatementHandler, VirtualRelationProvider } from "./engineContext";
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

/** Statement handlers consulted before the core's own (first match wins). */
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
];

/** Providers of virtual relations for SELECT rewriting (first non-undefined answer wins). */
export const virtualRelationProviders: VirtualRelationProvider[] = [informationSchemaProvider];

/**
 * Resolvers for tables of catalogs created `USING SHARE` (Delta Sharing consumer side): given a name
 * in such a catalog, return the provider workspace directory and the provider's TableEntry; the
 * engine then reads that table's Delta log and files (read-only). First answer wins.
 */
export const sharedTableResolvers: SharedTableResolver[] = [sharedTableResolver];

export type SharedTableResolver = (
  ctx: import("./engineContext").EngineContext,
  name: import("./engineContext").QualifiedName,
) => {
  workspaceRoot: string;
  table: import("./metastore/model").TableEntry;
  /** False when the share exposes the table WITHOUT HISTORY: time travel (VERSION/TIMESTAMP AS OF) must be refused. */
  withHistory?: boolean;
} | undefined;
