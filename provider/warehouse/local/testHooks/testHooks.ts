/**
 * Test hooks of the local warehouse, shared by every process using one workspace directory:
 * per-statement latency (fixed + per MB copied), a warehouse concurrency-slot model (statements
 * beyond N running ones queue), and scripted faults (by statement regex, the Nth match, or at random
 * with a seed; transient or permanent; any class/SQLSTATE/message; or, with `interleave`, another
 * session's statement committed next to the matching one instead of an error; with `crash`, the
 * process itself killed at that point).
 *
 * Environment (read when a warehouse opens; explicit options win):
 *   UC_LOCAL_LATENCY_MS, UC_LOCAL_LATENCY_MS_PER_MB, UC_LOCAL_SLOTS, UC_LOCAL_FAULTS (JSON array of FaultRule).
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { EngineError } from "../errors/engineError";
import { breakIfStale, tryAcquire, withFileLock } from "../metastore/fileLock";

export const FaultRuleSchema = z.object({
  /** Regular expression (case-insensitive) the statement text must match; all statements when absent. */
  match: z.string().optional(),
  /** Fail only the Nth matching statement (1-based, counted across processes). */
  nth: z.number().int().positive().optional(),
  /** Fail this many matching statements starting at `nth` (default 1 with `nth`, unlimited without). */
  times: z.number().int().positive().optional(),
  /** Fail each matching statement with this probability (deterministic with `seed`). */
  probability: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  errorClass: z.string().default("TEMPORARILY_UNAVAILABLE"),
  sqlState: z.string().optional(),
  message: z.string().optional(),
  /** Whether a retry may succeed (default: unset, and the library's driver derives it from the error class). */
  transient: z.boolean().optional(),
  /** `before`: fail without running; `after`: run the statement, then fail (a lost response). */
  phase: z.enum(["before", "after"]).default("before"),
  /**
   * The error says the statement may have run (EngineError.mayHaveRun: the answer was lost), so the
   * retry layer hands a write back to its caller instead of re-sending it. Default false; set it with
   * `phase: "after"` to model a lost response as a real driver reports one.
   */
  mayHaveRun: z.boolean().optional(),
  /**
   * The error says the statement may still be running (EngineError.mayStillBeRunning, which implies
   * mayHaveRun): as the Databricks driver reports a statement it stopped polling, or one cut off in
   * flight. With `before`, the statement "has not run yet" when the caller looks. Default false.
   */
  mayStillBeRunning: z.boolean().optional(),
  /**
   * Instead of failing, another session commits this statement next to the matching one: just before it
   * (`phase: "before"`) or right after it, before its answer returns (`"after"`). Models a concurrent
   * writer landing between two statements of a caller. Not in the statement log, which records what the
   * caller sent.
   */
  interleave: z.string().optional(),
  /**
   * Instead of failing, the process running the statement dies at once (SIGKILL): before the statement
   * runs (`phase: "before"`) or after it ran, before its answer returns (`"after"`). Models a provider
   * killed between two statements, deterministically. Logged with the error class `PROCESS_KILLED`.
   */
  crash: z.boolean().optional(),
});
export type FaultRule = z.input<typeof FaultRuleSchema>;

export const HooksSchema = z.object({
  latencyMs: z.number().min(0).default(0),
  latencyMsPerMb: z.number().min(0).default(0),
  /** Concurrent statements the simulated warehouse runs; 0 = unlimited. */
  slots: z.number().int().min(0).default(0),
  faults: z.array(FaultRuleSchema).default([]),
});
export type LocalWarehouseHooks = z.input<typeof HooksSchema>;
type Hooks = z.output<typeof HooksSchema>;
/** A fault rule with its defaults applied. */
export type ScriptedFault = Hooks["faults"][number];

