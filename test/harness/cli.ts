#!/usr/bin/env node
/**
 * `pulumi-uc-clone-stack-harness <up|preview|refresh|destroy> --stack NAME [--cwd DIR]` — runs a
 * Pulumi project with the test harness when the `pulumi` CLI is not installed. Test infrastructure:
 * not the Pulumi engine (no plugins other than dynamic providers, no backend). up, refresh and destroy
 * hold the stack's lock (`<state>.lock`) as Pulumi backends do; `--continue-on-error` as `pulumi up`'s.
 *
 * Config comes from Pulumi.yaml and Pulumi.<stack>.yaml. The harness cannot decrypt `secure:` values
 * (they are encrypted by the Pulumi CLI's secrets provider); give their plaintext with
 * `--config-secret key=value` or the environment variable PULUMI_CONFIG_SECRET_<KEY> (key upper-cased,
 * non-alphanumerics as `_`, e.g. PULUMI_CONFIG_SECRET_DATABRICKS_TOKEN).
 * State: `<cwd>/.pulumi-harness/<stack>.json` (or --state PATH), secrets encrypted with
 * PULUMI_CONFIG_PASSPHRASE (default empty).
 */
import * as fs from "fs";
import * as path from "path";
import { HarnessStack } from "./harnessStack";
import { Operation } from "./deployment";
import { namespacedKey, readProjectFile, readStackConfigFile, secretEnvName } from "./projectFiles";
import { summaryText } from "./summaryText";
import { journalPathOf } from "./harnessState";

const usage =
  "usage: pulumi-uc-clone-stack-harness <up|preview|refresh|destroy> --stack NAME [--cwd DIR] [--parallel N] " +
  "[--state FILE] [--config-secret KEY=VALUE]... [--continue-on-error] [--remove (destroy: also drop the state)]";

/**
 * A stack's config as `pulumi up -s <stack>` in `cwd` reads it: Pulumi.yaml defaults, then
 * Pulumi.<stack>.yaml; `secure:` keys take their plaintext from `secretArgs` (un-namespaced keys get the
 * project's) or PULUMI_CONFIG_SECRET_<KEY>, and are listed in `missing` when neither has them.
 */
export function stackConfigOf(
  cwd: string,
  stack: string,
  secretArgs: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): { project: string; config: Record<string, unknown>; secretConfig: Record<string, string>; missing: string[] } {
  const project = readProjectFile(cwd);
  const stackFile = readStackConfigFile(cwd, project.name, stack);
  const secretConfig: Record<string, string> = {};
  for (const [k, v] of Object.entries(secretArgs)) secretConfig[namespacedKey(project.name, k)] = v;
  const missing: string[] = [];
  for (const key of stackFile.secureKeys) {
    if (key in secretConfig) continue;
    const fromEnv = env[secretEnvName(key)];
    if (fromEnv !== undefined) secretConfig[key] = fromEnv;
    else missing.push(key);
  }
  const config: Record<string, unknown> = { ...project.configDefaults, ...stackFile.values };
  for (const k of Object.keys(secretConfig)) delete config[k];
  return { project: project.name, config, secretConfig, missing };
}

/** Runs the CLI; resolves with the process exit code. */
export async function runCli(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t + "\n")): Promise<number> {
  const operation = argv[0] as Operation;
  if (!["up", "preview", "refresh", "destroy"].includes(operation)) {
    out(usage);
    return 2;
  }
  let stack: string | undefined;
  let cwd = process.cwd();
  let parallel: number | undefined;
  let statePath: string | undefined;
  let remove = false;
  let continueOnError = false;
  const secretArgs: Record<string, string> = {};
  for (let i = 1; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === "--stack" || flag === "-s") stack = value();
    else if (flag === "--cwd" || flag === "-C") cwd = path.resolve(value());
    else if (flag === "--parallel" || flag === "-p") parallel = Number(value());
    else if (flag === "--state") statePath = path.resolve(value());
    else if (flag === "--config-secret") {
      const kv = value();
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new Error(`--config-secret expects KEY=VALUE, got "${kv}"`);
      secretArgs[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (flag === "--remove") remove = true;
    else if (flag === "--continue-on-error") continueOnError = true;
    else if (flag === "--yes" || flag === "-y" || flag === "--skip-preview") continue; // accepted for CLI parity
    else {
      out(`unknown argument ${argv[i]}\n${usage}`);
      return 2;
    }
  }
  if (!stack) {
    out(`--stack is required\n${usage}`);
    return 2;
  }
  const { project, config, secretConfig, missing } = stackConfigOf(cwd, stack, secretArgs);
  if (missing.length > 0) {
    out(
      `[harness] cannot decrypt secure config ${missing.join(", ")} (only the Pulumi CLI can). Pass the plaintext with ` +
        missing.map((k) => `--config-secret ${k}=... or ${secretEnvName(k)}=...`).join("; "),
    );
    return 2;
  }
  const harness = new HarnessStack({
    programDir: cwd,
    project,
    stack,
    config,
    secretConfig,
    statePath: statePath ?? path.join(cwd, ".pulumi-harness", `${stack}.json`),
    parallel,
    continueOnError,
  });
  const summary = await harness[operation]();
  out(summaryText(summary, stack));
  if (operation === "destroy" && remove && !summary.failed) {
    // `pulumi destroy --remove`: the stack goes away with its resources (its Pulumi.<stack>.yaml stays).
    const file = statePath ?? path.join(cwd, ".pulumi-harness", `${stack}.json`);
    for (const f of [file, journalPathOf(file)]) fs.rmSync(f, { force: true });
    out(`The resources in the stack have been deleted, and the harness state of stack '${stack}' was removed.`);
  }
  return summary.failed ? 1 : 0;
}

/**
 * Exits once everything written to stdout and stderr has reached the OS: process.exit() right after a
 * write drops what a pipe has not taken yet (a pipe holds 64 KB), so `... | less` lost the end of a
 * large summary.
 */
export function flushAndExit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

if (require.main === module) {
  // Interrupted: leave at once (the stack's lock is released by its exit hook; the program and the
  // provider plugin see their stdin close and stop themselves; state holds every completed step).
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      process.stderr.write(`[harness] ${signal}: stopping; steps in flight are abandoned\n`);
      process.exit(code);
    });
  }
  runCli(process.argv.slice(2)).then(
    (code) => flushAndExit(code),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      flushAndExit(2);
    },
  );
}
