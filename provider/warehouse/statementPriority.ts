/**
 * Which waiting statement gets the next free slot of a warehouse (concurrencyLimit.ts): statements of the
 * job that started first. A job is one resource operation (a table's create or update) run inside
 * `asJob`; each draws a ticket when it starts, and every statement it sends, retries included, carries
 * that ticket, so a started clone finishes its few statements before later jobs take the slots, instead
 * of each statement queueing behind every other job's (first-come-first-served per statement).
 *
 * Why start order: the program registers tables largest first (components/catalogClone/cloneOrder.ts)
 * and Pulumi starts ready operations in registration order, so start order is largest-first order
 * (longest-processing-time-first, the makespan heuristic of DESIGN §5) without the provider having to
 * learn sizes. A statement outside any job (a diff, a schema's create) draws its ticket when it asks for
 * a slot, so it ranks behind jobs already started and ahead of jobs started later.
 *
 * Process-wide on globalThis (like runtime.ts): two loaded copies of the library must share the tickets.
 */
import { AsyncLocalStorage } from "async_hooks";

interface TicketState {
  storage: AsyncLocalStorage<number>;
  drawn: number;
}

const KEY = Symbol.for("pulumi-uc-clone.statementPriority");
type Holder = { [KEY]?: TicketState };

function state(): TicketState {
  return ((globalThis as Holder)[KEY] ??= { storage: new AsyncLocalStorage<number>(), drawn: 0 });
}

/** A fresh ticket: later than every ticket drawn before it. */
function draw(): number {
  return ++state().drawn;
}

/** Runs `fn` as one job: every statement it sends ranks by the ticket drawn now. A nested job keeps the outer ticket. */
export function asJob<T>(fn: () => Promise<T>): Promise<T> {
  const s = state();
  if (s.storage.getStore() !== undefined) return fn();
  return s.storage.run(draw(), fn);
}

/** The rank of a statement sent now: its job's ticket, or a fresh one outside a job. Lower goes first. */
export function statementRank(): number {
  return state().storage.getStore() ?? draw();
}
