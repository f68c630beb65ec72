/**
 * What a dynamic resource kind declares to the resource kit: its input and output schemas, which inputs
 * force a replacement and which are updated in place, the version of the outputs it records (with the
 * upgraders from older versions), and its lifecycle functions. The kit (providerMethods.ts) turns the
 * declaration into the provider methods shim.ts calls: parsing, error messages, preview unknowns, the
 * warehouse identity, partial state and state versions are the kit's, never the kind's.
 * See provider/resources/README.md for the shape, with the existing kinds as examples.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { LazyWarehouse } from "./lazyWarehouse";

/** A property bag as the dynamic-provider plugin passes it (inputs or recorded outputs). */
export type Bag = Record<string, unknown>;

/** Stored outputs of one version turned into the next version's (raw: an older shape does not parse). */
export type Upgrader = (outs: Bag) => Bag;

export interface ResourceKind<I extends { connection?: unknown }, O extends object> {
  /** The type after `catalog-clone:` (`Catalog`, `Table`, ...), as messages name the resource. */
  typeName: string;
  /** The inputs a program passes: checked at preview, parsed (defaults applied) before every method. */
  inputs: z.ZodType<I>;
  /** The outputs recorded in state: every method reading state parses them (after upgrading them). */
  outputs: z.ZodType<O>;
  /**
   * Version of the outputs this code records (stored as `stateVersion`; state without one is version 1).
   * Raise it when the outputs change shape, with an upgrader from the previous version.
   */
  stateVersion: number;
  /** `upgraders[n]` turns stored outputs of version n into version n + 1. */
  upgraders: Readonly<Record<number, Upgrader>>;
  /**
   * Output values state does not store (it would store them once per resource): an output holding
   * exactly its value here is left out of the recorded outputs, and reading state puts it back before
   * parsing. A program reading the resource sees such a field absent (undefined). Adding one raises
   * `stateVersion` (older code reads the absence as a missing field).
   */
  unrecordedDefaults?: Readonly<Partial<O>>;
  /**
   * Outputs state does not store while they equal the value derived here from the other outputs (a
   * count that repeats another): left out when recorded, put back after `unrecordedDefaults` when state
   * is read. Same rules as `unrecordedDefaults`.
   */
  unrecordedDerived?: { readonly [K in keyof O]?: (outs: O) => O[K] };
  /** Inputs naming another object when they change: the diff plans a replacement. */
  replaceOn: readonly (keyof I & string)[];
  /** Inputs whose change is applied in place by `update` (compared with the recorded outputs). */
  updateOn: readonly (keyof I & string)[];
  /** Keys older programs may still pass that are never recorded as inputs (dropped by check). */
  notInputs?: readonly string[];
  /**
   * Whether the kind holds an object in the warehouse. Those record the warehouse's identity and refuse a
   * method once the configuration points elsewhere (warehouseChange.ts checkWarehouse).
   */
  holdsObject: boolean;
  /** The resource id of the object the inputs name. */
  idOf(inputs: I): string;
  /** Appends a warehouse move (warehouseChange.ts warehouseMove) to the outputs of an update, when they say what happened. */
  noteMove?(outs: O, move: string): O;
  lifecycle: Lifecycle<I, O>;
}

/**
 * The kind's own work. Each function gets a warehouse that connects on its first statement (a
 * statement-free call opens nothing); `wh.open()` hands over the connection itself.
 */
export interface Lifecycle<I, O> {
  /** Checks beyond the schema, at preview (e.g. another stack's object); `olds` is empty for a new resource. */
  check?(wh: LazyWarehouse, news: I, olds: Bag): Promise<pulumi.dynamic.CheckFailure[]>;
  /**
   * Inputs derived at check from the program's (parsed) and the last run's recorded inputs, without a
   * statement (e.g. a table's `drift`, naming what changed): merged into the checked inputs, so the
   * preview's diff shows them. A key whose value is undefined is left out.
   */
  derive?(news: I, olds: Bag): Partial<I>;
  /** A comparison that needs more than the inputs (drift read from the warehouse, the deployment); default: replaceOn / updateOn. */
  diff?(wh: LazyWarehouse, id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult>;
  /** Creates (or adopts) the object; `id` when it differs from idOf. */
  create(wh: LazyWarehouse, inputs: I): Promise<{ id?: string; outs: O }>;
  /** Refresh: the outputs as the warehouse now shows them, undefined when the object is gone. Default: the recorded outputs. */
  read?(wh: LazyWarehouse, id: string, props: O): Promise<O | undefined>;
  update(wh: LazyWarehouse, id: string, olds: O, news: I): Promise<O>;
  /** Removes what the stack owns; returns what it did, printed for the user. Absent: the kind holds nothing to remove. */
  delete?(wh: LazyWarehouse, props: O): Promise<string | undefined>;
}
