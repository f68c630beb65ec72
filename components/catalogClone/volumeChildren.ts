/**
 * The volume children of a CatalogClone (what CatalogClone.ts hooks in): the files of each planned
 * managed volume are listed at program time (volumeDiscovery.ts: Files API calls, no SQL), one
 * ClonedVolume is registered per planned or retained volume under its schema's resource, and their
 * outcomes become the report's `volumes` section.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCatalogCloneArgs } from "./args";
import type { ClonePlan } from "./plan";
import { tableChildName } from "./childNames";
import { discoverVolumeFiles } from "./volumeDiscovery";
import { processRuntime, type ConfigSource } from "../../provider/resources/runtime";
import { ClonedVolume } from "../../provider/resources/volume/resource";
import type { ClonedSchema } from "../../provider/resources/schema/resource";

/** One volume in the report: what this run did to it. */
export interface VolumeReport {
  /** `schema.volume`. */
  name: string;
  volumeType: string;
  /** What the handler last did (created / adopted / files synced / kept ...), or `pending` / `unchanged` / `failed`. */
  action: string;
  /** Files and bytes this run copied into it. */
  filesCopied: number;
  bytesCopied: number;
  /** Destination files that differ from the source but were not written by this stack (left as they are). */
  conflicts: string[];
}

/** The report's `volumes` section. */
export interface VolumesReport {
  /** Volumes registered (cloned or retained), and how many of them this run copied files into. */
  registered: number;
  filesCopied: number;
  bytesCopied: number;
  volumes: VolumeReport[];
}

/** The registered volume resources and, once the deployment settles, their report. */
export interface VolumeChildren {
  volumes: Record<string, ClonedVolume>;
  report: Promise<VolumesReport>;
}

/** Lists the planned managed volumes' files, then registers one ClonedVolume per planned or retained volume. */
export async function registerVolumes(c: {
  name: string;
  args: ResolvedCatalogCloneArgs;
  plan: ClonePlan;
  owner: string;
  config: ConfigSource;
  schemas: Record<string, ClonedSchema>;
  childOpts: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions;
  runStartedAt: number;
}): Promise<VolumeChildren> {
  const { args, plan } = c;
  // schemaOnly volumes get no file listing: their source files are never read.
  const managed = plan.volumes.volumes.filter((v) => v.volumeType === "MANAGED" && !v.schemaOnly);
  const seen =
    managed.length > 0
      ? await discoverVolumeFiles(
          await processRuntime().volumeFilesFor(args.connection, c.config),
          args.source.catalog,
          args.destination.catalog,
          managed.map((v) => ({ schema: v.schema, name: v.name, destinationExists: v.destination?.volumeType === "MANAGED" })),
        )
      : new Map();
  // Preview's reasons: what each managed volume's files need (the inputs that change say the same in the diff).
  for (const [k, f] of seen) {
    const what = f.destinationOutOfDate > 0 ? `${f.destinationOutOfDate} of ${f.sourceFiles.files} source file(s) not in sync in the destination` : "files in sync";
    pulumi.log.info(`volume ${k}: ${what} (${f.sourceFiles.files} file(s), ${f.sourceFiles.bytes} bytes in the source)`);
  }
  const volumes: Record<string, ClonedVolume> = {};
  const common = (schema: string, name: string) => ({
    connection: args.connection,
    owner: c.owner,
    source: { catalog: args.source.catalog, schema, name },
    destination: { catalog: args.destination.catalog, schema, name },
  });
  // Replacing a volume (another type or location) under the same name must drop the old one first.
  const opts = (schema: string) => c.childOpts({ dependsOn: [c.schemas[schema]], deleteBeforeReplace: true });
  for (const v of plan.volumes.volumes) {
    const files = seen.get(`${v.schema}.${v.name}`);
    volumes[`${v.schema}.${v.name}`] = new ClonedVolume(
      tableChildName(c.name, v.schema, v.name),
      {
        ...common(v.schema, v.name),
        volumeType: v.volumeType,
        ...(v.location !== undefined ? { location: v.location } : {}),
        comment: v.comment,
        ...(v.schemaOnly ? { schemaOnly: true } : {}),
        ...(files ? { sourceFiles: files.sourceFiles, destinationOutOfDate: files.destinationOutOfDate } : {}),
      },
      opts(v.schema),
    );
  }
  for (const r of plan.volumes.retained) {
    const type = r.destination.volumeType === "EXTERNAL" ? "EXTERNAL" : "MANAGED";
    volumes[`${r.schema}.${r.name}`] = new ClonedVolume(
      tableChildName(c.name, r.schema, r.name),
      {
        ...common(r.schema, r.name),
        volumeType: type,
        ...(type === "EXTERNAL" && r.destination.storageLocation ? { location: r.destination.storageLocation } : {}),
        retainedBecause: r.retainedBecause,
      },
      opts(r.schema),
    );
  }
  return { volumes, report: volumesReport(volumes, c.runStartedAt) };
}

/** Each volume's outcome (unknown outputs: pending in a preview, failed in an up). */
async function volumesReport(volumes: Record<string, ClonedVolume>, runStartedAt: number): Promise<VolumesReport> {
  const rows = await Promise.all(
    Object.entries(volumes).map(
      ([name, v]) =>
        new Promise<VolumeReport>((resolve) => {
          const o = pulumi.all([v.volumeType, v.lastAction, v.runCopiedFiles, v.runCopiedBytes, v.conflicts, v.ranAt]);
          let settled = false;
          const settle = (r: VolumeReport) => {
            if (!settled) resolve(r);
            settled = true;
          };
          o.apply(([volumeType, lastAction, files, bytes, conflicts, ranAt]) => {
            const thisRun = ranAt !== undefined && Date.parse(ranAt) >= runStartedAt;
            settle({
              name,
              volumeType,
              action: thisRun ? lastAction : "unchanged",
              filesCopied: thisRun ? files : 0,
              bytesCopied: thisRun ? bytes : 0,
              conflicts: conflicts ?? [],
            });
          });
          // Unknown outputs never reach apply: a preview of a changing volume, or a failed step.
          void (o as unknown as { isKnown?: Promise<boolean> }).isKnown?.then((known) => {
            if (!known) settle({ name, volumeType: "", action: pulumi.runtime.isDryRun() ? "pending" : "failed", filesCopied: 0, bytesCopied: 0, conflicts: [] });
          }, () => settle({ name, volumeType: "", action: "failed", filesCopied: 0, bytesCopied: 0, conflicts: [] }));
        }),
    ),
  );
  return {
    registered: rows.length,
    filesCopied: rows.reduce((n, r) => n + r.filesCopied, 0),
    bytesCopied: rows.reduce((n, r) => n + r.bytesCopied, 0),
    volumes: rows,
  };
}

/** Plan summary lines for volumes (printed after describePlan). */
export function describeVolumePlan(plan: ClonePlan): string {
  const v = plan.volumes;
  const lines: string[] = [];
  if (v.volumes.length + v.retained.length + v.released.length === 0) return "";
  lines.push(`  volumes: ${v.volumes.length} to clone, ${v.retained.length} retained, ${v.released.length} released`);
  for (const p of v.volumes) lines.push(`  volume ${p.schema}.${p.name} (${p.volumeType}${p.location ? ` at ${p.location}` : ""}; ${p.reason})`);
  for (const r of v.retained) lines.push(`  keep volume ${r.schema}.${r.name} (${r.retainedBecause}; dropExtra is off)`);
  for (const r of v.released) lines.push(`  release volume ${r.schema}.${r.name} (${r.because}; dropExtra is on)`);
  return `\n${lines.join("\n")}`;
}
