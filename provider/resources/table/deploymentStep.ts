/**
 * One create or update of a table as a step of its deployment (handler.ts wraps every create and update
 * in it). Around the lifecycle it:
 * - hands the lifecycle the deployment's identity (provider/resources/runtime.ts), which is not a
 *   resource input, and keeps it out of the outputs (they say `changedInDeployment`);
 * - completes the outputs: `ranAt` (when this run produced them), `totalCopiedBytes` (cumulative), and
 *   `failed` only when this run failed;
 * - keeps the deployment ledger (../deploymentLedger.ts) and, with `rollbackOnFailure`, puts back what the
 *   deployment changed when any table of the catalog fails: the failing handler puts back the tables that
 *   finished earlier (and its own write), a handler still in flight puts back its own before returning,
 *   and a handler that starts after the failure writes nothing;
 * - appends to a failure's error text what this deployment did, table by table, and logs it (the program's
 *   report gets no outputs from a failed run).
 */
import type { Warehouse } from "../../warehouse/warehouse";
import { processRuntime } from "../runtime";
import { PartialStateError } from "../partialState";
import type { DeploymentLedger, LedgerWrite } from "../deploymentLedger";
import type { TableInputs, TableOutputs } from "./inputs";
import { totalCopiedBytes } from "./copiedBytes";
import { refName } from "./markers";
import { outcomeOf, putBack, putBackFinished, putBackOutputs, writeInPlace } from "./rollback";

/** A table this handler put back itself because the deployment failed while it ran: not a new failure. */
class PutBackAfterFailure extends PartialStateError {}

/** The ledger key: one per destination catalog of one stack on one warehouse. */
function catalogKey(inputs: TableInputs): string {
  return `${inputs.owner}|${JSON.stringify(inputs.connection ?? null)}|${inputs.destination.catalog.toLowerCase()}`;
}

/** The outputs as recorded: the lifecycle's, minus the deployment id input, plus what the step adds. */
function finalize(outs: TableOutputs, recorded: TableOutputs | undefined, deploymentId: string): TableOutputs {
  const { deploymentId: _notAnInput, ...rest } = outs as TableOutputs & Pick<TableInputs, "deploymentId">;
  const thisRun = rest.changedInDeployment === deploymentId;
  const before = recorded ? totalCopiedBytes(recorded) : 0;
  const copied = thisRun ? (rest.metrics?.copiedBytes ?? 0) : 0;
  return {
    ...rest,
    failed: thisRun ? rest.failed : undefined,
    runCopiedBytes: copied,
    totalCopiedBytes: before + copied,
    ranAt: new Date().toISOString(),
  };
}

/**
 * Runs `write` (createTable or updateTable) as a step of the current deployment. Returns its outputs
 * (finalized); throws a PartialStateError with finalized outputs, or an Error, whose text ends with
 * what the deployment did so far.
 */
