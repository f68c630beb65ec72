/**
 * The core statement families, in the order the engine tries them (after the registered ones).
 */
import type { CoreStatementHandler } from "../engineCore";
import { catalogStatements } from "./catalogStatements";
import { tableStatements } from "./tableStatements";
import { dmlStatements } from "./dmlStatements";
import { deltaStatements } from "./deltaStatements";
import { queryStatement } from "./queryStatement";

export const coreStatements: CoreStatementHandler[] = [
  ...catalogStatements,
  ...tableStatements,
  ...dmlStatements,
  ...deltaStatements,
  queryStatement,
];
