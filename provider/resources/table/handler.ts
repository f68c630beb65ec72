/**
 * `catalog-clone:Table` declared to the resource kit (kit/resourceKind.ts), and the provider methods
 * made from it, which shim.ts loads at call time. The lifecycle is in lifecycle.ts; every create and
 * update runs as a step of its deployment (deploymentStep.ts).
 */
import { KIND_TYPES } from "../kinds";
import { providerMethods } from "../kit/providerMethods";
import type { ResourceKind } from "../kit/resourceKind";
import { runInDeployment } from "./deploymentStep";
import { announceDiff } from "./diffNotice";
import { driftSeen } from "./driftSeen";
import { withProgress } from "./progress";
import { lastCloneBytes } from "./copiedBytes";
import { OUTPUTS_DROPPED_IN_V2, recordedSourceFingerprint, TABLE_OUTPUT_DEFAULTS, TableInputs, TableOutputs } from "./inputs";
import { createTable, deleteTable, diffTable, readTable, tableId, updateTable } from "./lifecycle";
import { otherStackTable } from "./ownerCheck";
import { processRuntime } from "../runtime";

export const tableKind: ResourceKind<TableInputs, TableOutputs> = {
  typeName: KIND_TYPES.table,
  inputs: TableInputs,
  outputs: TableOutputs,
  // 2: outputs no longer repeat the inputs only writes and previews read (inputs.ts INPUTS_NOT_RECORDED).
  // 3: outputs holding their usual value are not recorded (inputs.ts TABLE_OUTPUT_DEFAULTS); version 2
  // recorded every field, which reads the same.
  // 4: runCopiedBytes and totalCopiedBytes are not recorded while they equal the last clone's bytes
  // (copiedBytes.ts). Before, an absent totalCopiedBytes meant the same already; an absent runCopiedBytes
  // (state written before it was recorded) meant nothing copied, which the upgrader says explicitly.
  stateVersion: 4,
  upgraders: {
    1: (outs) => Object.fromEntries(Object.entries(outs).filter(([k]) => !OUTPUTS_DROPPED_IN_V2.includes(k))),
    2: (outs) => outs,
    3: (outs) => (outs.runCopiedBytes === undefined ? { ...outs, runCopiedBytes: 0 } : outs),
  },
  unrecordedDefaults: TABLE_OUTPUT_DEFAULTS,
  unrecordedDerived: { runCopiedBytes: lastCloneBytes, totalCopiedBytes: lastCloneBytes },
  // Another destination is another table. What else changes is decided by drift (lifecycle.ts diffTable).
  replaceOn: ["destination"],
  updateOn: [],
  // The deployment's identity is never an input (runtime.ts): dropped if an older program passes one.
  notInputs: ["deploymentId"],
  holdsObject: true,
  idOf: tableId,
  lifecycle: {
    // New to this stack's state over an existing destination table: another stack's table fails preview
    // here, as create would at up (ownerCheck.ts). No read for tables already in state.
    async check(wh, news, olds) {
      processRuntime().readHold.touch(); // planning goes on: updates' reads wait for more (readHold.ts)
      if (Object.keys(olds).length > 0 || !news.destinationFingerprint.exists) return [];
      const refused = await otherStackTable(wh, news);
      return refused ? [{ property: "destination", reason: refused.message }] : [];
    },
    // What changed since the last run, in words, for the preview's diff (driftSeen.ts); no statement. The
    // source fingerprint is recorded without the fields at their usual value (inputs.ts).
    derive: (news, olds) => ({ drift: driftSeen(olds, news), sourceFingerprint: recordedSourceFingerprint(news.sourceFingerprint) }),
    async diff(wh, id, olds, news) {
      processRuntime().readHold.touch();
      // A source confirmation that cannot change Pulumi's answer is left to the update, whose reads batch.
      const d = await diffTable(wh, olds, news, { deferSource: true });
      announceDiff(id, d);
      // A moved baseline (maintenance only) is a change for Pulumi: update records it, writing no SQL.
      return { changes: d.changes || d.rebaseline, replaces: d.replaces, deleteBeforeReplace: false };
    },
    // Each write announces its start and end with elapsed time and bytes (progress.ts).
    create: (wh, inputs) => {
      processRuntime().readHold.touch();
      return withProgress(tableId(inputs), "create", () => runInDeployment(inputs, undefined, wh.open, createTable));
    },
    read: async (wh, id, props) => (await readTable(await wh.open(), id, props)).props,
    // Its batched reads wait for the other updates running beside it (readHold.ts).
    update: async (wh, id, olds, news) =>
      (
        await processRuntime().readHold.update(() =>
          withProgress(id, "update", () =>
            runInDeployment(news, olds, wh.open, async (w, inputs) => ({ id, outs: await updateTable(w, olds, inputs, { announce: (d) => announceDiff(id, d) }) })),
          ),
        )
      ).outs,
    delete: async (wh, props) => void (await deleteTable(await wh.open(), props)),
  },
};

export const { configure, check, diff, create, read, update, delete: deleteMethod } = providerMethods(tableKind);
export { deleteMethod as delete };