/** Hook settings from the environment, overridden by `explicit`. */
export function resolveHooks(explicit: LocalWarehouseHooks | undefined, env: NodeJS.ProcessEnv = process.env): Hooks {
  const fromEnv: Record<string, unknown> = {};
  if (env.UC_LOCAL_LATENCY_MS) fromEnv.latencyMs = Number(env.UC_LOCAL_LATENCY_MS);
  if (env.UC_LOCAL_LATENCY_MS_PER_MB) fromEnv.latencyMsPerMb = Number(env.UC_LOCAL_LATENCY_MS_PER_MB);
  if (env.UC_LOCAL_SLOTS) fromEnv.slots = Number(env.UC_LOCAL_SLOTS);
  if (env.UC_LOCAL_FAULTS) {
    try {
      fromEnv.faults = JSON.parse(env.UC_LOCAL_FAULTS);
    } catch {
      throw new Error("UC_LOCAL_FAULTS must be a JSON array of fault rules, e.g. [{\"match\":\"CLONE\",\"nth\":1}].");
    }
  }
  const parsed = HooksSchema.safeParse({ ...fromEnv, ...(explicit ?? {}) });
  if (!parsed.success) throw new Error(`Invalid local warehouse hooks: ${parsed.error.message}`);
  return parsed.data;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Forgets how many statements matched each fault rule (`nth` counts from the directory's first match). */
export function resetFaultCounters(dir: string): void {
  fs.rmSync(path.join(dir, "faults.state.json"), { force: true });
}

/** mulberry32: a tiny seeded PRNG so random faults replay identically. */
function random01(seed: number, n: number): number {
  let a = (seed + Math.imul(n, 0x9e3779b1)) >>> 0;
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export class TestHooks {
  private readonly regexes: (RegExp | undefined)[];

  constructor(readonly root: string, readonly hooks: Hooks) {
    this.regexes = hooks.faults.map((f) => (f.match ? new RegExp(f.match, "i") : undefined));
  }

  get active(): boolean {
    return this.hooks.latencyMs > 0 || this.hooks.latencyMsPerMb > 0 || this.hooks.slots > 0 || this.hooks.faults.length > 0;
  }

  /** Waits for a free warehouse slot (file per slot, shared by processes); returns its release. */
  async acquireSlot(): Promise<() => void> {
    const n = this.hooks.slots;
    if (n <= 0) return () => undefined;
    const dir = path.join(this.root, "slots");
    fs.mkdirSync(dir, { recursive: true });
    let delay = 2;
    for (;;) {
      for (let i = 0; i < n; i++) {
        const f = path.join(dir, `slot-${i}.lock`);
        if (tryAcquire(f)) return () => fs.rmSync(f, { force: true });
        breakIfStale(f);
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 25);
    }
  }

  /** Decides which fault (if any) hits this statement; counters are shared across processes. */
  async faultFor(sql: string): Promise<ScriptedFault | undefined> {
    const matching = this.hooks.faults.map((_, i) => i).filter((i) => !this.regexes[i] || this.regexes[i]!.test(sql));
    if (matching.length === 0) return undefined;
    const counts = await withFileLock(path.join(this.root, "faults.lock"), () => {
      const file = path.join(this.root, "faults.state.json");
      let state: Record<string, number> = {};
      try {
        state = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        state = {};
      }
      const out: Record<number, number> = {};
      for (const i of matching) {
        const key = `${i}:${this.hooks.faults[i].match ?? ""}`;
        state[key] = (state[key] ?? 0) + 1;
        out[i] = state[key];
      }
      fs.writeFileSync(file, JSON.stringify(state));
      return out;
    });
    for (const i of matching) {
      const f = this.hooks.faults[i];
      const k = counts[i];
      if (f.nth !== undefined) {
        const times = f.times ?? 1;
        if (k < f.nth || k >= f.nth + times) continue;
      } else if (f.times !== undefined && k > f.times) continue;
      if (f.probability !== undefined && random01(f.seed ?? 0, k) >= f.probability) continue;
      return f;
    }
    return undefined;
  }

  static errorFor(f: ScriptedFault, sql: string): EngineError {
    const sqlState = f.sqlState ?? (f.errorClass === "TEMPORARILY_UNAVAILABLE" ? "08000" : "XXKUC");
    const text = f.message ?? `Injected fault for statement: ${sql.slice(0, 120)}`;
    return new EngineError({
      errorClass: f.errorClass,
      message: EngineError.format(f.errorClass, text, sqlState),
      sqlState,
      transient: f.transient,
      mayHaveRun: f.mayHaveRun,
      mayStillBeRunning: f.mayStillBeRunning,
    });
  }

  async latency(copiedBytes: number): Promise<void> {
    const ms = this.hooks.latencyMs + (this.hooks.latencyMsPerMb * copiedBytes) / (1024 * 1024);
    if (ms > 0) await sleep(ms);
  }
}
