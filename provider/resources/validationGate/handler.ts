/**
 * `catalog-clone:ValidationGate` declared to the resource kit (kit/resourceKind.ts), and the provider
 * methods made from it, which shim.ts loads at call time. See inputs.ts for the mechanism. The gate
 * holds no warehouse object: it records no warehouse identity and has nothing to delete.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { processRuntime } from "../runtime";
import { GateInputs, GateOutputs } from "./inputs";
import { evaluateGate, gateChanges } from "./lifecycle";

export const validationGateKind: ResourceKind<GateInputs, GateOutputs> = {
  typeName: KIND_TYPES.validationGate,
  inputs: GateInputs,
  outputs: GateOutputs,
  stateVersion: 1,
  upgraders: {},
  replaceOn: [],
  updateOn: [],
  // The deployment's identity is never an input (provider/resources/runtime.ts): dropped if an older program passes one.
  notInputs: ["deploymentId"],
  holdsObject: false,
  idOf: (i) => `gate-${i.owner}`,
  lifecycle: {
    // Statement-free: the gate runs when a table changed in this deployment (the one this process serves).
    diff: async (_wh, _id, _olds, news) => ({ changes: gateChanges(news, processRuntime().deploymentId) }),
    create: async (wh, inputs) => ({ outs: await evaluateGate(wh, inputs, processRuntime().deploymentId) }),
    update: (wh, _id, _olds, news) => evaluateGate(wh, news, processRuntime().deploymentId),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(validationGateKind);
export { deleteMethod as delete };
