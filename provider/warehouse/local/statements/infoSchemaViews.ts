/**
 * The names of the information_schema views the engine answers (infoSchema.ts), public so that tests
 * outside the engine can list every object of a workspace (e.g. before and after a destroy) and pick up a
 * view added later without being edited.
 */
import { INFO_SCHEMA_COLUMNS } from "./infoSchema";

export const INFORMATION_SCHEMA_VIEWS: readonly string[] = Object.freeze(Object.keys(INFO_SCHEMA_COLUMNS));
