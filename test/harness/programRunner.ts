import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * How to run one Pulumi program against the harness's monitor. The fields are the ones the Pulumi
 * CLI's nodejs language host turns into the program's command line and environment
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `execRuntime`/`constructArguments`).
 */
export interface ProgramRun {
  /** The project root, the directory holding Pulumi.yaml (`--root-directory`). */
  rootDir: string;
  /**
   * The program directory (see projectFiles.programLocation): the CLI starts the language host there
   * and the program inherits it as its working directory; it is also `--pwd`.
   */
  programDir: string;
  /** The entry argument given to cmd/run: "." (the program directory) or a file name inside it. */
  entry: string;
  /** Pulumi.yaml `runtime.options` (`typescript` defaults to true, `tsconfig`, `nodeargs`). */
  runtimeOptions: Record<string, unknown>;
  monitorAddress: string;
  project: string;
  stack: string;
  organization: string;
  dryRun: boolean;
  parallel: number;
  /** Plaintext config, keys namespaced (`proj:key`), values strings. */
  config: Record<string, string>;
  secretKeys: string[];
  /** The environment the CLI was started with (the language host passes its own environment on). */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Kill the program if it has not exited after this long (a leaked handle keeps node alive). */
  timeoutMs: number;
}

/** The nodejs runtime options the language host understands (main.go `parseOptions`). */
export interface NodeRuntimeOptions {
  /** Register ts-node (PULUMI_NODEJS_TYPESCRIPT=true). Defaults to true, as in the language host. */
  typescript: boolean;
  /** PULUMI_NODEJS_TSCONFIG_PATH, relative to the program directory. */
  tsconfig?: string;
  /** Extra node arguments, split like a shell would. */
  nodeargs: string[];
}

/** Parses `runtime.options` the way the language host does (typescript defaults to true). */
export function nodeRuntimeOptions(options: Record<string, unknown>): NodeRuntimeOptions {
  const result: NodeRuntimeOptions = { typescript: true, nodeargs: [] };
  if (options.typescript !== undefined) {
    if (typeof options.typescript !== "boolean") throw new Error("[harness] runtime option `typescript` must be a boolean");
    result.typescript = options.typescript;
  }
  if (options.tsconfig !== undefined) {
    if (typeof options.tsconfig !== "string") throw new Error("[harness] runtime option `tsconfig` must be a string");
    result.tsconfig = options.tsconfig;
  }
  if (options.nodeargs !== undefined) {
    if (typeof options.nodeargs !== "string") throw new Error("[harness] runtime option `nodeargs` must be a string");
    result.nodeargs = options.nodeargs.split(/\s+/).filter((a) => a !== "");
  }
  return result;
}

/**
 * The `node` the CLI would start: the first one on the PATH of the given environment (the language
 * host uses exec.LookPath("node"); the dynamic-provider plugin is a shell script that runs `node`).
 */
export function nodeOnPath(env: NodeJS.ProcessEnv): string {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, process.platform === "win32" ? "node.exe" : "node");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  throw new Error("[harness] could not find node on the $PATH (the Pulumi CLI runs the `node` found there)");
}

/**
 * Resolves a module of @pulumi/pulumi from `dir`, as the CLI does (`node -e "require.resolve(...)"`
 * run in the program directory): the program's own @pulumi/pulumi, not the harness's.
 */
export function resolvePulumiModule(mod: string, dir: string): string {
  try {
    return require.resolve(mod, { paths: [dir] });
  } catch {
    throw new Error(`[harness] cannot resolve ${mod} from ${dir}: it looks like the Pulumi SDK has not been installed (npm install)`);
  }
}

/** The environment without undefined values (spawn would pass them as the text "undefined"). */
export function definedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The command line and environment the nodejs language host gives the program: `node [nodeargs]
 * <@pulumi/pulumi/cmd/run> --monitor … --engine … --organization … --project … --root-directory <root>
 * --stack … --pwd <programDir> [--dry-run] --parallel N <entry>`, started in the program directory,
 * with the CLI's environment plus PULUMI_CONFIG (keys as `<ns>:config:<name>`),
 * PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT and PULUMI_NODEJS_TSCONFIG_PATH.
 * Not reproduced: `--sync` (the synchronous-invoke pipes; the harness serves no invokes) and `--tracing`.
 */
export function programCommand(run: ProgramRun): { node: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const options = nodeRuntimeOptions(run.runtimeOptions);
  const runPath = resolvePulumiModule("@pulumi/pulumi/cmd/run", run.programDir);
  const args = [
    ...options.nodeargs,
    runPath,
    "--monitor",
    run.monitorAddress,
    "--engine",
    run.monitorAddress,
    ...(run.organization ? ["--organization", run.organization] : []),
    "--project",
    run.project,
    "--root-directory",
    run.rootDir,
    "--stack",
    run.stack,
    "--pwd",
    run.programDir,
    ...(run.dryRun ? ["--dry-run"] : []),
    "--parallel",
    String(run.parallel),
    run.entry,
  ];
  // The language host presents config keys in the old `<namespace>:config:<name>` form (constructConfig).
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.config)) {
    const colon = k.indexOf(":");
    config[colon < 0 ? k : `${k.slice(0, colon)}:config:${k.slice(colon + 1)}`] = v;
  }
  const env: NodeJS.ProcessEnv = {
    ...run.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.secretKeys),
  };
  if (options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (options.tsconfig !== undefined) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return { node: nodeOnPath(run.env), args, cwd: run.programDir, env: definedEnv(env) };
}

/** exitWithParent.js: plain JS at the package root beside the sources (tsc does not copy it), found from the sources and dist/ alike. */
const exitWithParentScript = fs.existsSync(path.join(__dirname, "exitWithParent.js"))
  ? path.join(__dirname, "exitWithParent.js")
  : path.join(__dirname, "..", "exitWithParent.js");

/**
 * How the harness spawns a child it must not outlive (the program, the dynamic-provider plugin): `node
 * --require exitWithParent.js <the CLI's arguments>`, stdin a pipe the harness holds open and never
 * writes. When the harness dies, even by SIGKILL (no handler runs), the child reads end-of-file on stdin
 * and kills itself, so it runs no statement after the harness is gone.
 *
 * This is where the harness differs from the CLI's launch: the CLI starts the program with stdin
 * /dev/null and the plugin with a stdin pipe, neither with this preload; it relies instead on the
 * language host's health check of the engine (every 5 minutes, then it cancels the program) and kills
 * the plugins it started when it exits normally; the nodejs dynamic-provider plugin itself watches
 * nothing (pulumi/pulumi#6065). Arguments after the preload, the working directory and the
 * environment are exactly the CLI's; only `process.execArgv` shows the preload.
 */
export function spawnTiedToHarness(node: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(node, ["--require", exitWithParentScript, ...args], { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
  // Held open for the child's whole life; never written. Our end must not keep the harness alive.
  child.stdin.on("error", () => undefined);
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.on("exit", () => child.stdin.destroy());
  return child;
}

/**
 * Runs the program with the real `@pulumi/pulumi/cmd/run` in a child node process, with the command
 * line, working directory and environment the nodejs language host would give it (programCommand),
 * tied to the harness's life (spawnTiedToHarness).
 * Resolves with the exit code (`timedOut` when it had to be killed).
 */
export function runProgram(run: ProgramRun): Promise<{ exitCode: number; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const cmd = programCommand(run);
    const child = spawnTiedToHarness(cmd.node, cmd.args, { cwd: cmd.cwd, env: cmd.env });
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
