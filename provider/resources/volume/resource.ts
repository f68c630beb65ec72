/** A cloned volume as a Pulumi dynamic resource (`pulumi-nodejs:dynamic/catalog-clone:Volume`). */
import type * as pulumi from "@pulumi/pulumi";
import { KindResource, type OutputProperties, type ResourceArgs } from "../kit/kindResource";
import { VolumeOutputs, type VolumeInputs } from "./inputs";

/** Resource arguments: the volume inputs, each accepting a Pulumi Input. */
export type ClonedVolumeArgs = ResourceArgs<VolumeInputs>;

/** Its outputs (inputs.ts VolumeOutputs), typed on the class. */
export interface ClonedVolume extends OutputProperties<VolumeOutputs> {}

/** A destination volume: created (managed: its files copied) or adopted (never dropped) when it already existed. */
export class ClonedVolume extends KindResource {
  constructor(name: string, args: ClonedVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super("volume", VolumeOutputs, name, args, opts);
  }
}
