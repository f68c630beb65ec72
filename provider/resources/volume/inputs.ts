/**
 * Inputs and outputs of the cloned-volume resource (`catalog-clone:Volume`), as zod schemas: the single
 * source of their TypeScript types and of check() failures.
 */
import { z } from "zod";
import { objectNamePart } from "../../vocabulary/objectIdentity";
import { connectionRefSchema } from "../connectionRef";
import { markedObjectOutputs, ownerInput } from "../ownership";

const volumeName = (field: string) =>
  z.strictObject({
    catalog: objectNamePart(`${field}.catalog`),
    schema: objectNamePart(`${field}.schema`),
    name: objectNamePart(`${field}.name`),
  });

/** What the source's files looked like at program time (volume/fileSync.ts filesFingerprint). */
export const FilesFingerprint = z.strictObject({
  /** Number of files. */
  files: z.number().int().nonnegative(),
  /** Their total size in bytes. */
  bytes: z.number().nonnegative(),
  /** Digest over every path, size and modification time. */
  digest: z.string(),
});

/**
 * A file this stack wrote into the destination, with the size and modification time the destination
 * showed right after the write. A file whose size or time no longer match was changed by someone else:
 * never overwritten or deleted (fileSync.ts). No size/time: written but not yet confirmed (the write's
 * answer was lost, or state from before stamps were recorded); the next sync confirms it.
 */
export const CopiedFile = z.strictObject({
  /** Path inside the volume. */
  path: z.string(),
  /** Bytes, as listed after the write. */
  size: z.number().nonnegative().optional(),
  /** Modification time (ms since the epoch), as listed after the write. */
  modifiedMs: z.number().optional(),
});
export type CopiedFile = z.infer<typeof CopiedFile>;

export const VolumeInputs = z.object({
  /** Non-secret warehouse selector; absent → stack config / environment. */
  connection: connectionRefSchema.optional(),
  /** `<project>/<stack>`: the ownership marker (a token in the COMMENT its CREATE VOLUME carries). */
  owner: ownerInput,
  /** The source volume (only ever read). */
  source: volumeName("source"),
  /** The destination volume. */
  destination: volumeName("destination"),
  /** MANAGED (created, files copied) or EXTERNAL (created at `location`; files not copied). */
  volumeType: z.enum(["MANAGED", "EXTERNAL"]),
  /** EXTERNAL only: the destination LOCATION (the source's, mapped by externalLocationMap). */
  location: z.string().optional(),
  /** The source volume's comment, set when this stack creates the volume. */
  comment: z.string().nullable().optional(),
  /** MANAGED only: the source files as discovered at program time; a change plans a file sync. */
  sourceFiles: FilesFingerprint.optional(),
  /** MANAGED only: source files the destination did not hold in sync at program time; non-zero plans a sync. */
  destinationOutOfDate: z.number().int().nonnegative().optional(),
  /**
   * MANAGED only: the clone's `schemaOnly` (structure, no rows): the volume is created empty and no source
   * file is ever read or copied into it; copies this stack made earlier (unchanged since) are removed.
   */
  schemaOnly: z.boolean().optional(),
  /** Set when the source volume is gone (or out of scope) but this stack's copy is kept: nothing is written. */
  retainedBecause: z.string().optional(),
});
export type VolumeInputs = z.infer<typeof VolumeInputs>;

export const VolumeOutputs = VolumeInputs.extend(markedObjectOutputs).extend({
  /**
   * The files this stack wrote, with their size and modification time after the write: the only files it
   * ever overwrites or deletes, and only while they still match.
   */
  copiedFiles: z.array(CopiedFile).default([]),
  /** Destination files that differ from the source but that this stack did not write, or that someone changed since: left as they are. */
  conflicts: z.array(z.string()).default([]),
  /** Files the last run copied, and their bytes. */
  runCopiedFiles: z.number().default(0),
  runCopiedBytes: z.number().default(0),
  /** Files the last run removed (this stack's copies of files gone from the source). */
  runRemovedFiles: z.number().default(0),
  /** When these outputs were produced (ISO-8601). */
  ranAt: z.string().optional(),
});
export type VolumeOutputs = z.infer<typeof VolumeOutputs>;
