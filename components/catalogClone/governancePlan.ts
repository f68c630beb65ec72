/**
 * What governance each destination securable should carry, from the source's (discovered by
 * governanceDiscovery.ts) and the `governance` argument. Pure.
 *
 * - Only securables the clone plan registers get governance: the catalog, its planned schemas, tables,
 *   volumes, views and functions. A view's source governance is listed as a TABLE's (information_schema
 *   lists views with tables); it is replayed as a VIEW's. Functions carry no tags (Databricks has none).
 * - A catalog or schema this stack did not create (adopted) gets none, unless `adoptedContainers: "replay"`:
 *   its grants are inherited by tables this stack never cloned, so replaying them (or its owner) would
 *   widen access to those. Not its tags or comment either: not ours to change. Listed in `skipped`.
 * - Grants are the source's DIRECT grants with principals mapped (principalMap.ts); owners likewise.
 * - Tags are copied except this project's ownership markers (`catalog_clone_owner`, `catalog_clone.*`):
 *   a source that is itself a clone must not lend its marker to the destination, and the
 *   destination's own marker is never in the desired set, so it is never overwritten or removed.
 * - Comments: tables and columns here. The catalog's, schemas', volumes', views' and functions' comments travel through their own
 *   resources (`comment` input, written when this stack creates them), because the catalog resource
 *   keeps its creation token in that comment (provider/resources/ownership.ts).
 * - Column comments are part of the Delta schema that CLONE copies (the engine does; GUESS for
 *   Databricks, reference §1.4), so the resource usually finds them already there and writes nothing.
 */
import type { GovernanceState, GovernedSecurable, GrantMap, TagMap } from "../../provider/resources/governance/inputs";
import { canonicalGrants, canonicalTags } from "../../provider/resources/governance/reconcile";
import { OWNER_TAG } from "../../provider/resources/ownership";
import type { GovernanceOptions } from "./governanceArgs";
import { principalFate } from "./principalMap";

/** Governance of one source securable as discovered (source principals). */
export interface SourceSecurableGovernance {
  grants: GrantMap;
  owner: string | null;
  comment: string | null;
  tags: TagMap;
  columns: Record<string, { tags: TagMap; comment: string | null }>;
}

/** The source catalog's governance, keyed by securableKey. */
export type SourceGovernance = Record<string, SourceSecurableGovernance>;

/** `catalog`, `schema:<s>`, `table:<s>.<t>`, `view:<s>.<v>`, `volume:<s>.<v>`, `function:<s>.<f>`. */
export function securableKey(type: GovernedSecurable["type"], schema?: string | null, name?: string | null): string {
  return type === "CATALOG" ? "catalog" : type === "SCHEMA" ? `schema:${schema}` : `${type.toLowerCase()}:${schema}.${name}`;
}

/** One destination securable and what it should carry. */
export interface PlannedGovernance {
  key: string;
  securable: GovernedSecurable;
  desired: GovernanceState;
}

/** A source principal the map does not name, and where it appears. */
export interface UnmappedPrincipal {
  principal: string;
  /** `dropped` (nothing replayed for it) or `kept` (replayed as is). */
  fate: "dropped" | "kept";
  /** Grants and ownerships of it in the source: `SELECT on table sales.orders`, `owner of schema sales`. */
  uses: string[];
}

/** What governance replays, counted as the destination should carry it. */
export interface GovernanceCounts {
  grants: number;
  owners: number;
  tags: number;
  comments: number;
}

/** A container whose governance is left as found, and why. */
export interface SkippedContainer {
  /** `catalog qa`, `schema qa.sales`. */
  securable: string;
  reason: string;
}

/** Which planned containers existed before this stack without its marker (adoptedContainers.ts). */
export interface AdoptedContainers {
  catalog: boolean;
  schemas: readonly string[];
}

export interface GovernancePlan {
  securables: PlannedGovernance[];
  /** Adopted containers left alone (`adoptedContainers: "skip"`). */
  skipped: SkippedContainer[];
  unmappedPrincipals: UnmappedPrincipal[];
  counts: GovernanceCounts;
  /** Comments of the catalog and of each schema, for their own resources (only with `comments`). */
  containerComments: { catalog: string | null; schemas: Record<string, string | null> };
}

/** Tag keys that are this project's markers: never copied from the source. */
export function isMarkerTag(key: string): boolean {
  const k = key.toLowerCase();
  return k === OWNER_TAG || k.startsWith("catalog_clone.") || k.startsWith("catalog_clone_");
}

const EMPTY: SourceSecurableGovernance = { grants: {}, owner: null, comment: null, tags: {}, columns: {} };

function withoutMarkers(tags: TagMap): TagMap {
  return canonicalTags(Object.fromEntries(Object.entries(tags).filter(([k]) => !isMarkerTag(k))));
}

function label(s: GovernedSecurable): string {
  return s.type === "CATALOG" ? "the catalog" : s.type === "SCHEMA" ? `schema ${s.schema}` : `${s.type.toLowerCase()} ${s.schema}.${s.name}`;
}

const ADOPTED_REASON =
  "adopted: it existed before this stack, which did not create it, and may hold objects it did not clone; grants on it are inherited by those, " +
  'so its grants, owner, tags and comment are left as they are (set governance.adoptedContainers: "replay" to replay them)';

/**
 * The governance of each planned securable. `planned`: the schemas and tables the clone plan registers,
 * and which of the containers are adopted; `destinationCatalog`: where they live.
 */
