import * as fs from "fs";
import * as path from "path";
import { Deployment, Operation, Summary } from "./deployment";
import { DynamicProviderPlugin } from "./dynamicProviderPlugin";
import { HarnessState, ResourceState, StateStore } from "./harnessState";
import { namespacedKey, readProjectFile, resolveEntry } from "./projectFiles";
import { PropertyBag, makeSecret, plainBag, unwrapSecrets } from "./propertyValues";
import { ResourceMonitorServer } from "./resourceMonitor";
import { runProgram } from "./programRunner";

export { Summary, Step, StepOp, Operation } from "./deployment";
export { HarnessState, ResourceState } from "./harnessState";

/** Options of a {@link HarnessStack}. */
export interface HarnessStackOptions {
  /** Project directory: its Pulumi.yaml `main`, else its index.js / compiled index.ts. */
  programDir?: string;
  /** Explicit program entry (a .js file, a directory, or a .ts file); wins over programDir. */
  entry?: string;
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
  /** Extra environment for the program and the provider plugin. */
  env?: NodeJS.ProcessEnv;
  /** Max concurrent resource operations (the CLI's --parallel); default 10. */
  parallel?: number;
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
  private readonly entry?: string;
  private readonly cwd: string;

  constructor(private readonly opts: HarnessStackOptions) {
    if (!opts.programDir && !opts.entry) throw new Error("[harness] HarnessStack needs `programDir` or `entry`");
    const hasProjectFile = opts.programDir !== undefined && fs.existsSync(path.join(opts.programDir, "Pulumi.yaml"));
    const projectFile = hasProjectFile ? readProjectFile(opts.programDir!) : undefined;
    const project = opts.project ?? projectFile?.name;
    if (!project) throw new Error("[harness] HarnessStack needs `project` (no Pulumi.yaml with a name in programDir)");
    this.project = project;
    this.stack = opts.stack;
    const target = opts.entry ? path.resolve(opts.entry) : projectFile?.main ?? path.resolve(opts.programDir!);
    this.cwd = path.resolve(opts.programDir ?? (fs.statSync(target).isDirectory() ? target : path.dirname(target)));
    this.entry = target;
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

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    // Settings of an enclosing Pulumi run must not leak into the child (cmd/run sets its own).
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PULUMI_NODEJS_")) env[k] = v;
    return { ...env, ...this.opts.env };
  }

  private async run(operation: Operation): Promise<Summary> {
    const reason = pulumiOnPath() ? "test harness in use" : "pulumi CLI not found";
    this.log(`[harness] ${reason}: running the stack with the test harness (not the Pulumi engine) — ${operation} ${this.project}/${this.stack}`);
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
      store,
      log,
      startPlugin: () =>
        DynamicProviderPlugin.start({
          cwd: this.cwd,
          log,
          env: {
            ...env,
            PULUMI_NODEJS_PROJECT: this.project,
            PULUMI_NODEJS_STACK: this.stack,
            PULUMI_PROJECT: this.project,
            PULUMI_STACK: this.stack,
            PULUMI_CONFIG: JSON.stringify(plain),
          },
        }),
    });
    let monitor: ResourceMonitorServer | undefined;
    try {
      if (operation === "preview" || operation === "up") {
        monitor = await ResourceMonitorServer.start(deployment);
        deployment.providerPlugin().catch(() => undefined); // warm up in parallel with the program's start
        const timeoutMs = this.opts.programTimeoutMs ?? 15 * 60_000;
        const { exitCode, timedOut } = await runProgram({
          entry: resolveEntry(this.entry!, log),
          cwd: this.cwd,
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

  /** The state file as stored (secrets encrypted), or undefined before the first up. */
  state(): HarnessState | undefined {
    const p = path.resolve(this.opts.statePath);
    return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, "utf8")) as HarnessState) : undefined;
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
