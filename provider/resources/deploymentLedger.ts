/**
 * What the table handlers of one deployment did, kept in the provider process (which serves the whole
 * deployment: provider/resources/runtime.ts holds the ledgers), one ledger per destination catalog of a stack. Pure
 * bookkeeping, no SQL: rollback.ts acts on it.
 *
 * It exists because Pulumi does not run the dependents of a failed resource: nothing that depends on
 * every table can react to one table failing. The failing handler itself must, and it needs to know
 * what the others did:
 * - `rollbackOnFailure`: the first failure puts back every table of the catalog that this deployment
 *   changed and that finished earlier; handlers still in flight see the failure when their write
 *   returns and put their own table back before they return; handlers that start afterwards (e.g.
 *   `pulumi up --continue-on-error`) refuse to write.
 * - every failure: its error text says, table by table, what this deployment did so far (Pulumi keeps
 *   no outputs of a failed run for the program's report to show).
 *
 * JavaScript runs one handler step at a time, so "finish unless failed" and "fail and take the
 * finished ones" cannot interleave: each table is put back exactly once, by the failing handler or by
 * its own.
 */
import type { TableRef } from "../vocabulary/objectIdentity";

/** A write this deployment made to one table, and how to undo it (RESTORE to previousVersion, or DROP). */
export interface LedgerWrite {
  table: TableRef;
  owner: string;
  /** The version before this deployment's write; null when the write created the table. */
  previousVersion: number | null;
}

export type LedgerState = "in flight" | "done" | "failed" | "refused";

export interface LedgerEntry {
  id: string;
  state: LedgerState;
  /** What this deployment did to the table, in words (`cloned (new table)`, `failed: ...`). */
  outcome: string;
  /** Its write still in place, if any (cleared once put back). */
  write: LedgerWrite | null;
  /** How it was put back, when it was. */
  putBack?: string;
}

/** The first failure of the deployment in this catalog. */
export interface LedgerFailure {
  id: string;
  message: string;
}

export class DeploymentLedger {
  readonly entries = new Map<string, LedgerEntry>();
  failure: LedgerFailure | undefined;

  /** A handler starts. Returns the failure that came first, if any (the caller decides whether to refuse). */
  begin(id: string): LedgerFailure | undefined {
    this.entries.set(id, { id, state: "in flight", outcome: "in flight", write: null });
    return this.failure;
  }

  /**
   * A handler is about to return success. `"put back"`: the deployment failed meanwhile and
   * `rollbackOnFailure` asks the handler to undo its own write first (the failing handler did not see it
   * finished); the entry stays in flight until `putBack` records it.
   */
  finish(id: string, outcome: string, write: LedgerWrite | null, rollbackOnFailure: boolean): "recorded" | "put back" {
    const entry = this.entry(id);
    entry.outcome = outcome;
    entry.write = write;
    if (this.failure && rollbackOnFailure && write) return "put back";
    entry.state = "done";
    return "recorded";
  }

  /**
   * A handler failed. The first failure is recorded as the deployment's; with `rollbackOnFailure` it
   * returns the finished tables whose writes must be put back (they are taken: nobody else undoes them).
   */
  fail(id: string, message: string, write: LedgerWrite | null, rollbackOnFailure: boolean): { first: boolean; toPutBack: LedgerEntry[] } {
    const entry = this.entry(id);
    entry.state = "failed";
    entry.outcome = `FAILED: ${firstLine(message)}`;
    entry.write = write;
    const first = this.failure === undefined;
    if (first) this.failure = { id, message: firstLine(message) };
    const toPutBack = first && rollbackOnFailure ? [...this.entries.values()].filter((e) => e.state === "done" && e.write !== null) : [];
    return { first, toPutBack };
  }

  /** A handler refused to start (the deployment had failed and rollbackOnFailure is on). */
  refuse(id: string): void {
    const entry = this.entry(id);
    entry.state = "refused";
    entry.outcome = "not written (the deployment had already failed)";
  }

  /** Records how an entry's write was put back (`dropped`, `restored to version 3`, `put back FAILED: ...`). */
  putBack(entry: LedgerEntry, how: string, done: boolean): void {
    entry.putBack = how;
    if (done) entry.write = null;
    if (entry.state === "in flight") entry.state = "done";
  }

  entry(id: string): LedgerEntry {
    let e = this.entries.get(id);
    if (!e) {
      e = { id, state: "in flight", outcome: "in flight", write: null };
      this.entries.set(id, e);
    }
    return e;
  }

  /**
   * What this deployment did, table by table, for an error text or a log: one line per table the
   * handlers saw (at most `limit`, then a count), in name order.
   */
  summary(limit = 60): string {
    const lines = [...this.entries.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((e) => {
        const back = e.putBack
          ? `; put back: ${e.putBack}`
          : e.state === "in flight" && this.failure
            ? "; still running when the deployment failed"
            : "";
        return `  ${e.id}: ${e.outcome}${back}`;
      });
    const shown = lines.slice(0, limit);
    if (lines.length > limit) shown.push(`  ... and ${lines.length - limit} more table(s)`);
    return shown.join("\n");
  }
}

function firstLine(message: string): string {
  const line = message.split("\n")[0];
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
