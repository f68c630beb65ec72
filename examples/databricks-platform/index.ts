/**
 * The `@pulumi/databricks` platform example's program (Pulumi.yaml here): one environment per stack,
 * from the stack's `platform:environment` (environmentArgs.ts) and `platform:clone` (CatalogClone
 * options: cloneType, sync, scope, governance, ...) config. `databricks:host` / secret `databricks:token` configure both the databricks provider
 * and the clone's connection. See platformEnvironment.ts for who owns what.
 */
import * as pulumi from "@pulumi/pulumi";
import { platformEnvironment } from "./platformEnvironment";
import type { PlatformCloneOptions, PlatformEnvironmentArgs } from "./environmentArgs";

const config = new pulumi.Config("platform");
const env = platformEnvironment(
  { ...config.requireObject<PlatformEnvironmentArgs>("environment"), host: new pulumi.Config("databricks").require("host") },
  config.requireObject<PlatformCloneOptions>("clone"),
);

/** The SQL warehouse the clone runs on. */
export const warehouseId = env.warehouse.id;
/** The environment's catalog. */
export const destinationCatalog = env.clone.destinationCatalog;
/** The clone's report: cloned / adopted / skipped objects with reasons, governance replayed and skipped. */
export const report = env.clone.report;
