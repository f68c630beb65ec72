/**
 * One environment of a platform repo, composed of `@pulumi/databricks` resources and this library's
 * CatalogClone (issue 12, Composition). `@pulumi/databricks` is the right tool for what the Databricks
 * APIs manage declaratively and this library does not: the SQL warehouse, the catalog's isolation and
 * workspace binding, the environment's access. The library does what the provider cannot: discover the
 * source and clone its schemas, tables, views, functions, volumes and their governance, with drift
 * handling and ownership markers.
 *
 * Who owns what (so the two never write the same thing):
 * - databricks.SqlEndpoint: the warehouse. Its id is the clone's `connection.warehouseId`, so the clone
 *   runs on the warehouse this stack manages, and waits for it.
 * - databricks.Catalog (ISOLATED) + databricks.WorkspaceBinding: the destination catalog itself, bound
 *   to the environment's workspace only (the warehouse runs there, so the clone can write it).
 * - databricks.Grants on the catalog: the environment's catalog-level access (e.g. qa_eng: USE_CATALOG,
 *   USE_SCHEMA, SELECT, inherited by everything inside). Authoritative for the catalog securable only.
 * - CatalogClone: everything INSIDE the catalog. The catalog exists before the clone runs and carries no
 *   marker of it, so the clone adopts it: it never writes the catalog (comment, tags, owner, grants) and
 *   never drops it. Its governance replay (the `governance` option) writes grants, owners and tags on the
 *   schemas and objects it creates, and skips the adopted catalog (`adoptedContainers: "skip"`, its
 *   default; "replay" is refused here, environmentArgs.ts). So databricks.Grants and the replay never
 *   touch the same securable.
 *
 * Order: the clone's destination catalog (and so every schema, table and grant under it) depends on the
 * catalog, its binding and its grants, and its connection on the warehouse. `pulumi destroy` runs it in
 * reverse: the clone removes what it created, then the grants, the binding and the catalog go
 * (`forceDestroy: false`: a catalog still holding objects the clone did not create, which it keeps,
 * makes the destroy fail rather than cascade over them), then the warehouse.
 *
 * The provider plugin of `@pulumi/databricks` cannot run on this project's machines (no network, no
 * workspace): test/unit/examples/databricksPlatform.test.ts checks this wiring with the Pulumi SDK's
 * mocks, the clone's discovery running on the embedded engine.
 */
import * as pulumi from "@pulumi/pulumi";
import * as databricks from "@pulumi/databricks";
import { CatalogClone } from "../../components";
import { resolvePlatformEnvironment, type PlatformCloneOptions, type PlatformEnvironmentArgs } from "./environmentArgs";

/** The resources of one environment. */
export interface PlatformEnvironment {
  warehouse: databricks.SqlEndpoint;
  catalog: databricks.Catalog;
  binding: databricks.WorkspaceBinding;
  grants: databricks.Grants | undefined;
  clone: CatalogClone;
}

/**
 * Registers one environment: warehouse, destination catalog, binding, grants, and the clone depending on
 * them. Validates everything first: bad arguments register nothing.
 * @throws PlatformEnvironmentError naming every bad field.
 */
export function platformEnvironment(args: PlatformEnvironmentArgs, clone: PlatformCloneOptions, opts: pulumi.ComponentResourceOptions = {}): PlatformEnvironment {
  const env = resolvePlatformEnvironment(args, clone);
  const n = env.name;

  const warehouse = new databricks.SqlEndpoint(`${n}-warehouse`, {
    name: `catalog-clone-${n}`,
    clusterSize: env.warehouse.clusterSize,
    autoStopMins: env.warehouse.autoStopMins,
    // Serverless needs the PRO type; a classic warehouse is the fallback where serverless is not enabled.
    enableServerlessCompute: env.warehouse.serverless,
    warehouseType: env.warehouse.serverless ? "PRO" : "CLASSIC",
    maxNumClusters: 1,
  });

  const catalog = new databricks.Catalog(`${n}-catalog`, {
    name: env.destinationCatalog,
    comment: env.comment ?? `${n}: clone of ${env.sourceCatalog} (catalog and access managed by the platform stack; contents by CatalogClone)`,
    isolationMode: "ISOLATED",
    // Never cascade: objects the clone kept (not its own) stop the destroy instead of being dropped with the catalog.
    // GUESS: a non-forced delete of a catalog left holding only its `default` schema (which Unity Catalog creates
    // in every new catalog, and which the clone adopts and keeps) succeeds, as RESTRICT does in the embedded
    // engine; not verified against a workspace. If it does not, drop `default` before destroying, not force.
    forceDestroy: false,
  });

  const binding = new databricks.WorkspaceBinding(`${n}-binding`, {
    securableName: catalog.name,
    securableType: "catalog",
    workspaceId: env.workspaceId,
    bindingType: "BINDING_TYPE_READ_WRITE",
  });

  const grants =
    env.grants.length > 0
      ? new databricks.Grants(`${n}-grants`, {
          catalog: catalog.name,
          grants: env.grants.map((g) => ({ principal: g.principal, privileges: g.privileges })),
        })
      : undefined;

  // The catalog's name, carrying the binding and the grants as dependencies: the clone's wired arguments
  // make its destination catalog resource (and so everything under it) wait for them (wiredArgs.ts).
  // URNs, not ids: they are known at preview, so a preview of an existing environment still plans the clone.
  const destinationCatalog = pulumi.all([catalog.name, binding.urn, ...(grants ? [grants.urn] : [])]).apply(([name]) => name);

  const cloned = new CatalogClone(
    n,
    {
      ...clone,
      source: { catalog: env.sourceCatalog },
      destination: { catalog: destinationCatalog },
      connection: { kind: "databricks", host: env.host, warehouseId: warehouse.id },
    },
    opts,
  );
  return { warehouse, catalog, binding, grants, clone: cloned };
}
