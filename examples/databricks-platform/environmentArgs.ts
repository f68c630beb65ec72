/**
 * What one environment of the `@pulumi/databricks` platform example is made of (platformEnvironment.ts):
 * the SQL warehouse its clone runs on, its destination catalog with the workspace binding and the
 * environment's grants, and the CatalogClone filling that catalog. A zod schema, the single source of
 * the type and of the messages; the clone's own options are validated by the CatalogClone itself, except
 * the two that would contradict who owns what here (refusedCloneOptions).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { CatalogCloneInputArgs } from "../../components";
import { inputProblems, type InputProblem } from "../../provider/inputProblems";
import { unityCatalogName } from "../../provider/vocabulary/objectIdentity";

/** Sizes a Databricks SQL warehouse takes (`cluster_size`). */
export const WAREHOUSE_SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"] as const;

/**
 * Privileges that can be granted on a catalog (Unity Catalog privilege model 1.0, underscore spelling as
 * `databricks.Grants` takes them). Granted on the catalog, they are inherited by everything in it.
 */
export const CATALOG_PRIVILEGES = [
  "ALL_PRIVILEGES",
  "APPLY_TAG",
  "BROWSE",
  "CREATE_FUNCTION",
  "CREATE_MATERIALIZED_VIEW",
  "CREATE_MODEL",
  "CREATE_SCHEMA",
  "CREATE_TABLE",
  "CREATE_VOLUME",
  "EXECUTE",
  "MANAGE",
  "MODIFY",
  "READ_VOLUME",
  "REFRESH",
  "SELECT",
  "USE_CATALOG",
  "USE_SCHEMA",
  "WRITE_VOLUME",
] as const;

const principal = (field: string) =>
  z.string({ error: `${field} must be a principal name (user, group or service principal application id).` }).trim().min(1, { error: `${field} must not be empty.` });

export const platformEnvironmentSchema = z.strictObject({
  /** Environment name (`qa`, `dev_sandbox`): names its Pulumi resources and its SQL warehouse. */
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: "name must be lower-case letters, digits, '-' or '_' (at most 40), starting with a letter." }),
  /** Workspace host the warehouse runs in (`https://dbc-1234.cloud.databricks.com`): the clone's connection. */
  host: z.string().trim().min(1, { error: "host must be the workspace URL, e.g. https://dbc-1234.cloud.databricks.com." }),
  /**
   * Numeric id of that workspace. The destination catalog is ISOLATED and bound to it, so the clone's
   * warehouse (which runs there) can write it and other workspaces of the metastore cannot see it.
   */
  workspaceId: z.string().regex(/^\d+$/, { error: "workspaceId must be the workspace's numeric id (the o= of its URL), as text." }),
  /** The catalog cloned from (the platform does not manage it). */
  sourceCatalog: unityCatalogName("sourceCatalog"),
  /** The environment's catalog: created by the platform (databricks.Catalog), filled by the clone. */
  destinationCatalog: unityCatalogName("destinationCatalog"),
  /** COMMENT of the destination catalog (the platform's; the clone never writes a catalog it did not create). */
  comment: z.string().optional(),
  /** The SQL warehouse the clone runs on (databricks.SqlEndpoint); serverless by default, stopped when idle. */
  warehouse: z
    .strictObject({
      clusterSize: z.enum(WAREHOUSE_SIZES, { error: `warehouse.clusterSize must be one of ${WAREHOUSE_SIZES.join(", ")}.` }).default("2X-Small"),
      autoStopMins: z.number({ error: "warehouse.autoStopMins must be a number of minutes." }).int().min(1, { error: "warehouse.autoStopMins must be at least 1." }).default(10),
      serverless: z.boolean({ error: "warehouse.serverless must be true or false." }).default(true),
    })
    .prefault({}),
  /**
   * The environment's catalog-level grants (`databricks.Grants`, authoritative for the catalog: any other
   * grant on the catalog itself is revoked). Schemas and tables inside are the clone's (see platformEnvironment.ts).
   */
  grants: z
    .array(
      z.strictObject({
        principal: principal("grants[].principal"),
        privileges: z
          .array(z.enum(CATALOG_PRIVILEGES, { error: `grants[].privileges must be catalog privileges: ${CATALOG_PRIVILEGES.join(", ")}.` }))
          .min(1, { error: "grants[].privileges must list at least one privilege." }),
      }),
    )
    .default([]),
});

/** What callers write. */
export type PlatformEnvironmentArgs = z.input<typeof platformEnvironmentSchema>;
export type ResolvedPlatformEnvironment = z.output<typeof platformEnvironmentSchema>;

/**
 * The clone's options: everything of a CatalogClone but where it reads and writes, which the environment
 * decides (source and destination catalogs, the warehouse).
 */
export type PlatformCloneOptions = Omit<CatalogCloneInputArgs, "source" | "destination" | "connection">;

/** Invalid environment arguments; a Pulumi RunError, so `pulumi up` prints the problems, not a stack trace. */
export class PlatformEnvironmentError extends pulumi.RunError {
  readonly problems: InputProblem[];
  constructor(name: string, problems: InputProblem[]) {
    super(`Platform environment "${name}" (nothing was registered):\n` + problems.map((p) => `  - ${p.field}: ${p.message}`).join("\n"));
    this.name = "PlatformEnvironmentError";
    this.problems = problems;
  }
}

/**
 * Clone options that would contradict the split of ownership: the destination catalog is the
 * platform's, so the clone adopts it (an existing catalog without its marker) and never writes it.
 * - `governance.adoptedContainers: "replay"` would replay the source's catalog grants and owner on it,
 *   while databricks.Grants (authoritative) revokes every catalog grant it does not list: each `up`
 *   would undo the other's writes.
 * - `ttl` puts the expiry tag only on a catalog the clone creates; here it would silently never expire.
 *   Environments live as long as their stack; PR previews use the root program's prPreset instead.
 */
export function refusedCloneOptions(clone: PlatformCloneOptions): InputProblem[] {
  const problems: InputProblem[] = [];
  const governance = clone.governance as { adoptedContainers?: unknown } | undefined;
  if (governance?.adoptedContainers === "replay") {
    problems.push({
      field: "clone.governance.adoptedContainers",
      message:
        'must not be "replay" here: the destination catalog\'s grants are databricks.Grants\' (grants), and replaying the source\'s on it would fight them on every up. ' +
        "Leave it unset (skip): the clone still replays grants on the schemas and tables it creates.",
    });
  }
  if (clone.ttl !== undefined) {
    problems.push({
      field: "clone.ttl",
      message: "cannot apply: the expiry tag goes only on a catalog the clone creates, and this catalog is the platform's (databricks.Catalog). Remove it; PR previews get a ttl from the root program's prPreset.",
    });
  }
  return problems;
}

/** Validates the environment (and the clone options this example refuses). @throws PlatformEnvironmentError naming every bad field. */
export function resolvePlatformEnvironment(args: PlatformEnvironmentArgs, clone: PlatformCloneOptions): ResolvedPlatformEnvironment {
  const parsed = platformEnvironmentSchema.safeParse(args);
  const problems = parsed.success ? [] : inputProblems(parsed.error, args, platformEnvironmentSchema, "(environment)");
  problems.push(...refusedCloneOptions(clone));
  const name = typeof (args as { name?: unknown })?.name === "string" ? (args as { name: string }).name : "(unnamed)";
  if (problems.length > 0 || !parsed.success) throw new PlatformEnvironmentError(name, problems);
  return parsed.data;
}