export async function runInDeployment(
  inputs: TableInputs,
  recorded: TableOutputs | undefined,
  connect: () => Promise<Warehouse>,
  write: (wh: Warehouse, inputs: TableInputs) => Promise<{ id: string; outs: TableOutputs }>,
): Promise<{ id: string; outs: TableOutputs }> {
  const runtime = processRuntime();
  const deploymentId = runtime.deploymentId;
  const id = refName(inputs.destination);
  const ledger = runtime.ledger(catalogKey(inputs));
  const rollback = inputs.rollbackOnFailure === true;

  const earlier = ledger.begin(id);
  if (earlier && rollback) {
    ledger.refuse(id);
    throw new Error(
      `Table ${id}: not written: ${earlier.id} failed earlier in this deployment and rollbackOnFailure is on, ` +
        `so every table it changed was put back; the next pulumi up clones them again.\n${report(ledger, inputs)}`,
    );
  }

  let wh: Warehouse | undefined;
  try {
    wh = await connect();
    const r = await write(wh, { ...inputs, deploymentId });
    const outs = finalize(r.outs, recorded, deploymentId);
    const w = writeInPlace(outs, deploymentId);
    if (ledger.finish(id, outcomeOf(outs, deploymentId), w, rollback) === "recorded") return { id: r.id, outs };
    // The deployment failed while this write ran: put it back before returning.
    const failure = ledger.failure!;
    const entry = ledger.entry(id);
    let how: string;
    try {
      how = await putBack(wh, w!);
      ledger.putBack(entry, how, true);
    } catch (err) {
      const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
      ledger.putBack(entry, `put back FAILED: ${message}`, false);
      throw new PutBackAfterFailure(
        `Table ${id}: ${failure.id} failed in this deployment and rollbackOnFailure is on, but putting this table back failed: ${message}. ` +
          `It holds this deployment's clone.\n${report(ledger, inputs)}`,
        id,
        { ...outs, lastReason: `${outs.lastReason}; putting it back after ${failure.id} failed did not work: ${message}` },
      );
    }
    const reason = `${outcomeOf(outs, deploymentId)}; put back (${how}) because ${failure.id} failed in this deployment and rollbackOnFailure is on`;
    throw new PutBackAfterFailure(
      `Table ${id}: put back (${how}): ${failure.id} failed in this deployment while this table was being cloned, and rollbackOnFailure is on. ` +
        `The next pulumi up clones it again.\n${report(ledger, inputs)}`,
      id,
      putBackOutputs(outs, recorded?.sourceVersion ?? null, reason),
    );
  } catch (err) {
    if (err instanceof PutBackAfterFailure) throw err;
    throw await failed(err);
  }

  /** A failure of this step: record it, put back what rollbackOnFailure asks, and say what the deployment did. */
  async function failed(err: unknown): Promise<Error> {
    const message = err instanceof Error ? err.message : String(err);
    let props = err instanceof PartialStateError ? finalize(err.properties as TableOutputs, recorded, deploymentId) : undefined;
    const own = props ? writeInPlace(props, deploymentId) : null;
    const { first, toPutBack } = ledger.fail(id, message, own, rollback);
    if (rollback) {
      const conn = await (wh ? Promise.resolve(wh) : connect()).catch(() => undefined);
      if (own && props) props = await putBackOwn(conn, ledger, own, props);
      if (first) {
        if (conn) await putBackFinished(conn, ledger, toPutBack);
        else for (const e of toPutBack) ledger.putBack(e, "put back FAILED: no connection to the warehouse", false);
      }
    }
    const text = `${message}\n${report(ledger, inputs)}`;
    process.stderr.write(`[catalog-clone] table ${id} failed; this deployment in ${inputs.destination.catalog}:\n${ledger.summary()}\n`);
    if (props) return new PartialStateError(text, id, props);
    const plainErr = new Error(text);
    plainErr.name = err instanceof Error ? err.name : "Error";
    return plainErr;
  }

  /** rollbackOnFailure: the failing table's own write, still in place (an unverified clone), is put back too. */
  async function putBackOwn(conn: Warehouse | undefined, l: DeploymentLedger, own: LedgerWrite, props: TableOutputs): Promise<TableOutputs> {
    const entry = l.entry(id);
    if (!conn) {
      l.putBack(entry, "put back FAILED: no connection to the warehouse", false);
      return props;
    }
    try {
      const how = await putBack(conn, own);
      l.putBack(entry, how, true);
      return putBackOutputs(props, recorded?.sourceVersion ?? null, `${props.lastReason}; put back (${how}): rollbackOnFailure`);
    } catch (e) {
      l.putBack(entry, `put back FAILED: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, false);
      return props;
    }
  }
}

/** The deployment's table-by-table account, with a heading saying what rollbackOnFailure did. */
function report(ledger: DeploymentLedger, inputs: TableInputs): string {
  const failure = ledger.failure;
  const heading = !failure
    ? `This deployment in catalog ${inputs.destination.catalog} so far:`
    : inputs.rollbackOnFailure
      ? `rollbackOnFailure: ${failure.id} failed, so every table this deployment changed in catalog ${inputs.destination.catalog} is put back ` +
        "(RESTORE to its version before the deployment, or DROP of what the deployment created); tables still running put themselves back when their statement returns. Table by table:"
      : `This deployment in catalog ${inputs.destination.catalog} (first failure: ${failure.id}), table by table:`;
  return `${heading}\n${ledger.summary()}`;
}
