/** Dynamic-provider methods of `catalog-clone:ValidationGate` (see inputs.ts for the mechanism). */
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionRef } from "../connectionRef";
import { processRuntime } from "../runtime";
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
  const runtime = processRuntime();
  const wh = await runtime.warehouseFor(inputs.connection as ConnectionRef | undefined);
  return JSON.parse(JSON.stringify(await evaluateGate(wh, inputs, runtime.deploymentId)));
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  processRuntime().configure(req.config);
}

export async function check(_olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult> {
  // The deployment's identity is never an input (provider/resources/runtime.ts): dropped if an older program passes one.
  const { deploymentId: _notAnInput, ...rest } = news;
  return checkFailures(GateInputs, rest);
}

/** Statement-free: the gate runs when a table changed in this deployment (the one this process serves). */
export async function diff(_id: string, _olds: Bag, news: Bag): Promise<pulumi.dynamic.DiffResult> {
  return { changes: gateChanges(news, processRuntime().deploymentId) };
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
