/**
 * The deployment this provider process serves: one identity shared by every handler call of one
 * `pulumi up`, without being a resource input.
 *
 * Why not an input: a value that differs on every run (the component used to pass a random UUID)
 * shows in the diff of every table that changes, and is written into the stored inputs of every
 * resource on every run, also when nothing else changed. Why the process: the Pulumi engine starts one
 * dynamic-provider plugin process per deployment (pulumi-without-cli.md §1 "One process, shared
 * state"), and it serves every dynamic resource of that deployment: all tables and the validation gate
 * of every CatalogClone. The engine hands dynamic providers no update id (no environment variable, no
 * request field), and a hash of the plan would repeat across runs with the same plan (a failed run and
 * its retry), so the process itself is the identity: a random id drawn on first use.
 *
 * Tables record it as `changedInDeployment`; the validation gate compares those with its own, and the
 * deployment ledger (table/deploymentLedger.ts) groups the handlers of one deployment by it.
 */
import { randomUUID } from "crypto";

let current: string | undefined;

/** The id of the deployment this process serves (stable for the life of the process). */
export function currentDeploymentId(): string {
  return (current ??= randomUUID());
}

/** When a new provider process is not available (unit tests calling handlers in one process): start a fresh deployment. */
export function startNewDeploymentForTests(id?: string): string {
  current = id ?? randomUUID();
  return current;
}
