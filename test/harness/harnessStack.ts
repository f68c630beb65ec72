import * as fs from "fs";
import * as path from "path";
import { Deployment, Operation, Summary } from "./deployment";
import { DynamicProviderPlugin } from "./dynamicProviderPlugin";
import { HarnessState, ResourceState, StateStore, readStoredState } from "./harnessState";
import { ProgramLocation, namespacedKey, programLocation, readProjectFile } from "./projectFiles";
import { PropertyBag, makeSecret, plainBag, unwrapSecrets } from "./propertyValues";
import { ResourceMonitorServer } from "./resourceMonitor";
import { definedEnv, runProgram } from "./programRunner";
import { StackLock, StackLockedError } from "./stackLock";

export { Summary, Step, StepOp, Operation } from "./deployment";
export { HarnessState, ResourceState } from "./harnessState";

/** Options of a {@link HarnessStack}. */
export interface HarnessStackOptions {
  /**
   * The project root, the directory holding Pulumi.yaml: its `name`, `main` and `runtime.options` are
   * read from there, and the program runs the way the Pulumi CLI runs it (see README "How programs run").
   */
  programDir?: string;
  /**
   * The program (a file or a directory), standing for Pulumi.yaml's `main`: wins over the `main` of
   * programDir's Pulumi.yaml. Without a Pulumi.yaml the project root is programDir, else the entry's
   * directory (the entry itself when it is a directory).
   */
  entry?: string;
  /** Pulumi.yaml `runtime.options` (default: those of programDir's Pulumi.yaml, else none: typescript on). */
  runtimeOptions?: Record<string, unknown>;
  /** Project name (default: Pulumi.yaml `name` in programDir). */
  project?: string;
  stack: string;
  organization?: string;
  /** Plain config; keys without a namespace get the project's. Non-string values are JSON-encoded. */
  config?: Record<string, unknown>;
  /** Secret config (the program sees them as secrets; state only holds them encrypted). */
  secretConfig?: Record<string, unknown>;
  /** The JSON state file. */
  statePath: string;
  /** Encrypts secrets in state (default: PULUMI_CONFIG_PASSPHRASE, else ""). */
  passphrase?: string;
  /** Extra environment for the program and the provider plugin (the environment the CLI would run in); undefined removes a variable. */
  env?: NodeJS.ProcessEnv;
  /** Max concurrent resource operations (the CLI's --parallel); default 10. */
  parallel?: number;
  /**
   * `pulumi up --continue-on-error`: a failed create/update/delete does not stop the update; resources
   * that do not depend on it still run, and so do deletes. The update still fails (Summary.failed).
   */
  continueOnError?: boolean;
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
  /** Kill a program that has not exited after this long (default 15 minutes). */
  programTimeoutMs?: number;
}

function pulumiOnPath(): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi")));
}