export function planGovernance(
  source: SourceGovernance,
  planned: {
    schemas: readonly string[];
    tables: readonly { schema: string; table: string }[];
    volumes?: readonly { schema: string; name: string }[];
    views?: readonly { schema: string; name: string }[];
    functions?: readonly { schema: string; name: string }[];
    adopted: AdoptedContainers;
  },
  destinationCatalog: string,
  opts: GovernanceOptions,
): GovernancePlan {
  const unmapped = new Map<string, UnmappedPrincipal>();
  const counts: GovernanceCounts = { grants: 0, owners: 0, tags: 0, comments: 0 };
  const map = (principal: string, use: string): string | undefined => {
    const fate = principalFate(principal, opts.principals);
    if (fate.kind !== "mapped") {
      const u = unmapped.get(principal) ?? { principal, fate: fate.kind, uses: [] };
      u.uses.push(use);
      unmapped.set(principal, u);
    }
    return fate.kind === "dropped" ? undefined : fate.to;
  };

  const desiredFor = (s: GovernedSecurable, src: SourceSecurableGovernance): GovernanceState => {
    const grants: GrantMap = {};
    if (opts.grants) {
      for (const [p, privs] of Object.entries(src.grants)) {
        const to = map(p, `${privs.join(", ")} on ${label(s)}`);
        if (to !== undefined) grants[to] = [...(grants[to] ?? []), ...privs];
      }
    }
    const desired: GovernanceState = { grants: canonicalGrants(grants), tags: opts.tags && s.type !== "FUNCTION" ? withoutMarkers(src.tags) : {}, columns: {} };
    if (opts.owners && src.owner) {
      const to = map(src.owner, `owner of ${label(s)}`);
      if (to !== undefined) desired.objectOwner = to;
    }
    if (s.type === "TABLE") {
      if (opts.comments && src.comment !== null) desired.comment = src.comment;
      for (const c of Object.keys(src.columns).sort()) {
        const tags = opts.tags ? withoutMarkers(src.columns[c].tags) : {};
        const comment = opts.comments ? src.columns[c].comment : null;
        if (Object.keys(tags).length === 0 && comment === null) continue;
        desired.columns[c] = { tags, ...(comment !== null ? { comment } : {}) };
      }
    }
    counts.grants += Object.values(desired.grants).reduce((n, p) => n + p.length, 0);
    counts.owners += desired.objectOwner !== undefined ? 1 : 0;
    counts.tags += Object.keys(desired.tags).length + Object.values(desired.columns).reduce((n, c) => n + Object.keys(c.tags).length, 0);
    counts.comments += (desired.comment !== undefined ? 1 : 0) + Object.values(desired.columns).filter((c) => c.comment !== undefined).length;
    return desired;
  };

  const securables: PlannedGovernance[] = [];
  const skipped: SkippedContainer[] = [];
  const leave = (adopted: boolean, securable: string): boolean => {
    if (!adopted || opts.adoptedContainers === "replay") return false;
    skipped.push({ securable, reason: ADOPTED_REASON });
    return true;
  };
  const skipCatalog = leave(planned.adopted.catalog, `catalog ${destinationCatalog}`);
  const adoptedSchemas = new Set(planned.adopted.schemas);
  const ours = planned.schemas.filter((schema) => !leave(adoptedSchemas.has(schema), `schema ${destinationCatalog}.${schema}`));
  const add = (s: GovernedSecurable, key: string, sourceKey = key) => securables.push({ key, securable: s, desired: desiredFor(s, source[sourceKey] ?? EMPTY) });
  if (!skipCatalog) add({ type: "CATALOG", catalog: destinationCatalog }, securableKey("CATALOG"));
  for (const schema of ours) add({ type: "SCHEMA", catalog: destinationCatalog, schema }, securableKey("SCHEMA", schema));
  for (const t of planned.tables) add({ type: "TABLE", catalog: destinationCatalog, schema: t.schema, name: t.table }, securableKey("TABLE", t.schema, t.table));
  for (const v of planned.volumes ?? []) add({ type: "VOLUME", catalog: destinationCatalog, schema: v.schema, name: v.name }, securableKey("VOLUME", v.schema, v.name));
  for (const v of planned.views ?? []) add({ type: "VIEW", catalog: destinationCatalog, schema: v.schema, name: v.name }, securableKey("VIEW", v.schema, v.name), securableKey("TABLE", v.schema, v.name));
  for (const f of planned.functions ?? []) add({ type: "FUNCTION", catalog: destinationCatalog, schema: f.schema, name: f.name }, securableKey("FUNCTION", f.schema, f.name));

  const containerComments = { catalog: null as string | null, schemas: {} as Record<string, string | null> };
  if (opts.comments) {
    containerComments.catalog = skipCatalog ? null : (source[securableKey("CATALOG")]?.comment ?? null);
    for (const schema of ours) containerComments.schemas[schema] = source[securableKey("SCHEMA", schema)]?.comment ?? null;
    counts.comments += (containerComments.catalog !== null ? 1 : 0) + Object.values(containerComments.schemas).filter((c) => c !== null).length;
  }
  return {
    securables,
    skipped,
    unmappedPrincipals: [...unmapped.values()].sort((a, b) => a.principal.localeCompare(b.principal)),
    counts,
    containerComments,
  };
}
