/**
 * The embedded Unity Catalog + Delta engine's public surface: what the library's local driver, the
 * demo, benchmarks and tests outside this folder may use. Everything else in this folder is internal.
 */
export {
  LocalWarehouse,
  readStatementLog,
  clearStatementLog,
  resetFaultCounters,
  type LocalWarehouseOptions,
  type StatementLogEntry,
  type LocalWarehouseHooks,
  type FaultRule,
} from "./localWarehouse";
export { VolumeFiles, openVolumeFiles, type VolumeFileInfo } from "./statements/volumeFiles";
export { EngineError } from "./errors/engineError";
export type { Row } from "./row";
export { INFORMATION_SCHEMA_VIEWS } from "./statements/infoSchemaViews";
