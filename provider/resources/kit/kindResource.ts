/**
 * The class a program constructs for a kind, made from the kind's schemas so that neither list is written
 * again: its args are the inputs (each a Pulumi Input), its output properties the outputs (each a
 * `pulumi.Output`). Mapped types keep the JSDoc of the schemas' fields, so the IDE shows it on both.
 * A kind's resource.ts, as the catalog writes it:
 *
 * ```ts
 * export type ClonedCatalogArgs = ResourceArgs<CatalogInputs>;
 * export interface ClonedCatalog extends OutputProperties<CatalogOutputs> {}
 * export class ClonedCatalog extends KindResource {
 *   constructor(name: string, args: ClonedCatalogArgs, opts?: pulumi.CustomResourceOptions) {
 *     super("catalog", CatalogOutputs, name, args, opts);
 *   }
 * }
 * ```
 * (The interface merges into the class: the properties are typed, and set by Pulumi, not by the class.)
 *
 * A kind registered once per table registers fewer properties: each one costs the program a Pulumi
 * Output (a handful of promises and closures, more while the registration is pending), so a class may
 * pass a `pick` of its outputs schema (what programs read) and leave out `stateVersion`; its interface
 * then extends `PickedOutputProperties` of the same keys. The provider records every output all the
 * same: only the program's view is narrower.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { HandlerFolder } from "../kinds";
import { hideShimDiffs, shimProviderText, shimResourceType } from "../shim";
import { STATE_VERSION_KEY } from "./stateVersion";

/** A resource's args: every input of the kind's schema, each accepting a Pulumi Input. */
export type ResourceArgs<I> = { [K in keyof I]: pulumi.Input<I[K]> };

/** What the kit records with every kind's outputs (stateVersion.ts). */
interface KitOutputs {
  /** Version of the recorded outputs: raised when their shape changes, older state is upgraded (provider/resources/README.md). */
  stateVersion: number;
}

type Outputs<O> = { readonly [K in keyof O]-?: pulumi.Output<O[K]> };

/** A resource's output properties: every output of the kind's schema (and `stateVersion`) as a `pulumi.Output`. */
export type OutputProperties<O> = Outputs<O> & Outputs<KitOutputs>;

/** The output properties of a class that registers only the outputs `K` (and no `stateVersion`). */
export type PickedOutputProperties<O, K extends keyof O> = Outputs<Pick<O, K>>;

/**
 * The props a resource registers: every output key as undefined, so Pulumi makes an output property of
 * each (undefined values are not sent as inputs), `stateVersion` unless left out, then the args that
 * are set. An unset arg would be sent as nothing all the same, but would cost an output property. A
 * fresh object every time: KindResource adds `__provider` to it.
 */
export function outputProps(outputs: z.ZodObject, args: object, kitOutputs = true): pulumi.Inputs {
  const keys = [...Object.keys(outputs.shape), ...(kitOutputs ? [STATE_VERSION_KEY] : [])];
  const set = Object.entries(args).filter(([, v]) => v !== undefined);
  return { ...Object.fromEntries(keys.map((k) => [k, undefined])), ...Object.fromEntries(set) };
}

/** What a class registers beyond its args: its outputs schema (or a pick of it), with `stateVersion` or not. */
export interface RegisteredOutputs {
  outputs: z.ZodObject;
  /** Register `stateVersion` too (default true). */
  kitOutputs?: boolean;
}

/**
 * A kind's resource: `catalog-clone:<type>` (kinds.ts), served by `<folder>/handler.ts` through the kind's
 * shim. A dynamic resource registered as `pulumi.dynamic.Resource` does (its type and `__provider`), with
 * the shim's hand-written provider text instead of a serialized provider object (shim.ts: a third of the
 * size, stored with every resource).
 */
export abstract class KindResource extends pulumi.CustomResource {
  protected constructor(folder: HandlerFolder, outputs: z.ZodObject | RegisteredOutputs, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const registered = "shape" in outputs ? { outputs } : outputs;
    // Pulumi wraps each of the ~4 promises per output property of a resource in a debuggablePromise that
    // keeps `new Error().stack` (source-mapped under ts-node) for its promise-leak report: at 2,000
    // tables, hundreds of MB of program memory. The registration below runs synchronously with no stack
    // captured; an error it throws is an argument error that says what is wrong without one.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const props = { ...outputProps(registered.outputs, args, registered.kitOutputs ?? true), __provider: shimProviderText(folder) };
    try {
      super(shimResourceType(folder), name, props, hideShimDiffs(opts));
    } finally {
      Error.stackTraceLimit = limit;
    }
    dropInputOnlyProperties(this, props, registered);
  }
}

/**
 * Pulumi makes an Output of every prop, inputs included. Those that are not registered outputs (args a
 * picked class leaves out, and `__provider`) are dropped once the registration finished, so that the
 * instance holds what its class types and a program of 2,000 tables does not keep ~7 resolved Outputs
 * per table that nothing reads (issue 13). Before that, the registration holds them anyway. Reads the
 * URN's promise as `settled` does (components/catalogClone/settled.ts): a failed registration drops nothing.
 */
function dropInputOnlyProperties(resource: pulumi.CustomResource, props: pulumi.Inputs, registered: RegisteredOutputs): void {
  const outputs = new Set([...Object.keys(registered.outputs.shape), ...((registered.kitOutputs ?? true) ? [STATE_VERSION_KEY] : [])]);
  const inputOnly = Object.keys(props).filter((k) => !outputs.has(k));
  const urn = resource.urn as unknown as { promise?: () => Promise<unknown> };
  if (inputOnly.length === 0 || typeof urn.promise !== "function") return;
  urn.promise().then(
    () => {
      for (const k of inputOnly) delete (resource as unknown as Record<string, unknown>)[k];
    },
    () => undefined,
  );
}
