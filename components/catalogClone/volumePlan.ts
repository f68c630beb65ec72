/**
 * Planning of volumes (pure, like plan.ts, which calls it): each in-scope source volume becomes one
 * volume resource in its schema; an external volume needs a destination location from
 * `externalLocationMap` (externalLocation.ts) and is skipped with the reason when it has none.
 * Destination volumes: this stack's (creation token in the comment) whose source is gone or out of scope
 * are kept (retained) unless `dropExtra`; others' are foreign, listed and left alone.
 * Scope: schema filters apply to volumes; table-name patterns do not.
 * schemaOnly ("structure, no rows", the PR preview preset): a managed volume is still created, but empty,
 * and none of its files is ever copied (files are a volume's rows: production data). Created rather than
 * skipped because the volume is structure: code under test that writes to or lists `/Volumes/...` needs it
 * to exist, as it needs an empty table. External volumes are unaffected (their files are never copied).
 * tableOverrides do not apply to volumes: no per-volume opt-out.
 */
import type { ResolvedCatalogCloneArgs } from "./args";
import type { DiscoveredCatalog } from "./discovery";
import type { DiscoveredVolume } from "./volumeDiscovery";
import { mapExternalLocation } from "./externalLocation";
import { creationTokenOwner, ownershipOf } from "../../provider/resources/ownership";

export interface PlannedVolume {
  schema: string;
  name: string;
  volumeType: "MANAGED" | "EXTERNAL";
  /** EXTERNAL: the destination location (mapped). */
  location?: string;
  comment: string | null;
  /** The destination volume as discovered (undefined: not there). */
  destination: DiscoveredVolume | undefined;
  /** Why it is registered, for humans. */
  reason: string;
  /** MANAGED under schemaOnly: created empty, no file copied. */
  schemaOnly?: true;
}

export interface RetainedVolume {
  schema: string;
  name: string;
  destination: DiscoveredVolume;
  retainedBecause: string;
}

/** A source volume not cloned, as plan.ts lists skipped objects. */
export interface SkippedVolume {
  schema: string;
  name: string;
  reason: "EXCLUDED_SCHEMA" | "EXTERNAL_VOLUME_UNMAPPED";
  detail: string;
}

export interface VolumePlan {
  volumes: PlannedVolume[];
  retained: RetainedVolume[];
  /** dropExtra: this stack's destination volumes no longer registered (Pulumi deletes them). */
  released: { schema: string; name: string; because: string }[];
  skipped: SkippedVolume[];
  foreign: { schema: string; name: string; owner: string | null; because: string }[];
}

const key = (v: { schema: string; name: string }) => `${v.schema}.${v.name}`;

export function planVolumes(
  args: ResolvedCatalogCloneArgs,
  source: DiscoveredCatalog,
  destination: DiscoveredCatalog,
  owner: string,
  schemaOutOfScope: (schema: string) => string | undefined,
): VolumePlan {
  const plan: VolumePlan = { volumes: [], retained: [], released: [], skipped: [], foreign: [] };
  const dest = new Map((destination.volumes ?? []).map((v) => [key(v), v]));
  const planned = new Set<string>();
  const sourceKeys = new Set<string>();
  for (const v of source.volumes ?? []) {
    sourceKeys.add(key(v));
    const outOfScope = schemaOutOfScope(v.schema);
    if (outOfScope) {
      plan.skipped.push({ schema: v.schema, name: v.name, reason: "EXCLUDED_SCHEMA", detail: outOfScope });
      continue;
    }
    const d = dest.get(key(v));
    const reason = d ? `exists in destination as a ${d.volumeType} volume` : "not in destination yet";
    if (v.volumeType === "EXTERNAL") {
      const mapped = mapExternalLocation(v.storageLocation ?? "", args.externalLocationMap);
      if ("skip" in mapped) {
        plan.skipped.push({ schema: v.schema, name: v.name, reason: "EXTERNAL_VOLUME_UNMAPPED", detail: `external volume: ${mapped.skip}` });
        continue;
      }
      plan.volumes.push({ schema: v.schema, name: v.name, volumeType: "EXTERNAL", location: mapped.location, comment: v.comment, destination: d, reason });
    } else {
      const empty = args.schemaOnly ? ({ schemaOnly: true, reason: `${reason}; created empty, files not copied (schemaOnly)` } as const) : {};
      plan.volumes.push({ schema: v.schema, name: v.name, volumeType: "MANAGED", comment: v.comment, destination: d, reason, ...empty });
    }
    planned.add(key(v));
  }
  for (const d of destination.volumes ?? []) {
    if (planned.has(key(d))) continue;
    const found = ownershipOf(creationTokenOwner(d.comment), owner);
    if (found.kind !== "this") {
      const because = found.kind === "other" ? `belongs to stack ${found.owner}` : "not created by this stack";
      plan.foreign.push({ schema: d.schema, name: d.name, owner: found.kind === "other" ? found.owner : null, because });
      continue;
    }
    const because = sourceKeys.has(key(d)) ? "source volume skipped or out of scope" : "gone from source";
    if (args.dropExtra) plan.released.push({ schema: d.schema, name: d.name, because });
    else plan.retained.push({ schema: d.schema, name: d.name, destination: d, retainedBecause: because });
  }
  return plan;
}
