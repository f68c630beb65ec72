/**
 * `catalog-clone:Governance` declared to the resource kit (kit/resourceKind.ts), and the provider
 * methods made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts.
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { GovernanceInputs, GovernanceOutputs } from "./inputs";
import { createGovernance, deleteGovernance, readGovernance, updateGovernance } from "./lifecycle";

export const governanceKind: ResourceKind<GovernanceInputs, GovernanceOutputs> = {
  typeName: KIND_TYPES.governance,
  inputs: GovernanceInputs,
  outputs: GovernanceOutputs,
  stateVersion: 1,
  upgraders: {},
  // Another securable is another resource; everything it manages is written in place.
  replaceOn: ["securable"],
  updateOn: ["grants", "objectOwner", "tags", "comment", "columns", "connection", "objectWrittenIn"],
  holdsObject: true,
  idOf: (i) => `${i.securable.type.toLowerCase()}:${[i.securable.catalog, i.securable.schema, i.securable.name].filter((x) => x !== undefined).join(".")}`,
  lifecycle: {
    create: async (wh, inputs) => ({ outs: await createGovernance(wh, inputs) }),
    read: (wh, _id, props) => readGovernance(wh, props),
    update: (wh, _id, olds, news) => updateGovernance(wh, olds, news),
    delete: (wh, props) => deleteGovernance(wh, props),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(governanceKind);
export { deleteMethod as delete };
