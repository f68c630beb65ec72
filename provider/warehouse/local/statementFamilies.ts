/**
 * Registration point for statement families that live outside the engine core (governance,
 * functions, volumes, sharing, SHOW CREATE TABLE, information_schema). The engine consults
 * `statementFamilies` in order BEFORE its own statements, and asks `virtualRelationProviders`
 * (in order, first answer wins) for any relation named `<catalog>.information_schema.<view>` or
 * `system.information_schema.<view>` found in a query.
 *
 * To plug a family in: import its handler(s)/provider here and append them to the arrays.
 */
import type { StatementHandler, VirtualRelationProvider } from "./context";
import { grantStatements } from "./grants";
import { alterOwnerStatement } from "./ownership";
import { tagStatements } from "./tags";
import { commentStatements } from "./comments";
import { propertyStatements } from "./tableProperties";
import { constraintStatements } from "./constraints";
import { rowFilterStatements } from "./rowFilters";
import { columnMaskStatements } from "./columnMasks";
import { functionStatements } from "./functions";
import { volumeStatements } from "./volumes";
import { providerStatements } from "./providers";
import { shareStatements } from "./shares";
import { recipientStatements } from "./recipients";
import { sharedCatalogStatements, sharedTableResolver } from "./sharedCatalogs";
import { showCreateStatements } from "./showCreateTable";
import { informationSchemaProvider } from "./infoSchema";

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
  ctx: import("./context").EngineContext,
  name: import("./context").QualifiedName,
) => {
  workspaceRoot: string;
  table: import("./model").TableEntry;
  /** False when the share exposes the table WITHOUT HISTORY: time travel (VERSION/TIMESTAMP AS OF) must be refused. */
  withHistory?: boolean;
} | undefined;
