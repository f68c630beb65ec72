/**
 * The `governance` argument of a CatalogClone: which Unity Catalog governance of the source is replayed
 * on the destination (CLONE copies none of it: reference §1.4), and how the source's principals become
 * the destination environment's (prod's `data_eng` → qa's `qa_eng`).
 */
import { z } from "zod";
import { objectShapeError } from "../../provider/vocabulary/objectShapeError";

const principalName = (field: string) =>
  z
    .string({ error: `${field} must be a principal name (user, group or service principal).` })
    .trim()
    .min(1, { error: `${field} must not be empty.` })
    .max(255, { error: `${field} must be at most 255 characters.` });

export const principalsSchema = z.strictObject(
  {
    /**
     * Source principal → destination principal, e.g. `{ data_eng: "qa_eng", "ana@corp.com": "qa-analysts" }`.
     * Keys match the source's principal names exactly (Unity Catalog compares them case-sensitively).
     */
    map: z.record(principalName("principals.map key"), principalName("principals.map value"), {
      error: 'principals.map must be an object { "<source principal>": "<destination principal>" }.',
    }).default({}),
    /**
     * What happens to a grant or owner whose principal the map does not name: `drop` (default) replays
     * nothing for it, `keep` replays it to the same principal. Either way it is listed in the report
     * (`governance.unmappedPrincipals`). The default fails closed: a principal nobody mapped never
     * gains access to the destination by accident (a prod-only group reading a qa copy, an external
     * partner's service principal, ...); set `keep` when source and destination share principals.
     */
    unmapped: z.enum(["drop", "keep"], { error: 'principals.unmapped must be "drop" or "keep".' }).default("drop"),
  },
  { error: objectShapeError("governance.principals", '{ map: { data_eng: "qa_eng" }, unmapped: "drop" | "keep" }') },
);
export type PrincipalsOptions = z.output<typeof principalsSchema>;

export const governanceSchema = z.strictObject(
  {
    /**
     * Replay the source's DIRECT grants (information_schema `*_privileges` with `inherited_from = 'NONE'`)
     * on the catalog, its schemas and tables (default true). Inherited grants are not materialised: they
     * come back through the replayed grant on the parent.
     */
    grants: z.boolean({ error: "governance.grants must be true or false." }).default(true),
    /** Replay owners (`ALTER … OWNER TO`), mapped like grants; set last, after everything else on the object (default true). */
    owners: z.boolean({ error: "governance.owners must be true or false." }).default(true),
    /** Replay tags on the catalog, schemas, tables and columns (default true); this stack's marker tags are never copied. */
    tags: z.boolean({ error: "governance.tags must be true or false." }).default(true),
    /** Replay comments on the catalog, schemas, tables and columns (default true). */
    comments: z.boolean({ error: "governance.comments must be true or false." }).default(true),
    /**
     * Governance of a destination catalog or schema this stack did not create (it existed before, with no
     * marker: adopted). `skip` (default) leaves its grants, owner, tags and comment as they are; `replay`
     * replays the source's on it too. The default fails closed: catalog and schema grants are inherited by
     * everything inside, and an adopted container may hold tables this stack never cloned, so a replayed
     * grant (or owner) there would open those tables to the mapped principals. Skipped containers are
     * listed in the report (`governance.skipped`) with the reason; their tables and volumes still get theirs.
     */
    adoptedContainers: z.enum(["skip", "replay"], { error: 'governance.adoptedContainers must be "skip" or "replay".' }).default("skip"),
    /** How source principals map to destination principals (default: none mapped, unmapped ones dropped). */
    principals: principalsSchema.prefault({}),
  },
  { error: objectShapeError("governance", '{ grants?: true, owners?: true, tags?: true, comments?: true, adoptedContainers?: "skip", principals?: { map: {...}, unmapped: "drop" } }') },
);
export type GovernanceOptions = z.output<typeof governanceSchema>;
