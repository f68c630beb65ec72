/**
 * Removing an expired clone through its stack, when the stack's state can be reached: `pulumi destroy`
 * removes exactly what the stack created and restores what it adopted (its state knows both), which
 * markers alone cannot. Reachable means:
 * - `--state DIR` holds `<stack>.json` (state of the test harness, pulumi-uc-clone-stack-harness, used
 *   where the Pulumi CLI is not installed): its CLI runs the destroy;
 * - else the `pulumi` CLI is on PATH and `pulumi stack ls` in the project directory lists the stack:
 *   `pulumi destroy --yes --non-interactive --stack <stack>`.
 * Either way only for stacks of the project in that directory (Pulumi.yaml `name`). The harness is found
 * at run time from the project directory: the library never imports it. The same state is read first
 * (readStackState): a stack with protected resources is never destroyed (reapRoute.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { OwnedClone } from "./expiredClones";
import type { StackStateRead } from "./reapRoute";

/** How a stack's destroy is run. */
export interface StackDestroyer {
  /** For the listing: `pulumi destroy -s pr-7 (in /repo)`. */
  describe: string;
  /** Runs the destroy; `ok` false with its output when it failed. */
  run(): { ok: boolean; output: string };
}

/** Where reap looks for stacks. */
export interface StackLocation {
  /** The project directory (Pulumi.yaml). */
  cwd: string;
  /** Harness state directory (`<dir>/<stack>.json`). */
  stateDir?: string;
  env: NodeJS.ProcessEnv;
}

/** The `name:` of `<cwd>/Pulumi.yaml`, undefined without one. */
export function projectName(cwd: string): string | undefined {
  const file = path.join(cwd, "Pulumi.yaml");
  if (!fs.existsSync(file)) return undefined;
  const m = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(file, "utf8"));
  return m?.[1];
}

/** The first `name` executable on PATH. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(command: string, args: string[], loc: StackLocation): { ok: boolean; output: string } {
  const r = spawnSync(command, args, { cwd: loc.cwd, env: loc.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`;
  return { ok: r.status === 0, output };
}

/** How to destroy the clone's stack, or undefined when its state cannot be reached from `loc`. */
export function stackDestroyerFor(clone: OwnedClone, loc: StackLocation): StackDestroyer | undefined {
  if (projectName(loc.cwd) !== clone.project) return undefined;
  if (loc.stateDir !== undefined) {
    const state = path.join(loc.stateDir, `${clone.stack}.json`);
    if (!fs.existsSync(state)) return undefined;
    let cli: string;
    try {
      cli = require.resolve("pulumi-uc-clone-stack-harness/dist/cli.js", { paths: [loc.cwd] });
    } catch {
      return undefined;
    }
    const args = [cli, "destroy", "--stack", clone.stack, "--cwd", loc.cwd, "--state", state, "--yes"];
    return { describe: `harness destroy -s ${clone.stack} (state ${state})`, run: () => run(process.execPath, args, loc) };
  }
  const pulumi = onPath("pulumi", loc.env);
  if (!pulumi) return undefined;
  const ls = run(pulumi, ["stack", "ls", "--json"], loc);
  if (!ls.ok) return undefined;
  let listed: { name?: string }[] = [];
  try {
    listed = JSON.parse(ls.output.slice(ls.output.indexOf("[")));
  } catch {
    return undefined;
  }
  // Names may be listed fully qualified (org/project/stack) on the Pulumi Cloud backend.
  if (!listed.some((s) => s.name === clone.stack || s.name?.endsWith(`/${clone.project}/${clone.stack}`))) return undefined;
  return {
    describe: `pulumi destroy -s ${clone.stack} (in ${loc.cwd})`,
    run: () => run(pulumi, ["destroy", "--yes", "--non-interactive", "--skip-preview", "--stack", clone.stack], loc),
  };
}

/** The `left in place: …` lines a destroy printed: what it kept, and why. */
export function keptByDestroy(output: string): string[] {
  return output
    .split("\n")
    .map((l) => /left in place: (.*)$/.exec(l)?.[1]?.trim())
    .filter((l): l is string => l !== undefined && l !== "");
}

/**
 * The clone's stack state when it can be reached from `loc` (as stackDestroyerFor reaches it): the
 * harness state file, else `pulumi stack export`. `unreadable` when it exists but does not parse.
 */
export function readStackState(clone: OwnedClone, loc: StackLocation): StackStateRead {
  if (projectName(loc.cwd) !== clone.project) return undefined;
  if (loc.stateDir !== undefined) {
    const file = path.join(loc.stateDir, `${clone.stack}.json`);
    if (!fs.existsSync(file)) return undefined;
    try {
      return { state: JSON.parse(fs.readFileSync(file, "utf8")) };
    } catch (err) {
      return { unreadable: `${file}: ${(err as Error).message}` };
    }
  }
  const pulumi = onPath("pulumi", loc.env);
  if (!pulumi) return undefined;
  const exported = run(pulumi, ["stack", "export", "--stack", clone.stack], loc);
  if (!exported.ok) return undefined;
  try {
    return { state: JSON.parse(exported.output.slice(exported.output.indexOf("{"))) };
  } catch (err) {
    return { unreadable: `pulumi stack export: ${(err as Error).message}` };
  }
}
