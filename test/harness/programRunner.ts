import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

// A plain-JS preload that lives next to the sources (tsc does not copy .js files into dist/).
const preloadPath = fs.existsSync(path.join(__dirname, "programPreload.js"))
  ? path.join(__dirname, "programPreload.js")
  : path.resolve(__dirname, "..", "..", "..", "test", "harness", "programPreload.js");

/** How to run one Pulumi program against the harness's monitor. */
export interface ProgramRun {
  /** Absolute path of the JS entry (file or directory) given to cmd/run. */
  entry: string;
  /** Working directory of the program (the project root: where Pulumi.yaml is, or the entry's directory). */
  cwd: string;
  monitorAddress: string;
  project: string;
  stack: string;
  organization: string;
  dryRun: boolean;
  parallel: number;
  /** Plaintext config, keys namespaced (`proj:key`), values strings. */
  config: Record<string, string>;
  secretKeys: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Kill the program if it has not exited after this long (a leaked handle keeps node alive). */
  timeoutMs: number;
}

/**
 * Runs the program with the real `@pulumi/pulumi/cmd/run` in a child node process, with the
 * arguments and environment the nodejs language host would give it. Resolves with the exit code
 * (`timedOut` when it had to be killed).
 */
export function runProgram(run: ProgramRun): Promise<{ exitCode: number; timedOut: boolean }> {
  const runPath = require.resolve("@pulumi/pulumi/cmd/run");
  const args = [
    "--require",
    preloadPath,
    runPath,
    `--monitor=${run.monitorAddress}`,
    `--engine=${run.monitorAddress}`,
    `--project=${run.project}`,
    `--stack=${run.stack}`,
    `--organization=${run.organization}`,
    `--root-directory=${run.cwd}`,
    `--parallel=${run.parallel}`,
    `--pwd=${run.cwd}`,
    ...(run.dryRun ? ["--dry-run"] : []),
    run.entry,
  ];
  const env: NodeJS.ProcessEnv = {
    ...run.env,
    PULUMI_CONFIG: JSON.stringify(run.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.secretKeys),
    PULUMI_PROJECT: run.project,
    PULUMI_STACK: run.stack,
    PULUMI_ORGANIZATION: run.organization,
  };
  // TypeScript entries go through the ts-node that @pulumi/pulumi vendors, transpile-only (the
  // project type-checks with tsc): the same switch the language host flips for `typescript: true`.
  if (path.extname(run.entry) === ".ts") {
    env.PULUMI_NODEJS_TYPESCRIPT = "true";
    env.PULUMI_NODEJS_TRANSPILE_ONLY ??= "true";
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: run.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (prefix: string) => {
      let buffered = "";
      return (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim() !== "") run.log(`${prefix}${line}`);
        }
      };
    };
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", forward("[program] "));
    child.stderr.on("data", forward("[program] "));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, run.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, timedOut });
    });
  });
}
