/**
 * CrossWorkspaceClone arguments as a zod schema: the single source of their types, JSDoc and messages.
 */
import { z } from "zod";
import { connectionRefSchema } from "../../provider/resources/connectionRef";
import { unityCatalogName } from "../../provider/vocabulary/objectIdentity";

export const crossWorkspaceCloneArgsSchema = z.strictObject({
  /** The source side: a catalog of the source workspace. */
  source: z.strictObject({
    /** Catalog to clone. */
    catalog: unityCatalogName("source.catalog"),
    /** The SOURCE workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go here. */
    connection: connectionRefSchema.optional(),
  }),
  /** The target side: the destination catalog in another workspace (another metastore). */
  target: z.strictObject({
    /** Destination catalog in the target workspace (with `dataSync: "shared_catalog"`, the read-only shared catalog itself). */
    catalog: unityCatalogName("target.catalog"),
    /**
     * The TARGET workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go
     * here: with `configNamespace` (e.g. `databricks-dr`) they come from that namespace only (`databricks-dr:token`,
     * DATABRICKS_DR_TOKEN), so the target has its own; without it, from the stack's `databricks:*` like the source.
     */
    connection: connectionRefSchema.optional(),
    /** COMMENT of the destination catalog when this stack creates it (deep_clone). */
    comment: z.string().optional(),
  }),
  /**
   * `deep_clone` (default): DEEP CLONE every shared table from the shared catalog into `target.catalog`
   * (a CatalogClone on the target side: sync modes, `asOf` pins, validation, rollback);
   * `shared_catalog`: stop at the read-only catalog over the share (no copy; reads hit the source's storage).
   */
  dataSync: z.enum(["deep_clone", "shared_catalog"], { error: 'dataSync must be "deep_clone" or "shared_catalog".' }).default("deep_clone"),
  /**
   * When source and target report the same metastore, Delta Sharing does not apply: `fail` (default)
   * stops with a clear message; `directClone` clones the source catalog directly on the target connection
   * (a CatalogClone; the source catalog is visible there because the metastore is the same).
   */
  sameMetastore: z.enum(["fail", "directClone"], { error: 'sameMetastore must be "fail" or "directClone".' }).default("fail"),
  /**
   * Source tables with a row filter or column mask (which Delta Sharing does not carry): `refuse`
   * (default) fails the run naming them; `skip` leaves them out of the share and lists them in the report.
   * They are never shared raw. `view` (share them through a view that applies the policy) is refused
   * before any SQL (crossWorkspace/policyView.ts says why): a shared view's policy would be evaluated as
   * the provider-side identity, not as the target's reader, so it could not be shown to hide what it hides.
   */
  policyTables: z.enum(["refuse", "skip", "view"], { error: 'policyTables must be "refuse", "skip" or "view".' }).default("refuse"),
  /**
   * What happens to the share, its grant and the catalog over it after a `deep_clone` sync:
   * - `keepShare` (default): they stay, so the next sync is an incremental DEEP CLONE from an already
   *   mounted share (the fastest DR refresh; the raw shared catalog stays readable in the target by whoever
   *   is granted on it, by default its owner, the deploying principal);
   * - `teardown`: once the deep clone (and its validation) succeeded, the shared catalog, the grant and the
   *   share THIS stack created are removed (pre-existing ones never; the recipient always stays), and a sync
   *   record is tagged on the destination catalog. The next run compares the source (through the source
   *   connection) and the destination with that record: nothing changed → no sharing statement at all;
   *   something changed → share, grant and shared catalog are made again, the drifted tables re-cloned, and
   *   torn down again. Each such run costs CREATE SHARE, one ALTER SHARE ADD TABLE per table, one GRANT,
   *   CREATE CATALOG … USING SHARE (plus the propagation wait), and DROP CATALOG, REVOKE, DROP SHARE.
   * Not with `dataSync: "shared_catalog"` (the shared catalog IS the result) nor `clone.asOf`.
   */
  shareLifecycle: z.enum(["keepShare", "teardown"], { error: 'shareLifecycle must be "keepShare" or "teardown".' }).default("keepShare"),
  /** Share name; default: derived from the source and target identity (`xws_<source>_to_<target>_<hash>`). An existing share is used, not re-created. */
  shareName: unityCatalogName("shareName").optional(),
  /** Name for a recipient created when none exists for the target metastore (an existing one is always reused). */
  recipientName: unityCatalogName("recipientName").optional(),
  /** Longest wait for the share to become visible in the target, in seconds (default 120). */
  propagationTimeoutSeconds: z.number().int().positive({ error: "propagationTimeoutSeconds must be a positive integer (seconds)." }).default(120),
  /**
   * With `deep_clone`: the CatalogClone arguments other than `source`, `destination` and `connection`
   * (`cloneType` defaults to DEEP; `sync`, `asOf`, `scope`, `validate`, `rollbackOnFailure`, ...).
   * `masking`, `tableOverrides[…].where` and `schemaOnly` are refused: the shared catalog the copy is made
   * from keeps the raw source tables in the target workspace (shape a copy in the source workspace instead);
   * `shareLifecycle: "teardown"` does not change that: the raw shared catalog is mounted for every sync.
   */
  clone: z.record(z.string(), z.unknown()).default({}),
});

/** What users write: `new CrossWorkspaceClone(name, args)`. */
export type CrossWorkspaceCloneArgs = z.input<typeof crossWorkspaceCloneArgsSchema>;
/** The arguments after validation and defaults. */
export type ResolvedCrossWorkspaceCloneArgs = z.output<typeof crossWorkspaceCloneArgsSchema>;
