/**
 * Inputs and outputs of the governance resource (`catalog-clone:Governance`): the desired direct grants,
 * owner, tags and comments of ONE destination securable (the catalog, a schema or a table), modelled
 * like the Databricks Terraform provider's `databricks_grants` (one resource per securable holding its
 * grants), extended to the owner, tags and comments of the same object so that their order on the object
 * can be guaranteed (owner last). Principals are already mapped to the destination's (the component does
 * that, components/catalogClone/principalMap.ts).
 *
 * Authoritative only over what it replays: a grant, tag or comment someone else put on the destination
 * is never revoked or removed; one the resource wants that was already there ("collides") is kept as
 * found, and never revoked on destroy (the `before` output records it).
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { ownerInput } from "../ownership";

/** Principal → privileges in SQL spelling (`USE SCHEMA`), both sorted (the component and read canonicalise). */
export const GrantMap = z.record(z.string().min(1), z.array(z.string().min(1)));
export type GrantMap = z.infer<typeof GrantMap>;

/** Tag key → value ("" for a key-only tag). */
export const TagMap = z.record(z.string().min(1), z.string());
export type TagMap = z.infer<typeof TagMap>;

/** Column name → its tags and comment. */
export const ColumnGovernance = z.record(
  z.string().min(1),
  z.object({
    /** Tags of the column. */
    tags: TagMap.default({}),
    /** Comment of the column; absent: not managed. */
    comment: z.string().optional(),
  }),
);
export type ColumnGovernance = z.infer<typeof ColumnGovernance>;

/** The securable whose governance the resource holds. */
export const GovernedSecurable = z.object({
  /** CATALOG, SCHEMA, TABLE, VIEW (a TABLE securable whose SQL says VIEW), VOLUME or FUNCTION (no tags: Databricks has none on functions). */
  type: z.enum(["CATALOG", "SCHEMA", "TABLE", "VIEW", "VOLUME", "FUNCTION"]),
  /** Catalog name (lower case). */
  catalog: objectNamePart("securable.catalog"),
  /** Schema name, for schemas and tables. */
  schema: objectNamePart("securable.schema").optional(),
  /** Object name, for tables and volumes. */
  name: objectNamePart("securable.name").optional(),
});
export type GovernedSecurable = z.infer<typeof GovernedSecurable>;

/** What the resource manages on its securable: the same shape as desired, observed and before. */
export const GovernanceState = z.object({
  /** Direct grants (principal → privileges). */
  grants: GrantMap.default({}),
  /** Owner principal; absent: ownership is not managed. */
  objectOwner: z.string().min(1).optional(),
  /** Tags of the securable itself (never this stack's `catalog_clone_owner` marker). */
  tags: TagMap.default({}),
  /** COMMENT of a table; absent: not managed (catalogs, schemas and volumes carry theirs through their own resource). */
  comment: z.string().optional(),
  /** Column tags and comments (tables). */
  columns: ColumnGovernance.default({}),
});
export type GovernanceState = z.infer<typeof GovernanceState>;

export const GovernanceInputs = GovernanceState.extend({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>` of the stack replaying it (for messages; the marker itself lives on the object's resource). */
  owner: ownerInput,
  /** The destination securable. */
  securable: GovernedSecurable,
  /**
   * Tables: the deployment that last wrote the table (its resource's `changedInDeployment`). A full-mode
   * re-clone (or a shape reset) DROPs and re-creates the table, losing its grants and tags; the change of
   * this value makes the governance resource update in the same `up`, after the table, and the update
   * writes back what it finds missing (it reconciles against what the object holds, not against state).
   * A write that kept everything costs the read only. Absent for containers and volumes.
   */
  objectWrittenIn: z.string().nullable().optional(),
});
export type GovernanceInputs = z.infer<typeof GovernanceInputs>;

/** What the destination held before this stack first wrote to it, for the keys it manages (restored by destroy). */
export const Before = z.object({
  /** Every direct grant the securable had (a wanted one already there is never revoked by destroy). */
  grants: GrantMap,
  /** Owner before the first `OWNER TO`; null when not read. */
  objectOwner: z.string().nullable(),
  /** Values of the managed tag keys that were there (absent: the key was not set). */
  tags: TagMap,
  /** Comment before (null: none); absent when comments are not managed. */
  comment: z.string().nullable().optional(),
  /** Managed column tags and comments as they were. */
  columns: z.record(z.string(), z.object({ tags: TagMap, comment: z.string().nullable().optional() })),
});
export type Before = z.infer<typeof Before>;

/** Statements of one kind the last write issued. */
export const WriteCounts = z.object({ grants: z.number(), revokes: z.number(), owners: z.number(), tags: z.number(), comments: z.number() });
export type WriteCounts = z.infer<typeof WriteCounts>;

export const GovernanceOutputs = GovernanceInputs.extend({
  /**
   * What this stack last wrote (the inputs of the last create/update). The input-named outputs above
   * show the managed keys as the destination holds them (refresh), so a revoked grant reads as drift.
   */
  wanted: GovernanceState,
  /**
   * The managed keys as the destination held them before this stack first wrote (merged with keys that
   * became managed later): destroy restores them. Absent when the securable was gone at create.
   */
  before: Before.optional(),
  /** Statements the last create/update issued, by kind (all 0 on a write-free run). */
  written: WriteCounts,
  /** What the last operation did, for humans. */
  lastAction: z.string(),
  /** Identity of the warehouse holding the securable (warehouseChange.ts). */
  warehouse: z.string().optional(),
});
export type GovernanceOutputs = z.infer<typeof GovernanceOutputs>;
