/** Dynamic-provider methods of `catalog-clone:ValidationGate` (see inputs.ts for the mechanism). */
import type * as pulumi from "@pulumi/pulumi";
import { configureConnection, warehouseFor, type ConnectionRef } from "../connection";
import { GateInputs } from "./inputs";
import { checkFailures } from "../checkFailures";
import { evaluateGate, gateChanges } from "./lifecycle";

type Bag = Record<string, unknown>;

function parse(bag: Bag): GateInputs {
  const r = GateInputs.safeParse(bag);
  if (!r.success) {
    throw new Error(`Invalid catalog-clone ValidationGate inputs: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return r.data;
}

async function evaluate(bag: Bag) {
  const inputs = parse(bag);
  return JSON.parse(JSON.stringify(await evaluateGate(await warehouseFor(inputs.connection as ConnectionRef | undefined), inputs)));
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureConnection(req.config);
}

export async function check(_olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult> {
  return checkFailures(GateInputs, news);
}

export async function diff(_id: string, _olds: Bag, news: Bag): Promise<pulumi.dynamic.DiffResult> {
  return { changes: gateChanges(news, news.deploymentId) };
}

export async function create(inputs: Bag): Promise<pulumi.dynamic.CreateResult> {
  return { id: `gate-${String(inputs.owner ?? "")}`, outs: await evaluate(inputs) };
}

export async function update(_id: string, _olds: Bag, news: Bag): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await evaluate(news) };
}

async function deleteResource(): Promise<void> {
  // Nothing to remove: the gate holds no warehouse object.
}
export { deleteResource as delete };
