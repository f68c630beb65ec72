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
    /** The TARGET workspace's warehouse (non-secret); omit to use stack config / environment. Credentials never go here. */
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
   * They are never shared raw.
   */
  policyTables: z.enum(["refuse", "skip"], { error: 'policyTables must be "refuse" or "skip".' }).default("refuse"),
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
   * from keeps the raw source tables in the target workspace (shape a copy in the source workspace instead).
   */
  clone: z.record(z.string(), z.unknown()).default({}),
});

/** What users write: `new CrossWorkspaceClone(name, args)`. */
export type CrossWorkspaceCloneArgs = z.input<typeof crossWorkspaceCloneArgsSchema>;
/** The arguments after validation and defaults. */
export type ResolvedCrossWorkspaceCloneArgs = z.output<typeof crossWorkspaceCloneArgsSchema>;