function configString(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * A Pulumi stack run by the test harness: the real program under `@pulumi/pulumi/cmd/run`, its
 * dynamic resources handled by the real dynamic-provider plugin, state in a JSON file.
 * Test infrastructure, not the Pulumi engine: every operation says so on its log.
 */
export class HarnessStack {
  readonly project: string;
  readonly stack: string;
  /** The project root (Pulumi.yaml's directory). */
  readonly rootDir: string;
  /** Where the CLI would run the program: its working directory and entry argument. */
  readonly location: ProgramLocation;
  private readonly runtimeOptions: Record<string, unknown>;

  constructor(private readonly opts: HarnessStackOptions) {
    if (!opts.programDir && !opts.entry) throw new Error("[harness] HarnessStack needs `programDir` or `entry`");
    const hasProjectFile = opts.programDir !== undefined && fs.existsSync(path.join(opts.programDir, "Pulumi.yaml"));
    const projectFile = hasProjectFile ? readProjectFile(opts.programDir!) : undefined;
    const project = opts.project ?? projectFile?.name;
    if (!project) throw new Error("[harness] HarnessStack needs `project` (no Pulumi.yaml with a name in programDir)");
    this.project = project;
    this.stack = opts.stack;
    const entry = opts.entry !== undefined ? path.resolve(opts.entry) : undefined;
    this.rootDir = path.resolve(
      opts.programDir ?? (fs.existsSync(entry!) && fs.statSync(entry!).isDirectory() ? entry! : path.dirname(entry!)),
    );
    this.location = programLocation(this.rootDir, entry ?? projectFile?.main);
    this.runtimeOptions = opts.runtimeOptions ?? projectFile?.runtimeOptions ?? {};
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => process.stderr.write(l + "\n")))(line);
  }

  /** The full config: namespaced keys, strings, secrets wrapped. */
  private fullConfig(): { config: PropertyBag; plain: Record<string, string>; secretKeys: string[] } {
    const config: PropertyBag = {};
    const plain: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(this.opts.config ?? {})) {
      const key = namespacedKey(this.project, k);
      config[key] = plain[key] = configString(v);
    }
    for (const [k, v] of Object.entries(this.opts.secretConfig ?? {})) {
      const key = namespacedKey(this.project, k);
      plain[key] = configString(v);
      config[key] = makeSecret(plain[key]);
      secretKeys.push(key);
    }
    return { config, plain, secretKeys };
  }

  /** The environment the CLI runs in: this process's, plus `env` (undefined entries remove a variable). */
  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    // Settings of an enclosing Pulumi run must not leak into the child (cmd/run sets its own); the two
    // user knobs of the TypeScript loader pass through, as they do through the CLI.
    const userKnobs = new Set(["PULUMI_NODEJS_TRANSPILE_ONLY", "PULUMI_NODEJS_TSCONFIG_PATH"]);
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PULUMI_NODEJS_") || userKnobs.has(k)) env[k] = v;
    return definedEnv({ ...env, ...this.opts.env });
  }

  /**
   * The dynamic-provider plugin's environment, as the engine builds it (pkg/resource/plugin/
   * provider_plugin.go NewProvider, pkg/host/host.go Provider): the CLI's environment, one
   * PULUMI_RUNTIME_<OPTION> per Pulumi.yaml runtime option, PULUMI_NODEJS_PROJECT, PULUMI_PROJECT, and
   * PULUMI_CONFIG holding only the `pulumi-nodejs:` config (the full config arrives through Configure).
   * Nothing tells the plugin the project root or the stack.
   */
  private pluginEnv(env: NodeJS.ProcessEnv, plain: Record<string, string>): NodeJS.ProcessEnv {
    const runtime: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(this.runtimeOptions)) runtime[`PULUMI_RUNTIME_${k.toUpperCase()}`] = typeof v === "string" ? v : JSON.stringify(v);
    const own: Record<string, string> = {};
    for (const [k, v] of Object.entries(plain)) if (k.startsWith("pulumi-nodejs:")) own[k.slice("pulumi-nodejs:".length)] = v;
    return { ...env, ...runtime, PULUMI_NODEJS_PROJECT: this.project, PULUMI_PROJECT: this.project, PULUMI_CONFIG: JSON.stringify(own) };
  }

  private async run(operation: Operation): Promise<Summary> {
    const reason = pulumiOnPath() ? "test harness in use" : "pulumi CLI not found";
    this.log(`[harness] ${reason}: running the stack with the test harness (not the Pulumi engine) — ${operation} ${this.project}/${this.stack}`);
    // Like the CLI's backends: up, refresh and destroy hold the stack's lock; preview writes nothing and does not.
    let lock: StackLock | undefined;
    if (operation !== "preview") {
      try {
        lock = StackLock.acquire(path.resolve(this.opts.statePath), `${this.project}/${this.stack}`, operation, (l) => this.log(l));
      } catch (e) {
        if (!(e instanceof StackLockedError)) throw e;
        const counts = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
        return { operation, steps: [], outputs: {}, counts, skipped: 0, failed: true, errors: [e.message] };
      }
    }
    try {
      return await this.runLocked(operation);
    } finally {
      lock?.release();
    }
  }

  private async runLocked(operation: Operation): Promise<Summary> {
    const { config, plain, secretKeys } = this.fullConfig();
    const env = this.env();
    const log = (l: string) => this.log(l);
    const store = this.store();
    const parallel = this.opts.parallel ?? 10;
    const deployment = new Deployment(operation, {
      project: this.project,
      stack: this.stack,
      config,
      parallel,
      continueOnError: this.opts.continueOnError,
      store,
      log,
      startPlugin: () => DynamicProviderPlugin.start({ cwd: this.location.programDir, log, env: this.pluginEnv(env, plain) }),
    });
    let monitor: ResourceMonitorServer | undefined;
    try {
      if (operation === "preview" || operation === "up") {
        monitor = await ResourceMonitorServer.start(deployment);
        deployment.providerPlugin().catch(() => undefined); // warm up in parallel with the program's start
        const timeoutMs = this.opts.programTimeoutMs ?? 15 * 60_000;
        const { exitCode, timedOut } = await runProgram({
          rootDir: this.rootDir,
          programDir: this.location.programDir,
          entry: this.location.entry,
          runtimeOptions: this.runtimeOptions,
          monitorAddress: monitor.address,
          project: this.project,
          stack: this.stack,
          organization: this.opts.organization ?? "organization",
          dryRun: operation === "preview",
          parallel,
          config: plain,
          secretKeys,
          env,
          log,
          timeoutMs,
        });
        await deployment.finishProgram(exitCode, timedOut ? timeoutMs : undefined);
      } else if (operation === "refresh") {
        await deployment.refresh();
      } else {
        await deployment.destroy();
      }
    } finally {
      await monitor?.close();
      await deployment.flush(); // what only changed the record (same steps, component outputs)
      await deployment.close();
    }
    return deployment.summary();
  }

  /** Dry run: check + diff, no create/update/delete. */
  preview(): Promise<Summary> {
    return this.run("preview");
  }

  /** Create/update/replace what the program declares, delete what it no longer declares. */
  up(): Promise<Summary> {
    return this.run("up");
  }

  /** Read every custom resource; vanished ones leave state. */
  refresh(): Promise<Summary> {
    return this.run("refresh");
  }

  /** Delete every resource of the stack (protected ones block it before anything is deleted). */
  destroy(): Promise<Summary> {
    return this.run("destroy");
  }

  /**
   * The state as stored (secrets encrypted), or undefined before the first up: the state file, plus its
   * journal where a killed run left one (see StateStore).
   */
  state(): HarnessState | undefined {
    return readStoredState(path.resolve(this.opts.statePath));
  }

  /** The stack's state file, with the passphrase of this stack (option, else PULUMI_CONFIG_PASSPHRASE). */
  private store(): StateStore {
    return new StateStore(path.resolve(this.opts.statePath), this.opts.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "");
  }

  /** The resources in state with secrets decrypted to plaintext (for assertions; never print them). */
  resources(): ResourceState[] {
    return this.store().load(this.project, this.stack).resources.map((r) => ({
      ...r,
      inputs: plainBag(r.inputs),
      outputs: plainBag(r.outputs),
      provider: unwrapSecrets(r.provider),
    }));
  }

  /** The stack outputs from state, secrets decrypted. */
  outputs(): Record<string, unknown> {
    const root = this.resources().find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
    return root?.outputs ?? {};
  }
}
