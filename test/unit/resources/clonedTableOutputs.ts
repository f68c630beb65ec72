/** Test fixture shared by the table drift and handler tests: the state a table resource records after its first clone. */
import type { TableInputs, TableOutputs } from "../../../provider/resources/table/inputs";

/**
 * Outputs of a fresh clone of `inputs` (source version 3 → destination version 1, created by this stack in
 * deployment "d1", no metrics or validation), cloned at the source fingerprint's last_altered.
 */
export function clonedTableOutputs<I extends { sourceFingerprint?: { lastAltered: string | null } }>(inputs: I, destinationLastAltered: string) {
  return {
    ...inputs,
    sourceVersion: 3,
    clonedSourceLastAltered: inputs.sourceFingerprint!.lastAltered,
    destinationVersion: 1,
    destinationLastAltered,
    adopted: false,
    preCloneVersion: null,
    createdByStack: true,
    previousVersion: null,
    changedInDeployment: "d1",
    rolledBack: false,
    metrics: null,
    validation: null,
    lastAction: "cloned",
    lastReason: "new table",
  } satisfies Omit<TableOutputs, keyof TableInputs>;
}
