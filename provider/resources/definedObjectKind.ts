/**
 * The resource-kit declaration views and SQL functions share (definedObject.ts holds their shared
 * lifecycle): only the type, the schemas and the four lifecycle calls differ between the two kinds.
 */
import type { z } from "zod";
import type { Warehouse } from "../warehouse/warehouse";
import type { ResourceKind } from "./kit/resourceKind";
import { markedContainerKind } from "./markedContainer";

/** A view or function's kind, from what is its own. */
export function definedObjectKind<I extends { connection?: unknown; owner: string; definition: unknown; observed?: unknown; destination: { catalog: string; schema: string; name: string } }, O extends { lastAction: string }>(own: {
  typeName: string;
  inputs: z.ZodType<I>;
  outputs: z.ZodType<O>;
  create(wh: Warehouse, inputs: I): Promise<O>;
  read(wh: Warehouse, props: O): Promise<O | undefined>;
  update(wh: Warehouse, olds: O, news: I): Promise<O>;
  delete(wh: Warehouse, props: O): Promise<string | undefined>;
}): ResourceKind<I, O> {
  return {
    typeName: own.typeName,
    inputs: own.inputs,
    outputs: own.outputs,
    stateVersion: 1,
    upgraders: {},
    // Another name is another object; a changed definition (source side) or a destination changed out of
    // band (observed) is re-written in place with CREATE OR REPLACE.
    replaceOn: ["destination"],
    updateOn: ["definition", "observed", "owner", "connection"],
    idOf: (i) => `${i.destination.catalog}.${i.destination.schema}.${i.destination.name}`,
    ...markedContainerKind(own),
  };
}
